// Bug 2 (SPEC §9): munmap invalidates the IOTLB but not the devices' ATCs, so an ATS device keeps
// using a translation of a freed page from its own cache.
// Linux analogue: missing ATS invalidation (arm_smmu_atc_inv_domain / qi_flush_dev_iotlb_pasid not
// sent) in the SVA invalidation path — the ATC half of the mmu-notifier flush forgotten.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { InvalidationReason } from '../impl/memory/mmu-notifier.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose munmap invalidation skips the ATCs. */
export class MunmapKeepsAtc extends WarpDriveSystem {
  protected override invalidateTranslations(
    mm: Mm,
    firstPage: number,
    pages: number,
    reason: InvalidationReason,
  ): void {
    if (reason !== 'munmap') return super.invalidateTranslations(mm, firstPage, pages, reason);
    // The bug: only the IOMMU-side cache is flushed.
    if (mm.pasid !== 0) this.iommu.iotlb.invalidateRange(mm.pasid, firstPage, pages);
  }
}

/** Bug 2 of the zoo. */
export const bug02: ZooBug = {
  id: 2,
  name: 'munmap-keeps-atc',
  description: 'munmap flushes the IOTLB but not the ATC of an ATS device',
  analogue:
    'missing device-TLB (ATS) invalidation in the SVA flush: qi_flush_dev_iotlb_pasid / arm_smmu_atc_inv_domain not issued',
  create: (config) => new MunmapKeepsAtc(config),
};
