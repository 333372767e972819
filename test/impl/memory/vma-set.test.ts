// An mm's VMA set (impl/memory/vma-set.ts, SPEC §4, §S-3): sorted, disjoint, maximal areas. Lookups
// hit the first and last byte of an area and miss the byte after it; insert and protect merge only
// touching areas of equal prot; remove and protect split at the range ends; protect reports exactly
// the permission bits some page of the range lost (never bits it kept, never bits of areas outside
// the range, before it or starting right at its end); forEach visits each area once.

import { describe, expect, it } from 'vitest';
import { VmaSet } from '../../../impl/memory/vma-set.ts';

const R = 1;
const W = 2;
const X = 4;
const P = 0x1000;

/** The areas as [start, end, protBits] triples, ascending (through forEach). */
function areas(set: VmaSet): [number, number, number][] {
  const out: [number, number, number][] = [];
  set.forEach((start, end, protBits) => out.push([start, end, protBits]));
  return out;
}

/** A set with the given [start, end, protBits] areas inserted in order. */
function setOf(...list: [number, number, number][]): VmaSet {
  const set = new VmaSet();
  for (const [start, end, protBits] of list) set.insert(start, end, protBits);
  return set;
}

describe('VmaSet', () => {
  it('protAt hits the first and last byte of an area and misses the bytes around it and past the last area', () => {
    const set = setOf([P, 3 * P, R | W], [5 * P, 6 * P, R]);
    expect([set.protAt(P - 1), set.protAt(P), set.protAt(3 * P - 1), set.protAt(3 * P)]).toEqual([
      -1,
      R | W,
      R | W,
      -1,
    ]);
    expect([set.protAt(5 * P), set.protAt(6 * P - 1), set.protAt(6 * P), set.protAt(100 * P)]).toEqual([R, R, -1, -1]);
    expect(new VmaSet().protAt(P)).toBe(-1);
  });

  it('overlaps is true for a range touching one byte of an area and false for ranges that only abut it', () => {
    const set = setOf([2 * P, 4 * P, R]);
    expect([set.overlaps(P, 2 * P), set.overlaps(4 * P, 5 * P), set.overlaps(5 * P, 9 * P)]).toEqual([
      false,
      false,
      false,
    ]);
    expect([set.overlaps(P, 2 * P + 1), set.overlaps(4 * P - 1, 5 * P), set.overlaps(0, 100 * P)]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('insert merges with a touching area of the same prot on either side, and not with a different prot', () => {
    const set = setOf([P, 2 * P, R], [3 * P, 4 * P, R], [4 * P, 5 * P, R | W]);
    expect(set.size).toBe(3);
    set.insert(2 * P, 3 * P, R); // fills the gap between two r areas: all three become one
    expect(areas(set)).toEqual([
      [P, 4 * P, R],
      [4 * P, 5 * P, R | W],
    ]);
    set.insert(5 * P, 6 * P, R); // touches an rw area only: stays separate
    set.insert(0, P, R | W); // touches an r area only: stays separate
    expect(areas(set)).toEqual([
      [0, P, R | W],
      [P, 4 * P, R],
      [4 * P, 5 * P, R | W],
      [5 * P, 6 * P, R],
    ]);
  });

  it('remove splits an area at both ends of the range and keeps both pieces', () => {
    const set = setOf([P, 8 * P, R | X]);
    set.remove(3 * P, 5 * P);
    expect(areas(set)).toEqual([
      [P, 3 * P, R | X],
      [5 * P, 8 * P, R | X],
    ]);
    set.remove(0, 2 * P); // over the start of the first area and the hole before it
    set.remove(7 * P, 9 * P); // over the end of the last area
    expect(areas(set)).toEqual([
      [2 * P, 3 * P, R | X],
      [5 * P, 7 * P, R | X],
    ]);
  });

  it('protect splits at the range ends and merges the result with equal-prot neighbours', () => {
    const set = setOf([P, 6 * P, R | W]);
    expect(set.protect(2 * P, 4 * P, R)).toBe(W);
    expect(areas(set)).toEqual([
      [P, 2 * P, R | W],
      [2 * P, 4 * P, R],
      [4 * P, 6 * P, R | W],
    ]);
    expect(set.protect(2 * P, 4 * P, R | W)).toBe(0);
    expect(areas(set)).toEqual([[P, 6 * P, R | W]]);
  });

  it('protect reports the bits lost, not the bits kept', () => {
    const set = setOf([P, 2 * P, R | W | X]);
    expect(set.protect(P, 2 * P, R)).toBe(W | X);
    expect(set.protect(P, 2 * P, R | W)).toBe(0);
  });

  it('protect ignores an area that starts right where the range ends', () => {
    const set = setOf([P, 2 * P, R], [2 * P, 3 * P, R | W | X]);
    expect(set.protect(P, 2 * P, R)).toBe(0);
  });

  it('protect ignores areas after the range and areas before it', () => {
    const set = setOf([P, 2 * P, R | W | X], [4 * P, 5 * P, R], [7 * P, 8 * P, R | W | X]);
    expect(set.protect(4 * P, 5 * P, R)).toBe(0);
  });

  it('protect over several areas reports the bits lost by any of them, also the last', () => {
    const set = setOf([P, 2 * P, R], [2 * P, 3 * P, R | X], [3 * P, 4 * P, R | W]);
    expect(set.protect(P, 4 * P, R | X)).toBe(W);
    expect(areas(set)).toEqual([[P, 4 * P, R | X]]);
  });

  it('covers needs every byte of the range in areas carrying the needed bits', () => {
    const set = setOf([P, 2 * P, R | W], [2 * P, 3 * P, R], [4 * P, 5 * P, R]);
    expect([
      set.covers(P, 3 * P, R),
      set.covers(P, 3 * P, W),
      set.covers(P, 5 * P, R),
      set.covers(4 * P, 5 * P, R),
    ]).toEqual([true, false, false, true]);
  });

  it('forEach visits each area exactly once, ascending; a clone is independent', () => {
    const set = setOf([3 * P, 4 * P, R], [P, 2 * P, W]);
    const copy = set.clone();
    set.clear();
    expect(areas(set)).toEqual([]);
    expect(areas(copy)).toEqual([
      [P, 2 * P, W],
      [3 * P, 4 * P, R],
    ]);
    expect(copy.toSnapshot()).toEqual([
      { start: P, end: 2 * P, prot: 'w' },
      { start: 3 * P, end: 4 * P, prot: 'r' },
    ]);
  });
});
