// A translation cache tagged by (PASID, virtual page): the IOMMU's IOTLB and a device's ATC. Direct-
// mapped over typed arrays, so a hit is a hash, three compares and no allocation. An entry whose
// permission is narrower than an access needs is a miss (the caller re-walks), never a fault.

import type { Pasid } from '../../interface/index.ts';

/** One valid cache entry, as the inspection hook reports it. @public */
export interface CacheEntry {
  readonly pasid: Pasid;
  /** Virtual page number. */
  readonly page: number;
  readonly frame: number;
  /** Permission bits (r = 1, w = 2, x = 4). */
  readonly perm: number;
}

/** A fixed-size, direct-mapped translation cache. @public */
export class TranslationCache {
  /** Number of entries (a power of two). */
  readonly size: number;
  /** Tag: the PASID of each entry, 0 = invalid (PASID 0 is never given out). */
  protected readonly tagPasid: Int32Array;
  /** Tag: the virtual page of each entry. */
  protected readonly tagPage: Float64Array;
  /** The cached frame of each entry. */
  readonly frame: Int32Array;
  /** The cached permission bits of each entry. */
  readonly perm: Uint8Array;
  private readonly mask: number;

  constructor(size: number) {
    if (size < 1 || (size & (size - 1)) !== 0) throw new Error(`cache size must be a power of two, got ${size}`);
    this.size = size;
    this.mask = size - 1;
    this.tagPasid = new Int32Array(size);
    this.tagPage = new Float64Array(size);
    this.frame = new Int32Array(size);
    this.perm = new Uint8Array(size);
  }

  /** The entry index holding (pasid, page) with every bit of `need`, or -1 (a miss). */
  lookup(pasid: Pasid, page: number, need: number): number {
    const i = this.indexOf(pasid, page);
    return this.tagPasid[i] === pasid && this.tagPage[i] === page && (this.perm[i] & need) === need ? i : -1;
  }

  /** Caches (pasid, page) → (frame, perm), evicting whatever held its index. */
  insert(pasid: Pasid, page: number, frame: number, perm: number): void {
    const i = this.indexOf(pasid, page);
    this.tagPasid[i] = pasid;
    this.tagPage[i] = page;
    this.frame[i] = frame;
    this.perm[i] = perm;
  }

  /**
   * Drops exactly the entries of `pasid` for pages `[first, first + pages)`; every other entry stays,
   * even one sharing an index with a page of the range. Costs `min(pages, size)` probes: a range of
   * at least `size` pages is done by one scan of the cache, never page by page (a huge munmap).
   */
  invalidateRange(pasid: Pasid, first: number, pages: number): void {
    if (pages >= this.size) {
      const end = first + pages;
      // Stryker disable next-line EqualityOperator: index `size` reads undefined from a typed array, which matches no PASID
      for (let i = 0; i < this.size; i++) {
        if (this.tagPasid[i] === pasid && this.tagPage[i] >= first && this.tagPage[i] < end) this.tagPasid[i] = 0;
      }
      return;
    }
    for (let page = first; page < first + pages; page++) {
      const i = this.indexOf(pasid, page);
      if (this.tagPasid[i] === pasid && this.tagPage[i] === page) this.tagPasid[i] = 0;
    }
  }

  /** Drops every entry of `pasid`. */
  invalidatePasid(pasid: Pasid): void {
    // Stryker disable next-line EqualityOperator: index `size` reads undefined from a typed array, which matches no PASID
    for (let i = 0; i < this.size; i++) {
      if (this.tagPasid[i] === pasid) this.tagPasid[i] = 0;
    }
  }

  /** Drops every entry. */
  invalidateAll(): void {
    this.tagPasid.fill(0);
  }

  /** Every valid entry, by index. */
  entries(): CacheEntry[] {
    const out: CacheEntry[] = [];
    for (let i = 0; i < this.size; i++) {
      if (this.tagPasid[i] !== 0)
        out.push({ pasid: this.tagPasid[i], page: this.tagPage[i], frame: this.frame[i], perm: this.perm[i] });
    }
    return out;
  }

  /** The index (pasid, page) maps to. */
  protected indexOf(pasid: Pasid, page: number): number {
    return ((page | 0) ^ Math.imul(pasid, 0x9e3779b1)) & this.mask;
  }
}
