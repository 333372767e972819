// The translation cache's finer contract (impl/iommu/translation-cache.ts), beyond
// translation-cache.test.ts: page-by-page invalidation drops an index only when both tags match (an
// entry that merely shares the index with a page of the range stays); a range of at least `size`
// pages is one scan, so its cost is bounded by the cache, not by the range; any power of two,
// including 1, is a valid size, and a bad size is refused with a message naming it.

import { describe, expect, it } from 'vitest';
import { TranslationCache } from 'warpdrive-sva';

const R = 1;
const RW = 3;

/** A cache that counts its index computations: one per page probed. */
class ProbeCountingCache extends TranslationCache {
  probes = 0;

  protected override indexOf(pasid: number, page: number): number {
    this.probes++;
    return super.indexOf(pasid, page);
  }
}

/** A PASID other than `pasid` whose entry for `page` takes the same index in a cache of `size` (found by eviction). */
function collidingPasid(size: number, pasid: number, page: number): number {
  for (let other = pasid + 1; other < pasid + 10_000; other++) {
    const cache = new TranslationCache(size);
    cache.insert(pasid, page, 1, R);
    cache.insert(other, page, 2, R);
    if (cache.lookup(pasid, page, R) === -1) return other;
  }
  throw new Error('no colliding PASID found');
}

describe('TranslationCache invalidation precision', () => {
  it('a page-by-page range keeps an entry of the same PASID whose page only shares an index with the range', () => {
    const cache = new TranslationCache(16);
    // page 21 = 5 + 16 takes the index of page 5 for the same PASID (direct-mapped, power-of-two size)
    cache.insert(1, 21, 7, RW);
    cache.invalidateRange(1, 5, 1);
    expect(cache.frame[cache.lookup(1, 21, R)]).toBe(7);
    cache.invalidateRange(1, 3, 4); // pages 3..6, still not 21
    expect(cache.entries()).toEqual([{ pasid: 1, page: 21, frame: 7, perm: RW }]);
  });

  it('a page-by-page range keeps an entry of another PASID for a page of the range at the same index', () => {
    const other = collidingPasid(16, 1, 5);
    const cache = new TranslationCache(16);
    cache.insert(other, 5, 9, R);
    cache.invalidateRange(1, 5, 1);
    expect(cache.entries()).toEqual([{ pasid: other, page: 5, frame: 9, perm: R }]);
    cache.invalidateRange(other, 5, 1);
    expect(cache.entries()).toEqual([]);
  });

  it('a range shorter than the cache is probed page by page, one probe per page', () => {
    const cache = new ProbeCountingCache(16);
    cache.invalidateRange(1, 0, 15);
    expect(cache.probes).toBe(15);
  });

  it('a range of at least `size` pages is one scan of the cache with no per-page probe, however large', () => {
    const cache = new ProbeCountingCache(16);
    cache.insert(1, 3, 3, R);
    cache.insert(1, 40, 4, R);
    cache.probes = 0;
    cache.invalidateRange(1, 0, 16);
    expect(cache.probes).toBe(0);
    expect(cache.entries().map((e) => e.page)).toEqual([40]);
    // a munmap of most of a 48-bit address space: 2^36 pages, still one scan
    cache.invalidateRange(1, 1, 2 ** 36);
    expect(cache.probes).toBe(0);
    expect(cache.entries()).toEqual([]);
  });

  it('a cache of one entry (2^0) is valid and caches one translation', () => {
    const cache = new TranslationCache(1);
    cache.insert(2, 8, 5, R);
    expect(cache.frame[cache.lookup(2, 8, R)]).toBe(5);
    cache.insert(2, 9, 6, R);
    expect(cache.lookup(2, 8, R)).toBe(-1);
    expect(cache.entries()).toEqual([{ pasid: 2, page: 9, frame: 6, perm: R }]);
  });

  it('a size that is not a power of two is refused with a message naming the size', () => {
    expect(() => new TranslationCache(12)).toThrow('cache size must be a power of two, got 12');
  });
});
