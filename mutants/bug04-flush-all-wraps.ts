// Bug 4 (SPEC §9): a range too large to flush page by page is turned into a flush of the whole
// address space, and the whole space's size, stored in a field of (vaBits − pageShift) bits, wraps
// to 0 — so the "flush everything" flushes nothing.
// Linux analogue: arm-smmu-v3-sva turning large ranges into a full invalidation encoded as size 0
// ("all") that another callee read as an empty range, and the end − start + 1 overflow of a
// [0, ULONG_MAX] mmu-notifier flush.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { InvalidationReason } from '../impl/memory/mmu-notifier.ts';
import type { ZooBug } from './zoo-bug.ts';

/** Ranges of at least this many pages become a flush of the whole space (the CMDQ_MAX_TLBI_OPS cut-off, scaled down). */
export const FLUSH_ALL_THRESHOLD = 4;

/** The impl whose flush-all range has a wrapped size. */
export class FlushAllWraps extends WarpDriveSystem {
  protected override invalidateTranslations(
    mm: Mm,
    firstPage: number,
    pages: number,
    reason: InvalidationReason,
  ): void {
    if (pages < FLUSH_ALL_THRESHOLD) return super.invalidateTranslations(mm, firstPage, pages, reason);
    if (mm.pasid === 0) return;
    const wholeSpace = this.memory.geometry.pages; // 2^(vaBits - pageShift)
    // The bug: the size field holds vaBits − pageShift bits, so the whole space wraps to 0 pages.
    const encodedSize = wholeSpace & (wholeSpace - 1);
    this.iommu.invalidateRange(mm.pasid, 0, encodedSize);
  }
}

/** Bug 4 of the zoo. */
export const bug04: ZooBug = {
  id: 4,
  name: 'flush-all-wraps',
  description: `a range of ${FLUSH_ALL_THRESHOLD}+ pages becomes a flush-all whose size wraps to 0: nothing is invalidated`,
  analogue:
    'arm-smmu-v3-sva large-range → full invalidation encoded as size 0 misread as empty; end − start + 1 overflow of a [0, ULONG_MAX] flush',
  create: (config) => new FlushAllWraps(config),
};
