// The nested translation cache (SPEC §13, R4, R16): the IOMMU's nested IOTLB and each `ats`
// device's nested ATC, tagged (VM, PASID, page). A combined entry (PASID ≥ 1) maps a guest virtual
// page straight to the host frame with stage 1 ∩ stage 2 permission, so a hit costs what a host hit
// costs: one hash, four compares, no allocation. A stage-2 entry (PASID 0) caches GPA page → host
// frame for the miss walk. Direct-mapped over typed arrays like impl/iommu/translation-cache.ts.

/** One valid nested entry, as the inspection hook reports it. @public */
export interface NestedCacheEntry {
  readonly vm: number;
  /** The guest PASID; 0 for a stage-2 entry. */
  readonly pasid: number;
  /** Guest virtual page (combined entry) or GPA page (stage-2 entry). */
  readonly page: number;
  /** The GPA page the entry went through. */
  readonly gpaPage: number;
  readonly frame: number;
  /** Permission bits (r = 1, w = 2, x = 4). */
  readonly perm: number;
}

/** A fixed-size, direct-mapped cache of nested translations. @public */
export class NestedTranslationCache {
  /** Number of entries (a power of two). */
  readonly size: number;
  /** Tag: the VM of each entry, 0 = invalid (VM ids start at 1). */
  protected readonly tagVm: Int32Array;
  /** Tag: the guest PASID (0 = a stage-2 entry). */
  protected readonly tagPasid: Int32Array;
  /** Tag: the page. */
  protected readonly tagPage: Float64Array;
  /** The GPA page each entry went through. */
  protected readonly gpaPage: Int32Array;
  /** The cached host frame of each entry. */
  readonly frame: Int32Array;
  /** The cached permission bits of each entry. */
  readonly perm: Uint8Array;
  private readonly mask: number;

  constructor(size: number) {
    if (size < 1 || (size & (size - 1)) !== 0) throw new Error(`cache size must be a power of two, got ${size}`);
    this.size = size;
    this.mask = size - 1;
    this.tagVm = new Int32Array(size);
    this.tagPasid = new Int32Array(size);
    this.tagPage = new Float64Array(size);
    this.gpaPage = new Int32Array(size);
    this.frame = new Int32Array(size);
    this.perm = new Uint8Array(size);
  }

  /** The entry index holding (vm, pasid, page) with every bit of `need`, or -1 (a miss). */
  lookup(vm: number, pasid: number, page: number, need: number): number {
    const i = this.indexOf(vm, pasid, page);
    return this.tagVm[i] === vm &&
      this.tagPasid[i] === pasid &&
      this.tagPage[i] === page &&
      (this.perm[i] & need) === need
      ? i
      : -1;
  }

  /** Caches (vm, pasid, page) → (frame, perm) through `gpaPage`, evicting whatever held its index. */
  insert(vm: number, pasid: number, page: number, gpaPage: number, frame: number, perm: number): void {
    const i = this.indexOf(vm, pasid, page);
    this.tagVm[i] = vm;
    this.tagPasid[i] = pasid;
    this.tagPage[i] = page;
    this.gpaPage[i] = gpaPage;
    this.frame[i] = frame;
    this.perm[i] = perm;
  }

  /** A guest invalidation: the combined entries of (vm, pasid) for pages `[first, first + pages)`. */
  invalidateRange(vm: number, pasid: number, first: number, pages: number): void {
    const end = first + pages;
    if (pages >= this.size) {
      for (let i = 0; i < this.size; i++) {
        if (this.tagVm[i] === vm && this.tagPasid[i] === pasid && this.tagPage[i] >= first && this.tagPage[i] < end)
          this.tagVm[i] = 0;
      }
      return;
    }
    for (let page = first; page < end; page++) {
      const i = this.indexOf(vm, pasid, page);
      if (this.tagVm[i] === vm && this.tagPasid[i] === pasid && this.tagPage[i] === page) this.tagVm[i] = 0;
    }
  }

  /** Every combined entry of (vm, pasid) (a guest slot cleared or aborted). */
  invalidatePasid(vm: number, pasid: number): void {
    for (let i = 0; i < this.size; i++) if (this.tagVm[i] === vm && this.tagPasid[i] === pasid) this.tagVm[i] = 0;
  }

  /** The stage-2 entries (PASID 0) of `vm` for GPA pages `[first, first + pages)`. */
  invalidateStage2(vm: number, first: number, pages: number): void {
    const end = first + pages;
    for (let i = 0; i < this.size; i++) {
      if (this.tagVm[i] === vm && this.tagPasid[i] === 0 && this.tagPage[i] >= first && this.tagPage[i] < end)
        this.tagVm[i] = 0;
    }
  }

  /** The combined entries (PASID ≥ 1) of `vm` whose walk went through GPA pages `[first, first + pages)`. */
  invalidateCombinedThrough(vm: number, first: number, pages: number): void {
    const end = first + pages;
    for (let i = 0; i < this.size; i++) {
      if (this.tagVm[i] === vm && this.tagPasid[i] !== 0 && this.gpaPage[i] >= first && this.gpaPage[i] < end)
        this.tagVm[i] = 0;
    }
  }

  /** Every entry of `vm`. */
  invalidateVm(vm: number): void {
    for (let i = 0; i < this.size; i++) if (this.tagVm[i] === vm) this.tagVm[i] = 0;
  }

  /** Every valid entry, by index. */
  entries(): NestedCacheEntry[] {
    const out: NestedCacheEntry[] = [];
    for (let i = 0; i < this.size; i++) {
      if (this.tagVm[i] !== 0)
        out.push({
          vm: this.tagVm[i],
          pasid: this.tagPasid[i],
          page: this.tagPage[i],
          gpaPage: this.gpaPage[i],
          frame: this.frame[i],
          perm: this.perm[i],
        });
    }
    return out;
  }

  /** The index (vm, pasid, page) maps to. */
  protected indexOf(vm: number, pasid: number, page: number): number {
    return ((page | 0) ^ Math.imul(pasid, 0x9e3779b1) ^ Math.imul(vm, 0x85ebca6b)) & this.mask;
  }
}
