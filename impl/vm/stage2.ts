// A VM's stage 2 (SPEC §13): GPA page → host frame with the stage-2 protection, two typed arrays
// indexed by GPA page (a VM has at most `frames` GPA pages, so a flat table is the radix table's
// single level). The walk on a nested miss reads it after stage 1.

/** The stage-2 table of one VM. @internal */
export class Stage2Table {
  /** GPA pages `0 .. pages-1`. */
  readonly pages: number;
  /** Host frame per GPA page, -1 where unmapped. */
  readonly frame: Int32Array;
  /** Stage-2 permission bits per GPA page (r = 1, w = 2, x = 4), 0 where unmapped. */
  readonly perm: Uint8Array;

  constructor(pages: number) {
    this.pages = pages;
    this.frame = new Int32Array(pages).fill(-1);
    this.perm = new Uint8Array(pages);
  }

  /** Whether GPA page `g` is mapped. */
  has(g: number): boolean {
    return this.frame[g] >= 0;
  }

  /** Maps GPA page `g` onto `frame` with `perm`. */
  map(g: number, frame: number, perm: number): void {
    this.frame[g] = frame;
    this.perm[g] = perm;
  }

  /** Unmaps GPA page `g`; returns the frame it mapped. */
  unmap(g: number): number {
    const frame = this.frame[g];
    this.frame[g] = -1;
    this.perm[g] = 0;
    return frame;
  }

  /** Every mapped GPA page, ascending. */
  mapped(): number[] {
    const out: number[] = [];
    for (let g = 0; g < this.pages; g++) if (this.frame[g] >= 0) out.push(g);
    return out;
  }
}
