// The translation cache's own contract (impl/iommu/translation-cache.ts): a hit needs the PASID,
// the page and every permission bit; each invalidation drops exactly what it names — the range's
// first and last page, by page or by scan for ranges as large as the cache — and keeps everything
// else, so that invalidation never costs more translations than it must.

import { describe, expect, it } from 'vitest';
import { TranslationCache } from 'warpdrive-sva';

const R = 1;
const W = 2;

/** A cache of `size` entries holding pages `[first, first + count)` of `pasid` (frame = page). */
function filled(size: number, pasid: number, first: number, count: number): TranslationCache {
  const cache = new TranslationCache(size);
  for (let p = first; p < first + count; p++) cache.insert(pasid, p, p, R | W);
  return cache;
}

/** The pages of `pasid` still cached, ascending. */
function cachedPages(cache: TranslationCache, pasid: number): number[] {
  return cache
    .entries()
    .filter((e) => e.pasid === pasid)
    .map((e) => e.page)
    .sort((a, b) => a - b);
}

describe('TranslationCache', () => {
  it('hits only on the same PASID and page with every needed permission bit', () => {
    const cache = new TranslationCache(16);
    cache.insert(1, 5, 42, R);
    expect(cache.frame[cache.lookup(1, 5, R)]).toBe(42);
    expect(cache.lookup(1, 5, R | W)).toBe(-1);
    expect(cache.lookup(2, 5, R)).toBe(-1);
    expect(cache.lookup(1, 6, R)).toBe(-1);
  });

  it('rejects a size that is not a power of two', () => {
    expect(() => new TranslationCache(12)).toThrow(Error);
    expect(() => new TranslationCache(0)).toThrow(Error);
  });

  // pages 10 with 8 entries: 100, 101, 110, 111 fall in distinct slots, and 10 ≥ 8 takes the scan
  for (const [label, size, pages] of [
    ['page by page', 64, 6],
    ['by scan (range larger than the cache)', 8, 10],
  ] as const) {
    it(`invalidateRange drops exactly the range, ${label}`, () => {
      const cache = new TranslationCache(size);
      const [before, first, last, after] = [100, 101, 100 + pages, 101 + pages];
      for (const p of [before, first, last, after]) cache.insert(1, p, p, R | W);
      cache.insert(2, 104, 7, R); // another PASID at a page inside the range (a slot of its own in both sizes)
      expect(cachedPages(cache, 1)).toEqual([before, first, last, after]);
      cache.invalidateRange(1, first, pages);
      expect(cachedPages(cache, 1)).toEqual([before, after]);
      expect(cachedPages(cache, 2)).toEqual([104]);
    });
  }

  it('invalidatePasid drops every entry of that PASID and nothing else', () => {
    const cache = filled(32, 1, 0, 8);
    for (let p = 8; p < 16; p++) cache.insert(2, p, p, R);
    cache.invalidatePasid(1);
    expect(cachedPages(cache, 1)).toEqual([]);
    expect(cachedPages(cache, 2)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('invalidateAll drops every entry', () => {
    const cache = filled(32, 1, 0, 8);
    cache.insert(3, 20, 1, R);
    cache.invalidateAll();
    expect(cache.entries()).toEqual([]);
    expect(cache.lookup(3, 20, R)).toBe(-1);
  });
});
