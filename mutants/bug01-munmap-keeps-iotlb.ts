// Bug 1 (SPEC §9): munmap invalidates the device ATCs but leaves the IOTLB entry, so the device can
// keep translating a freed page through the IOMMU's cache.
// Linux analogue: an SVA mmu-notifier that sent only the ATC invalidation for an unmapped range and
// skipped the IOMMU's own PASID-based IOTLB flush (the class of bugs fixed in intel-svm's and
// arm-smmu-v3-sva's invalidate_range callbacks).

import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { InvalidationReason } from '../impl/memory/mmu-notifier.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose munmap invalidation skips the IOTLB. */
export class MunmapKeepsIotlb extends WarpDriveSystem {
  protected override invalidateTranslations(
    mm: Mm,
    firstPage: number,
    pages: number,
    reason: InvalidationReason,
  ): void {
    if (reason !== 'munmap') return super.invalidateTranslations(mm, firstPage, pages, reason);
    if (mm.pasid === 0) return;
    // The bug: only the device-side caches are flushed.
    for (const atc of this.iommu.atcs) atc?.invalidateRange(mm.pasid, firstPage, pages);
  }
}

/** Bug 1 of the zoo. */
export const bug01: ZooBug = {
  id: 1,
  name: 'munmap-keeps-iotlb',
  description: 'munmap flushes the ATCs but leaves the IOTLB entry of the unmapped page',
  analogue:
    'SVA mmu-notifier sending only ATC invalidation, skipping the PASID-based IOTLB flush (intel-svm / arm-smmu-v3-sva invalidate_range fixes)',
  create: (config) => new MunmapKeepsIotlb(config),
};
