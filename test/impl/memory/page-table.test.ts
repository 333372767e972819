// The radix page table (impl/memory/page-table.ts) as a component: its geometry follows the config
// like a hardware page table (4 levels of 512 entries for 4 KiB pages and 48-bit addresses); it
// answers get/forEach like a map from page number to entry; every table keeps its shape — an
// interior table's [lo, hi] is exactly the index range its children occupy, a leaf's count slot
// counts its non-zero entries and a leaf that empties is unlinked — and tables given up (an emptied
// leaf, the interior tables of a torn-down mm) go to the pool by level and are taken from it again.

import { describe, expect, it } from 'vitest';
import {
  PageTablePool,
  RadixPageTable,
  pageTableGeometry,
  type PageTableGeometry,
} from '../../../impl/memory/page-table.ts';

/** The private structure of a table, as the shape checks read it. */
interface TableView {
  readonly children: (TableView | Int32Array | undefined)[];
  readonly lo: number;
  readonly hi: number;
}
interface PageTableInternals {
  readonly root: TableView | Int32Array | undefined;
  readonly size: number;
}

/** Four levels of different fanouts: 64-byte pages (16-entry tables), 20-bit addresses → [4, 16, 16, 16]. */
const DEEP = pageTableGeometry(64, 20);
/** One level: 64-byte pages, 10-bit addresses → a single 16-entry leaf. */
const FLAT = pageTableGeometry(64, 10);

/** A vpn of `DEEP` from its four indices, root first. */
function vpnOf(i0: number, i1: number, i2: number, i3: number): number {
  return ((i0 * 16 + i1) * 16 + i2) * 16 + i3;
}

/**
 * Fails unless the table has its documented shape: interior tables hold `fanout` slots and [lo, hi]
 * is exactly the range of their children (lo > hi when none); a leaf holds `fanout` entries and a
 * count slot equal to its non-zero entries, and is linked only while that count is positive; the
 * non-zero entries add up to the table's size.
 */
function expectShape(pt: RadixPageTable, g: PageTableGeometry): void {
  const { root, size } = pt as unknown as PageTableInternals;
  const problems: string[] = [];
  const walk = (node: TableView | Int32Array, level: number, base: number): number => {
    if (level === g.levels - 1) {
      const leaf = node as Int32Array;
      const n = g.fanout[level];
      if (!(leaf instanceof Int32Array) || leaf.length !== n + 1)
        problems.push(`leaf at ${base}: not ${n} entries and a count`);
      let count = 0;
      for (let i = 0; i < n; i++) if (leaf[i] !== 0) count++;
      if (leaf[n] !== count) problems.push(`leaf at ${base}: count slot ${leaf[n]}, ${count} entries`);
      if (level > 0 && count === 0) problems.push(`leaf at ${base}: empty but linked`);
      return count;
    }
    const table = node as TableView;
    if (table.children.length !== g.fanout[level])
      problems.push(`level-${level} table at ${base}: ${table.children.length} slots`);
    let lo = -1;
    let hi = -1;
    let count = 0;
    table.children.forEach((child, i) => {
      if (child === undefined) return;
      if (lo < 0) lo = i;
      hi = i;
      count += walk(child, level + 1, base + i * g.span[level]);
    });
    if (lo < 0 ? table.lo <= table.hi : table.lo !== lo || table.hi !== hi) {
      problems.push(
        `level-${level} table at ${base}: [lo, hi] = [${table.lo}, ${table.hi}], children in [${lo}, ${hi}]`,
      );
    }
    return count;
  };
  const total = root === undefined ? 0 : walk(root, 0, 0);
  if (total !== size) problems.push(`${total} entries, size ${size}`);
  expect(problems).toEqual([]);
}

/** Fails unless every pooled table is empty and of its level's shape. */
function expectPoolClean(pool: PageTablePool, g: PageTableGeometry): void {
  const leafSize = g.fanout[g.levels - 1];
  for (const leaf of pool.leaves) expect(Array.from(leaf)).toEqual(new Array(leafSize + 1).fill(0));
  pool.tables.forEach((tables, level) => {
    for (const t of tables as unknown as TableView[]) {
      expect(t.children.length).toBe(g.fanout[level]);
      expect(t.children.every((c) => c === undefined)).toBe(true);
      expect(t.lo).toBeGreaterThan(t.hi);
    }
  });
}

/** How many tables the pool holds: leaves, then interior tables by level. */
function poolCounts(pool: PageTablePool): number[] {
  return [pool.leaves.length, ...pool.tables.map((t) => t.length)];
}

/** Every (vpn, entry) forEach visits in `[start, end)`. */
function visited(pt: RadixPageTable, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  pt.forEach(start, end, (vpn, entry) => out.push([vpn, entry]));
  return out;
}

/** A small deterministic PRNG (mulberry32), so the sequences below are fixed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('pageTableGeometry', () => {
  it('is 4 levels of 512 entries (9 bits each) for 4 KiB pages and 48-bit addresses', () => {
    const g = pageTableGeometry(4096, 48);
    expect(g.levels).toBe(4);
    expect(g.fanout).toEqual([512, 512, 512, 512]);
    expect(g.span).toEqual([2 ** 27, 2 ** 18, 2 ** 9, 1]);
    expect(g.pages).toBe(2 ** 36);
    expect(Array.from(g.indexMask)).toEqual([511, 511, 511, 511]);
    expect(Array.from(g.invSpan)).toEqual([2 ** -27, 2 ** -18, 2 ** -9, 1]);
  });

  it('clamps a table to 2^4 entries for small pages, the root taking the bits left over', () => {
    // 64-byte pages would give 8 entries; 12-bit addresses leave 6 page-number bits: 2 + 4
    const g = pageTableGeometry(64, 12);
    expect([g.levels, g.fanout, g.span, g.pages]).toEqual([2, [4, 16], [16, 1], 64]);
    expect(Array.from(g.indexMask)).toEqual([3, 15]);
    expect([DEEP.levels, DEEP.fanout, DEEP.span, DEEP.pages]).toEqual([4, [4, 16, 16, 16], [4096, 256, 16, 1], 16384]);
  });

  it('gives a table pageSize / 8 entries between the clamps, and clamps to 2^9 for large pages', () => {
    expect(pageTableGeometry(256, 20).fanout).toEqual([4, 32, 32]); // 32 = 256 / 8; 12 bits = 2 + 5 + 5
    const big = pageTableGeometry(65536, 48); // 8192 would be 2^13 entries: clamped to 2^9; 32 bits = 5 + 3 × 9
    expect([big.levels, big.fanout, big.pages]).toEqual([4, [32, 512, 512, 512], 2 ** 32]);
  });

  it('is a single leaf when the page-number bits fit one table', () => {
    expect([FLAT.levels, FLAT.fanout, FLAT.span, FLAT.pages]).toEqual([1, [16], [1], 16]);
  });
});

describe('RadixPageTable', () => {
  it('a one-level table stores, scans and clears all of its entries, then gives its leaf to the pool', () => {
    const pool = new PageTablePool();
    const pt = new RadixPageTable(FLAT, pool);
    for (let vpn = 0; vpn < 16; vpn++) pt.set(vpn, 100 + vpn);
    expectShape(pt, FLAT);
    expect(Array.from({ length: 16 }, (_, vpn) => pt.get(vpn))).toEqual(
      Array.from({ length: 16 }, (_, vpn) => 100 + vpn),
    );
    expect(visited(pt, 3, 16)).toEqual(Array.from({ length: 13 }, (_, i) => [3 + i, 103 + i]));
    for (let vpn = 0; vpn < 16; vpn++) pt.set(vpn, 0);
    expectShape(pt, FLAT);
    expect(visited(pt, 0, 16)).toEqual([]);
    expect(poolCounts(pool)).toEqual([0]); // the root leaf stays while the mm lives
    pt.recycleTables();
    expect(poolCounts(pool)).toEqual([1]);
    expectPoolClean(pool, FLAT);
    const next = new RadixPageTable(FLAT, pool);
    next.set(15, -3);
    expect(poolCounts(pool)).toEqual([0]);
    expect([next.get(15), visited(next, 0, 16)]).toEqual([-3, [[15, -3]]]);
  });

  it('get of a page past the address space is 0, even when the page it would wrap onto is set', () => {
    for (const g of [DEEP, FLAT]) {
      const pt = new RadixPageTable(g);
      pt.set(0, 42);
      pt.set(5, 43);
      expect([pt.get(0), pt.get(g.pages), pt.get(g.pages + 5), pt.get(2 * g.pages)]).toEqual([42, 0, 0, 0]);
    }
  });

  it('clearing an entry that no table holds takes no table', () => {
    const pool = new PageTablePool();
    const pt = new RadixPageTable(DEEP, pool);
    pt.set(vpnOf(1, 2, 3, 4), 0);
    expect((pt as unknown as PageTableInternals).root).toBeUndefined();
    pt.set(vpnOf(1, 2, 3, 4), 9);
    pt.set(vpnOf(1, 2, 3, 4), 0); // the leaf goes to the pool
    pt.set(vpnOf(0, 0, 0, 1), 0); // a page under another interior table and leaf
    pt.set(vpnOf(1, 2, 5, 1), 0); // a page under the same interior tables, another leaf
    expectShape(pt, DEEP);
    expect(poolCounts(pool)).toEqual([1]);
    const flat = new RadixPageTable(FLAT, pool);
    flat.set(3, 0);
    expect(poolCounts(pool)).toEqual([1]);
  });

  it('counts an entry once however often it is overwritten, and not at all when an absent entry is cleared', () => {
    const pool = new PageTablePool();
    const pt = new RadixPageTable(DEEP, pool);
    const [a, b] = [vpnOf(2, 7, 7, 3), vpnOf(2, 7, 7, 9)];
    pt.set(a, 8);
    pt.set(a, 15); // an mprotect rewrites a present entry
    pt.set(a, -2); // a reclaim makes it swapped
    pt.set(b, 0); // an absent entry of the same leaf
    expectShape(pt, DEEP);
    expect(visited(pt, 0, DEEP.pages)).toEqual([[a, -2]]);
    pt.set(b, 0);
    expect(pt.get(a)).toBe(-2);
    pt.set(a, 0);
    expectShape(pt, DEEP);
    expect(poolCounts(pool)).toEqual([1]); // the leaf emptied: unlinked and pooled
    pt.recycleTables();
    expect(poolCounts(pool)).toEqual([1, 1, 1, 1]);
  });

  it('recycleTables pools every interior table by level, and a new mm takes them all back', () => {
    const pool = new PageTablePool();
    const pt = new RadixPageTable(DEEP, pool);
    // root children 0 and 3 (a gap between), two leaves under the second
    const pages = [vpnOf(0, 0, 0, 0), vpnOf(3, 15, 2, 7), vpnOf(3, 15, 9, 1)];
    for (const [i, vpn] of pages.entries()) pt.set(vpn, 10 + i);
    expectShape(pt, DEEP);
    for (const vpn of pages) pt.set(vpn, 0);
    expect(poolCounts(pool)).toEqual([3]);
    pt.recycleTables();
    expect(poolCounts(pool)).toEqual([3, 1, 2, 2]);
    expectPoolClean(pool, DEEP);
    expect((pt as unknown as PageTableInternals).root).toBeUndefined();
    pt.recycleTables(); // nothing left to give
    expect(poolCounts(pool)).toEqual([3, 1, 2, 2]);

    const next = new RadixPageTable(DEEP, pool);
    for (const [i, vpn] of pages.entries()) next.set(vpn, 20 + i);
    expect(poolCounts(pool)).toEqual([0, 0, 0, 0]);
    expectShape(next, DEEP);
    expect(visited(next, 0, DEEP.pages)).toEqual(pages.map((vpn, i) => [vpn, 20 + i]));
    // a reused table starts empty: index 0 of each reused level is a tight [0, 0]
    next.set(vpnOf(0, 0, 0, 5), 7);
    expectShape(next, DEEP);
  });

  it('recycleTables of a table that still has entries changes nothing', () => {
    const pool = new PageTablePool();
    const pt = new RadixPageTable(DEEP, pool);
    pt.set(vpnOf(1, 1, 1, 1), 5);
    pt.set(vpnOf(2, 0, 0, 0), 0);
    pt.recycleTables();
    expect(poolCounts(pool)).toEqual([0]);
    expect(pt.get(vpnOf(1, 1, 1, 1))).toBe(5);
    expect(visited(pt, 0, DEEP.pages)).toEqual([[vpnOf(1, 1, 1, 1), 5]]);
  });

  it("a scan from inside a leaf to past its end visits only that leaf's entries in range", () => {
    const pt = new RadixPageTable(DEEP);
    const [first, second] = [vpnOf(0, 0, 1, 0), vpnOf(0, 0, 1, 5)];
    pt.set(first, 3);
    pt.set(second, 4);
    expect(visited(pt, first + 2, first + 100)).toEqual([[second, 4]]);
    expect(visited(pt, first + 1, first + 16)).toEqual([[second, 4]]);
  });

  it('emptying a leaf keeps [lo, hi] exact, so the scan still reaches the tables on either side', () => {
    const pool = new PageTablePool();
    const pt = new RadixPageTable(DEEP, pool);
    const leaves = [vpnOf(1, 4, 2, 0), vpnOf(1, 4, 6, 0), vpnOf(1, 4, 9, 0), vpnOf(1, 4, 12, 0)];
    for (const vpn of leaves) pt.set(vpn, vpn);
    for (const gone of [1, 0, 3]) {
      // a middle leaf, the lowest, the highest
      pt.set(leaves[gone], 0);
      expectShape(pt, DEEP);
    }
    expect(visited(pt, 0, DEEP.pages)).toEqual([[leaves[2], leaves[2]]]);
    pt.set(leaves[2], 0); // the last leaf: the table is empty (lo > hi), then filled at index 0
    expectShape(pt, DEEP);
    pt.set(vpnOf(1, 4, 0, 3), 1);
    pt.set(vpnOf(1, 4, 15, 3), 2);
    expectShape(pt, DEEP);
    expect(visited(pt, 0, DEEP.pages)).toEqual([
      [vpnOf(1, 4, 0, 3), 1],
      [vpnOf(1, 4, 15, 3), 2],
    ]);
  });

  for (const [name, g] of [
    ['four levels', DEEP],
    ['two levels', pageTableGeometry(64, 12)],
    ['one level', FLAT],
  ] as const) {
    it(`behaves as a map from page to entry and keeps its shape over a fixed random sequence (${name})`, () => {
      const random = rng(0x5eed + g.levels);
      const pool = new PageTablePool();
      let pt = new RadixPageTable(g, pool);
      const ref = new Map<number, number>();
      // pages cluster in a few leaves so that leaves fill, empty and come back from the pool
      const width = Math.min(40, g.pages);
      const bases = [0, g.pages - width, Math.floor(g.pages / 3), Math.floor(g.pages / 2) + 17].map((b) =>
        Math.min(b, g.pages - width),
      );
      const pick = (): number => bases[Math.floor(random() * bases.length)] + Math.floor(random() * width);
      for (let step = 0; step < 1500; step++) {
        const r = random();
        if (r < 0.45) {
          const vpn = pick();
          const entry = random() < 0.7 ? 8 + Math.floor(random() * 1000) : -1 - Math.floor(random() * 50);
          pt.set(vpn, entry);
          ref.set(vpn, entry);
        } else if (r < 0.8) {
          const vpn = pick();
          pt.set(vpn, 0);
          ref.delete(vpn);
        } else if (r < 0.95) {
          const [a, b] = [pick(), pick()].sort((x, y) => x - y);
          const expected = [...ref.entries()].filter(([v]) => v >= a && v < b + 1).sort((x, y) => x[0] - y[0]);
          expect(visited(pt, a, b + 1)).toEqual(expected);
          if (random() < 0.5) {
            // clear while scanning, as munmap does
            pt.forEach(a, b + 1, (vpn) => pt.set(vpn, 0));
            for (const [v] of expected) ref.delete(v);
          }
        } else {
          // exit: every page unmapped, the tables recycled, a new mm on the same pool
          pt.forEach(0, g.pages, (vpn) => pt.set(vpn, 0));
          ref.clear();
          pt.recycleTables();
          expectPoolClean(pool, g);
          pt = new RadixPageTable(g, pool);
        }
        expectShape(pt, g);
        const probe = pick();
        expect(pt.get(probe)).toBe(ref.get(probe) ?? 0);
      }
      expect(visited(pt, 0, g.pages)).toEqual([...ref.entries()].sort((x, y) => x[0] - y[0]));
    });
  }
});
