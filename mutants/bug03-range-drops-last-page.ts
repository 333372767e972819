// Bug 3 (SPEC §9): range invalidation computes the last page inclusively, then loops to it
// exclusively, so the last page of every range keeps its cached translation (a one-page range
// invalidates nothing).
// Linux analogue: the inclusive/exclusive `end` mix-up of mmu-notifier ranges (invalidate_range's
// end is exclusive) — the off-by-one class fixed repeatedly in IOMMU range-invalidation code.

import { TranslationCache, createSystem } from '../impl/index.ts';
import type { Pasid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** A translation cache whose range invalidation misses the last page. */
export class LastPageKeepingCache extends TranslationCache {
  override invalidateRange(pasid: Pasid, first: number, pages: number): void {
    const last = first + pages - 1; // inclusive
    // The bug: the inclusive end is used as an exclusive bound.
    for (let page = first; page < last; page++) {
      const i = this.indexOf(pasid, page);
      if (this.tagPasid[i] === pasid && this.tagPage[i] === page) this.tagPasid[i] = 0;
    }
  }
}

/** Bug 3 of the zoo. */
export const bug03: ZooBug = {
  id: 3,
  name: 'range-drops-last-page',
  description: 'range invalidation (IOTLB and ATC) skips the last page of the range',
  analogue: 'inclusive/exclusive end mix-up in an IOMMU range invalidation (mmu-notifier end is exclusive)',
  create: (config) =>
    createSystem(config, { components: { translationCache: (_kind, size) => new LastPageKeepingCache(size) } }),
};
