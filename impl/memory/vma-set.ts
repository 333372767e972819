// An mm's virtual memory areas: disjoint [start, end) byte ranges with prot bits, in sorted parallel
// arrays kept maximal (adjacent areas with the same prot are merged, so a snapshot reads them as
// they are, §S-3). Lookup is a binary search, O(log n); splitting finds its place the same way.

import type { VmaSnapshot } from '../../interface/index.ts';
import { bitsToProt } from './prot-bits.ts';

/** The VMAs of one mm. */
export class VmaSet {
  private starts: number[] = [];
  private ends: number[] = [];
  private prots: number[] = [];

  /** A copy (fork copies the VMAs, SPEC §4). */
  clone(): VmaSet {
    const copy = new VmaSet();
    copy.starts = this.starts.slice();
    copy.ends = this.ends.slice();
    copy.prots = this.prots.slice();
    return copy;
  }

  /** Number of (maximal) areas. */
  get size(): number {
    return this.starts.length;
  }

  /** The prot bits of the area holding `addr`, or -1 when no area does. */
  protAt(addr: number): number {
    const i = this.firstEndingAfter(addr);
    return this.startAt(i) <= addr ? this.prots[i] : -1;
  }

  /** Whether any area intersects `[start, end)`. */
  overlaps(start: number, end: number): boolean {
    const i = this.firstEndingAfter(start);
    return this.startAt(i) < end;
  }

  /** Whether areas cover every byte of `[start, end)`, each with all of `needBits`. */
  covers(start: number, end: number, needBits: number): boolean {
    let i = this.firstEndingAfter(start);
    let at = start;
    while (at < end) {
      if (i >= this.starts.length || this.starts[i] > at) return false;
      if ((this.prots[i] & needBits) !== needBits) return false;
      at = this.ends[i];
      i++;
    }
    return true;
  }

  /** Adds an area over a range no area intersects. */
  insert(start: number, end: number, protBits: number): void {
    const at = this.cut(start, end);
    this.place(at, start, end, protBits);
  }

  /** Removes every area piece inside `[start, end)`, splitting areas at the ends. */
  remove(start: number, end: number): void {
    this.cut(start, end);
  }

  /**
   * Sets the prot of a fully covered range, splitting and merging areas. Returns the permission
   * bits some page of the range lost (0 when none lost any).
   */
  protect(start: number, end: number, protBits: number): number {
    let lost = 0;
    for (let i = this.firstEndingAfter(start); this.startAt(i) < end; i++) {
      lost |= this.prots[i] & ~protBits;
    }
    const at = this.cut(start, end);
    this.place(at, start, end, protBits);
    return lost;
  }

  /** Removes every area. */
  clear(): void {
    this.starts = [];
    this.ends = [];
    this.prots = [];
  }

  /** Calls `visit` for every area, ascending. */
  forEach(visit: (start: number, end: number, protBits: number) => void): void {
    for (let i = 0; i < this.starts.length; i++) visit(this.starts[i], this.ends[i], this.prots[i]);
  }

  /** The areas as a snapshot lists them: ascending, maximal. */
  toSnapshot(): VmaSnapshot[] {
    return this.starts.map((start, i) => ({ start, end: this.ends[i], prot: bitsToProt(this.prots[i]) }));
  }

  /** The start of area `i`, or +∞ past the last area (so no bound needs its own length check). */
  private startAt(i: number): number {
    return this.starts[i] ?? Infinity;
  }

  /** The index of the first area whose end lies after `addr`. */
  private firstEndingAfter(addr: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid] > addr) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Removes `[start, end)` from every area and returns the index where that range now belongs. */
  private cut(start: number, end: number): number {
    const lo = this.firstEndingAfter(start);
    let hi = lo;
    const keepStarts: number[] = [];
    const keepEnds: number[] = [];
    const keepProts: number[] = [];
    let insertAt = lo;
    // Stryker disable next-line EqualityOperator: an area starting exactly at `end` would be cut into the same [end, its end) and put back unchanged
    while (this.startAt(hi) < end) {
      if (this.starts[hi] < start) {
        keepStarts.push(this.starts[hi]);
        keepEnds.push(start);
        keepProts.push(this.prots[hi]);
        insertAt++;
      }
      if (this.ends[hi] > end) {
        keepStarts.push(end);
        keepEnds.push(this.ends[hi]);
        keepProts.push(this.prots[hi]);
      }
      hi++;
    }
    this.starts.splice(lo, hi - lo, ...keepStarts);
    this.ends.splice(lo, hi - lo, ...keepEnds);
    this.prots.splice(lo, hi - lo, ...keepProts);
    return insertAt;
  }

  /** Inserts an area at index `at` and merges it with equal-prot neighbours that touch it. */
  private place(at: number, start: number, end: number, protBits: number): void {
    this.starts.splice(at, 0, start);
    this.ends.splice(at, 0, end);
    this.prots.splice(at, 0, protBits);
    if (this.startAt(at + 1) === end && this.prots[at + 1] === protBits) {
      this.ends[at] = this.ends[at + 1];
      this.starts.splice(at + 1, 1);
      this.ends.splice(at + 1, 1);
      this.prots.splice(at + 1, 1);
    }
    // Stryker disable next-line ConditionalExpression: ends[-1] is undefined, so the merge is skipped anyway
    if (at === 0) return;
    if (this.ends[at - 1] === start && this.prots[at - 1] === protBits) {
      this.ends[at - 1] = this.ends[at];
      this.starts.splice(at, 1);
      this.ends.splice(at, 1);
      this.prots.splice(at, 1);
    }
  }
}
