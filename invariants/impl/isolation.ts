// I2 isolation (SPEC §7): every DMA byte a device moved for PASID p hit a frame that the mm owning p
// mapped at that address, with that permission, at that moment (the audit records what the page
// table said when the bytes moved).

import type { ImplInspection } from '../../impl/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';
import { isGuestRecord } from './nested-isolation.ts';

/** The first recorded DMA access that touched memory its PASID's mm did not map that way, if any. @public */
export function checkIsolation(inspection: ImplInspection): InvariantViolation | undefined {
  for (const r of inspection.dmaAudit) {
    // R20: I2 holds for 'sva' and 'pasid-static' DMA; 'noiommu' DMA is check K's (noiommu-isolation.ts)
    if (r.mode === 'noiommu') continue;
    // a guest queue's record speaks of guest mms and two stages: N1/N2 check it (nested-isolation.ts)
    if (isGuestRecord(r)) continue;
    const what = `${r.device} queue ${r.queue} ${r.access === 'r' ? 'read' : 'wrote'} ${r.length} bytes at 0x${r.addr.toString(16)} for PASID ${r.pasid} in frame ${r.frame}`;
    if (r.owner < 0) return violation('I2', `${what}, but no mm owns PASID ${r.pasid}`);
    if (r.mappedFrame < 0) return violation('I2', `${what}, but mm ${r.owner} has no present page there`);
    if (r.mappedFrame !== r.frame)
      return violation('I2', `${what}, but mm ${r.owner} maps that page to frame ${r.mappedFrame}`);
    if (!r.mappedPerm.includes(r.access))
      return violation('I2', `${what}, but mm ${r.owner}'s permission there is only '${r.mappedPerm}'`);
  }
  return undefined;
}
