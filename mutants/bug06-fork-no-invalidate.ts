// Bug 6 (SPEC §9): fork write-protects the parent's pages for copy-on-write but does not invalidate
// the parent's PASID translations, so the device keeps writing into the frame now shared with the
// child (the child sees the device's write, SPEC §8.2).
// Linux analogue: copy_present_pte()'s COW write-protect relying on the CPU TLB flush alone
// (flush_tlb_mm) — the secondary-TLB flush for the IOMMU missing, as with the GUP-vs-fork COW bugs.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { InvalidationReason } from '../impl/memory/mmu-notifier.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose fork does not invalidate the parent's translations. */
export class ForkNoInvalidate extends WarpDriveSystem {
  protected override invalidateTranslations(
    mm: Mm,
    firstPage: number,
    pages: number,
    reason: InvalidationReason,
  ): void {
    // The bug: the COW downgrade at fork only flushes the CPU's TLB.
    if (reason === 'fork') return;
    super.invalidateTranslations(mm, firstPage, pages, reason);
  }
}

/** Bug 6 of the zoo. */
export const bug06: ZooBug = {
  id: 6,
  name: 'fork-no-invalidate',
  description: "fork's COW write-protect leaves the parent's writable IOTLB/ATC entries",
  analogue:
    'fork COW write-protect flushing only the CPU TLB, not the secondary (IOMMU) TLB — the GUP/DMA-vs-fork COW class',
  create: (config) => new ForkNoInvalidate(config),
};
