// The PASID space: a bitmap over [0, 2^pasidBits) with PASID 0 reserved, handing out the lowest free
// value (SPEC §5, §S-4), and the owner mm of every live PASID. The bitmap grows on demand (lowest-
// first allocation keeps it as small as the highest PASID in use), so a 20-bit space costs nothing
// up front.

import type { MmId, Pasid } from '../../interface/index.ts';
import type { Refusal } from '../fault-injection.ts';

/** Allocates PASIDs lowest-first from a bitmap. */
export class PasidAllocator {
  /** One past the largest PASID: 2^pasidBits. */
  readonly limit: number;
  private bitmap: Uint32Array;
  /** Words of the full bitmap: ceil(limit / 32). */
  private readonly words: number;
  private readonly owners = new Map<Pasid, MmId>();
  /** No word below this index has a free bit. */
  private firstMaybeFreeWord = 0;
  /** Fault injection's refusal (R23: open → ENOSPC); undefined when off. */
  refuse: Refusal | undefined = undefined;

  constructor(pasidBits: number) {
    this.limit = 2 ** pasidBits;
    this.words = Math.ceil(this.limit / 32);
    this.bitmap = new Uint32Array(Math.min(this.words, 4));
    this.bitmap[0] = 1; // PASID 0 is never given out
    const tail = this.limit % 32;
    if (tail !== 0) this.bitmap[0] |= ~((1 << tail) - 1); // values past the limit (limit < 32: one word)
  }

  /** The lowest free PASID, now owned by `mm`; 0 when the space is exhausted (or injection refuses). */
  allocate(mm: MmId): Pasid {
    if (this.refuse !== undefined && this.refuse()) return 0;
    for (let w = this.firstMaybeFreeWord; w < this.words; w++) {
      if (w === this.bitmap.length) this.grow();
      const word = this.bitmap[w];
      if (word === 0xffffffff) continue;
      const bit = 31 - Math.clz32(~word & (word + 1));
      this.bitmap[w] = word | (1 << bit);
      this.firstMaybeFreeWord = w;
      const pasid = w * 32 + bit;
      this.owners.set(pasid, mm);
      return pasid;
    }
    this.firstMaybeFreeWord = this.words;
    return 0;
  }

  /** Doubles the bitmap (up to the full space); new words are all free. */
  private grow(): void {
    const grown = new Uint32Array(Math.min(this.words, this.bitmap.length * 2));
    grown.set(this.bitmap);
    this.bitmap = grown;
  }

  /** Returns a PASID to the free pool. */
  free(pasid: Pasid): void {
    const w = pasid >>> 5;
    this.bitmap[w] &= ~(1 << (pasid & 31));
    this.owners.delete(pasid);
    this.firstMaybeFreeWord = Math.min(this.firstMaybeFreeWord, w);
  }

  /** The mm that owns a live PASID, or undefined. */
  ownerOf(pasid: Pasid): MmId | undefined {
    return this.owners.get(pasid);
  }

  /** Every live PASID with its owner, ascending by PASID. */
  live(): { pasid: Pasid; mm: MmId }[] {
    return [...this.owners].map(([pasid, mm]) => ({ pasid, mm })).sort((a, b) => a.pasid - b.pasid);
  }
}
