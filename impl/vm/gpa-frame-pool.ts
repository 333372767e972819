// A guest kernel's frames (SPEC §13, R2, R14): the VM's GPA pages. A GPA page's bytes are the host
// frame stage 2 maps it to (one buffer: the host's), so the impl's own memory code runs unchanged
// over it. Free = stage 2 maps it `rw` and no guest page uses it; the lowest free one is taken.
// A page that lost its stage-2 entry keeps its guest references but has no bytes (`accessible`).

import { FramePool } from '../memory/frame-pool.ts';
import { PERM_R, PERM_W } from '../memory/prot-bits.ts';
import type { Stage2Table } from './stage2.ts';

const RW = PERM_R | PERM_W;

/** The GPA pages of one VM as a frame pool. @internal */
export class GpaFramePool extends FramePool {
  private readonly stage2: Stage2Table;

  constructor(stage2: Stage2Table, pageSize: number, hostBytes: Uint8Array) {
    super(stage2.pages, pageSize, hostBytes);
    this.stage2 = stage2;
  }

  /** Free GPA pages: mapped `rw` by stage 2, used by no guest page (R2). */
  override get freeCount(): number {
    let n = 0;
    for (let g = 0; g < this.total; g++) if (this.isFree(g)) n++;
    return n;
  }

  /** The lowest free GPA page, zeroed, with one reference; -1 when none (or injection refuses). */
  override allocate(): number {
    let g = 0;
    while (g < this.total && !this.isFree(g)) g++;
    if (g === this.total || (this.refuse !== undefined && this.refuse())) return -1;
    this.refcount[g] = 1;
    const start = this.offsetOf(g);
    this.bytes.fill(0, start, start + this.pageSize);
    return g;
  }

  /** Drops one guest reference; freeness is computed, never stacked. */
  override release(g: number): void {
    this.refcount[g]--;
  }

  override isFree(g: number): boolean {
    return this.refcount[g] === 0 && (this.stage2.perm[g] & RW) === RW;
  }

  /** R14: a GPA page has bytes for an access only while stage 2 maps it with that access. */
  override accessible(g: number, needBits: number): boolean {
    return this.stage2.frame[g] >= 0 && (this.stage2.perm[g] & needBits) === needBits;
  }

  /** The host bytes of GPA page `g` (its stage-2 frame; callers check `accessible` first). */
  override offsetOf(g: number): number {
    return this.stage2.frame[g] * this.pageSize;
  }
}
