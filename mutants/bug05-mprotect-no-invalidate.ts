// Bug 5 (SPEC §9): mprotect narrows the PTEs (e.g. rw → r) without invalidating the cached
// translations, so the device keeps writing through a stale writable IOTLB/ATC entry.
// Linux analogue: change_protection() paths that skipped the secondary-TLB (mmu_notifier) flush for
// IOMMU users — the reason mmu_notifier_invalidate_range_start/end bracket change_protection.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { InvalidationReason } from '../impl/memory/mmu-notifier.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose mprotect never invalidates. */
export class MprotectNoInvalidate extends WarpDriveSystem {
  protected override invalidateTranslations(
    mm: Mm,
    firstPage: number,
    pages: number,
    reason: InvalidationReason,
  ): void {
    // The bug: a permission downgrade is not propagated to the IOMMU.
    if (reason === 'mprotect') return;
    super.invalidateTranslations(mm, firstPage, pages, reason);
  }
}

/** Bug 5 of the zoo. */
export const bug05: ZooBug = {
  id: 5,
  name: 'mprotect-no-invalidate',
  description: 'mprotect downgrades permissions without invalidating IOTLB/ATC entries',
  analogue: 'change_protection without the secondary-TLB (mmu_notifier) flush for IOMMU SVA users',
  create: (config) => new MprotectNoInvalidate(config),
};
