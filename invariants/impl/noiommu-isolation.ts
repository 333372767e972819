// Check K (SPEC §14, R20): "a 'noiommu' DMA touched a frame its opener does not map" — precisely,
// a frame another mm maps and the opener does not (§S-15: a free frame is nobody's page, and taking
// it zeroes it, R2). It is expected to FAIL: without an IOMMU nothing stops a descriptor carrying
// another process's physical address. Off in the default campaign; `--preset noiommu` turns it on.

import type { ImplInspection } from '../../impl/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** The first recorded 'noiommu' access that reached another mm's page, if any. @public */
export function checkNoiommuIsolation(inspection: ImplInspection): InvariantViolation | undefined {
  for (const r of inspection.dmaAudit) {
    if (r.mode !== 'noiommu' || r.mappedFrame === r.frame || r.otherMapper === undefined || r.otherMapper < 0) continue;
    const verb = r.access === 'r' ? 'read' : 'overwrote';
    return violation(
      'K',
      `${r.device} queue ${r.queue} (opened by mm ${r.owner}) ${verb} ${r.length} bytes at physical 0x${r.addr.toString(16)}: frame ${r.frame} is mm ${r.otherMapper}'s page, not its opener's`,
    );
  }
  return undefined;
}
