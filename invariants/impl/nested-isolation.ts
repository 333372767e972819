// N1 containment and N2 nested isolation (SPEC §13, R16) over the impl's DMA audit: a guest queue's
// record carries its VM, the GPA stage 1 gave and whether the host frame is one the VM's stage 2
// maps at that moment. N1: every byte a device assigned to VM v moved hit a frame v's stage 2 maps.
// N2: it hit stage2(stage1_mm(p)(gva)), both stages granting the access (I2 lifted to two stages).
// Host records are I2's (isolation.ts).

import type { DmaAccessRecord, ImplInspection } from '../../impl/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** An audit record with the VM fields of SPEC §13 (absent on a host queue's record). @internal */
export type NestedRecord = DmaAccessRecord & {
  readonly vm?: number;
  readonly gpa?: number;
  readonly inStage2?: boolean;
};

/** Whether a record is a guest queue's (its VM named). @internal */
export function isGuestRecord(r: DmaAccessRecord): boolean {
  return (r as NestedRecord).vm !== undefined;
}

function describe(r: NestedRecord): string {
  const moved = r.access === 'r' ? 'read' : 'wrote';
  const at = `${r.length} bytes at guest VA 0x${r.addr.toString(16)}`;
  return `VM ${String(r.vm)}: ${r.device} queue ${r.queue} ${moved} ${at} for guest PASID ${r.pasid} in frame ${r.frame}`;
}

/** N1: the first guest DMA that touched a host frame outside its VM's stage 2, if any. @public */
export function checkContainment(inspection: ImplInspection): InvariantViolation | undefined {
  for (const r of inspection.dmaAudit as readonly NestedRecord[]) {
    if (r.vm === undefined) continue;
    if (r.inStage2 !== true) return violation('N1', `${describe(r)}, a frame VM ${r.vm}'s stage 2 does not map`);
  }
  return undefined;
}

/** N2: the first guest DMA that missed stage2(stage1(gva)) or a permission of either stage, if any. @public */
export function checkNestedIsolation(inspection: ImplInspection): InvariantViolation | undefined {
  for (const r of inspection.dmaAudit as readonly NestedRecord[]) {
    if (r.vm === undefined) continue;
    const what = describe(r);
    if (r.owner < 0) return violation('N2', `${what}, but no guest mm owns PASID ${r.pasid}`);
    if (r.gpa === undefined || r.gpa < 0)
      return violation('N2', `${what}, but guest mm ${r.owner} has no present page there (stage 1)`);
    if (r.mappedFrame < 0) return violation('N2', `${what}, but stage 2 maps no frame at GPA 0x${r.gpa.toString(16)}`);
    if (r.mappedFrame !== r.frame)
      return violation('N2', `${what}, but stage 2 of stage 1 gives frame ${r.mappedFrame}`);
    if (!r.mappedPerm.includes(r.access))
      return violation('N2', `${what}, but stage 1 ∩ stage 2 grants only '${r.mappedPerm}'`);
  }
  return undefined;
}
