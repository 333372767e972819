// S1-S7 (SPEC §7) over SystemSnapshot: each check alone, and `checkSpecInvariants` running all.
// They use only the snapshot and the resolved config, so they run on the model and on the impl.

import type { ResolvedConfig, Stage2EntrySnapshot, SystemSnapshot } from '../../interface/index.ts';
import type { InvariantViolation } from '../violation.ts';
import { checkBonds } from './bonds.ts';
import type { SpecInvariantCheck } from './check.ts';
import { checkFaultQueues } from './fault-queues.ts';
import { checkFramePool, checkFrames } from './frames.ts';
import { checkHardwareQueues } from './hardware-queues.ts';
import { checkPageRequests } from './page-requests.ts';
import { checkPasidLifetime } from './pasid-lifetime.ts';
import { checkPasidUniqueness } from './pasid-uniqueness.ts';
import { checkRings } from './rings.ts';
import { guestConfig, guestView, hostView } from './vm-views.ts';
import { checkVms } from './vms.ts';

export type { SpecInvariantCheck } from './check.ts';
export { checkFaultQueues, checkFaultRecords } from './fault-queues.ts';
export { checkVms } from './vms.ts';
export { checkNewGuestGroups } from './stage-routing.ts';
export { guestConfig, guestView, hostView } from './vm-views.ts';
export {
  checkBonds,
  checkFrames,
  checkHardwareQueues,
  checkPageRequests,
  checkPasidLifetime,
  checkPasidUniqueness,
  checkRings,
};

/** S1-S7 in order. @public */
export const SPEC_INVARIANTS: readonly {
  readonly name: 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7';
  readonly check: SpecInvariantCheck;
}[] = [
  { name: 'S1', check: checkPasidUniqueness },
  { name: 'S2', check: checkPasidLifetime },
  { name: 'S3', check: checkBonds },
  { name: 'S4', check: checkHardwareQueues },
  { name: 'S5', check: checkRings },
  { name: 'S6', check: checkFrames },
  { name: 'S7', check: checkPageRequests },
];

/**
 * Runs S1-S7, and U1-U4 when fault queues or routes exist, on a snapshot; returns every violation
 * found (at most one per invariant and view), empty when all hold. With VMs (SPEC §13, R4) they run
 * on the host's own view and inside every guest (a guest's violations name their VM), and the VM
 * invariants (pins, assignment, N3) run on the whole.
 * @public
 */
export function checkSpecInvariants(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation[] {
  const vms = snapshot.vms ?? [];
  if (vms.length === 0) return checkOneKernel(snapshot, config);
  const found = [...checkOneKernel(hostView(snapshot), config), ...checkVms(snapshot, config)];
  for (const vm of vms) {
    const view = guestView(snapshot, vm);
    const inGuest = checkOneKernel(view, guestConfig(config, vm), vm.stage2, vm.faultQueue);
    for (const v of inGuest) found.push({ invariant: v.invariant, detail: `in VM ${vm.id}: ${v.detail}` });
  }
  return found;
}

/** Whether stage 2 maps GPA page `g` readable and writable (R2: only such a page may be free). */
function mapsRw(stage2: readonly Stage2EntrySnapshot[], g: number): boolean {
  return stage2.some((e) => e.gpa === g && e.prot.includes('r') && e.prot.includes('w'));
}

/** S1-S7 and U1-U4 over one kernel's state; `stage2` given for a guest (its pool is the GPA pages). */
function checkOneKernel(
  snapshot: SystemSnapshot,
  config: ResolvedConfig,
  stage2?: readonly Stage2EntrySnapshot[],
  vmQueue?: number,
): InvariantViolation[] {
  const found: InvariantViolation[] = [];
  for (const { name, check } of SPEC_INVARIANTS) {
    const v =
      name === 'S6' && stage2 !== undefined
        ? checkFramePool(snapshot, config.frames, config.pageSize, (g) => !mapsRw(stage2, g))
        : check(snapshot, config);
    if (v !== undefined) found.push(v);
  }
  if (
    vmQueue !== undefined ||
    snapshot.faultQueues.length > 0 ||
    snapshot.devices.some((d) => d.slots.some((s) => s.route !== undefined))
  ) {
    found.push(...checkFaultQueues(snapshot, config, vmQueue)); // U1-U4 (SPEC §12): nothing to check without fault queues
  }
  return found;
}
