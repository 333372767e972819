// Bug 7 (SPEC §9): migration copies the page to a new frame and repoints the PTE without
// invalidating, so the device keeps reading and writing the old (freed, then reused) frame.
// Linux analogue: migrate_pages()/try_to_migrate_one() clearing the PTE without
// mmu_notifier_invalidate_range for the IOMMU (the invalidate_range callback existed for this).

import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { InvalidationReason } from '../impl/memory/mmu-notifier.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose migration does not invalidate. */
export class MigrateNoInvalidate extends WarpDriveSystem {
  protected override invalidateTranslations(
    mm: Mm,
    firstPage: number,
    pages: number,
    reason: InvalidationReason,
  ): void {
    // The bug: the PTE moves to the new frame, the IOMMU still points at the old one.
    if (reason === 'migrate') return;
    super.invalidateTranslations(mm, firstPage, pages, reason);
  }
}

/** Bug 7 of the zoo. */
export const bug07: ZooBug = {
  id: 7,
  name: 'migrate-no-invalidate',
  description: 'migration repoints the PTE to the new frame without invalidating the IOTLB/ATC',
  analogue: 'page migration unmapping a PTE without mmu_notifier_invalidate_range for the IOMMU secondary TLB',
  create: (config) => new MigrateNoInvalidate(config),
};
