// A per-mm page table as a multi-level radix tree over virtual page numbers. Its shape follows the
// config like a hardware page table: a table holds pageSize / 8 entries (clamped to 2^4..2^9) and
// there are as many levels as the vaBits - log2(pageSize) page-number bits need.
//
// Leaf entries are 32-bit integers: 0 = absent; > 0 = present, (frame + 1) * 8 + the VMA's prot bits;
// < 0 = swapped, -(swap slot + 1). A leaf table keeps its count of non-zero entries in one extra
// slot and is unlinked when that reaches 0; an interior table knows the index range its children
// occupy. So walks over sparse or emptied tables touch only what is there.
//
// A call that may fail takes its tables before it changes anything (SPEC §15): `reserveTables` puts
// every table the coming `set`s would create into the pool first, each one a fallible step that
// fault injection (R23) may refuse.

import type { Refusal } from '../fault-injection.ts';

/** The shape of every page table of a system. */
export interface PageTableGeometry {
  /** Number of levels (≥ 1); level 0 is the root. */
  readonly levels: number;
  /** Entries per table at each level. */
  readonly fanout: readonly number[];
  /** Virtual pages covered by one entry at each level. */
  readonly span: readonly number[];
  /** Virtual pages in the address space: 2^(vaBits - log2 pageSize). */
  readonly pages: number;
  /** Per level: 1 / span (exact, spans are powers of two), so an index is a multiply and a mask. */
  readonly invSpan: Float64Array;
  /** Per level: fanout - 1 (fanouts are powers of two). */
  readonly indexMask: Int32Array;
}

/** The geometry for a page size and virtual-address width. */
export function pageTableGeometry(pageSize: number, vaBits: number): PageTableGeometry {
  const pageBits = Math.log2(pageSize);
  const vpnBits = vaBits - pageBits;
  const bitsPerLevel = Math.min(9, Math.max(4, pageBits - 3));
  const levels = Math.max(1, Math.ceil(vpnBits / bitsPerLevel));
  const fanout: number[] = [];
  const span: number[] = [];
  const topBits = vpnBits - bitsPerLevel * (levels - 1);
  for (let level = 0; level < levels; level++) {
    fanout.push(2 ** (level === 0 ? topBits : bitsPerLevel));
    span.push(2 ** (bitsPerLevel * (levels - 1 - level)));
  }
  return {
    levels,
    fanout,
    span,
    pages: 2 ** vpnBits,
    invSpan: Float64Array.from(span, (v) => 1 / v),
    indexMask: Int32Array.from(fanout, (v) => v - 1),
  };
}

/** Encodes a present entry. */
export function presentEntry(frame: number, protBits: number): number {
  return (frame + 1) * 8 + protBits;
}
/** Encodes a swapped entry. */
export function swappedEntry(slot: number): number {
  return -(slot + 1);
}
/** The frame of a present entry. */
export function entryFrame(entry: number): number {
  return (entry >> 3) - 1;
}
/** The VMA prot bits recorded in a present entry. */
export function entryProt(entry: number): number {
  return entry & 7;
}
/** The swap slot of a swapped entry. */
export function entrySwapSlot(entry: number): number {
  return -entry - 1;
}

/** An interior table: its children and the index range [lo, hi] they occupy (lo > hi when none). */
interface Table {
  readonly children: (Table | Int32Array | undefined)[];
  lo: number;
  hi: number;
}

function newTable(fanout: number): Table {
  return { children: new Array(fanout), lo: fanout, hi: -1 };
}

/**
 * Tables given up by the page tables of one system (a leaf that emptied, the interior tables of an
 * mm torn down at exit), handed out again before new ones are allocated: processes come and go
 * often, and a fresh table is a 2-4 KiB allocation.
 */
export class PageTablePool {
  /** Empty leaves: every entry and the count slot zero, linked nowhere. */
  readonly leaves: Int32Array[] = [];
  /** Per level: empty interior tables (no children, lo > hi), linked nowhere. */
  readonly tables: Table[][] = [];
  /** Fault injection's refusal (R23: a page-table page → ENOMEM); undefined when off. */
  refuse: Refusal | undefined = undefined;

  /**
   * Makes sure `need[level]` spare tables of each level are pooled, so the `set`s that follow
   * allocate nothing. Every table counted is one fallible step, pooled or fresh; false when one is
   * refused (the spares taken so far stay pooled, where nothing sees them).
   */
  reserve(need: Int32Array, geometry: PageTableGeometry): boolean {
    const last = geometry.levels - 1;
    for (let level = 0; level <= last; level++) {
      const count = need[level];
      if (count === 0) continue;
      for (let i = 0; i < count; i++) if (this.refuse !== undefined && this.refuse()) return false;
      if (level === last) {
        while (this.leaves.length < count) this.leaves.push(new Int32Array(geometry.fanout[level] + 1));
      } else {
        const spare = (this.tables[level] ??= []);
        while (spare.length < count) spare.push(newTable(geometry.fanout[level]));
      }
    }
    return true;
  }
}

/** One mm's page table. */
export class RadixPageTable {
  private readonly geometry: PageTableGeometry;
  /** The top table, taken on the first entry and given back when the mm is torn down. */
  private root: Table | Int32Array | undefined = undefined;
  /** Entries per leaf table; a leaf's slot `leafSize` holds its count of non-zero entries. */
  private readonly leafSize: number;
  /** Non-zero entries in the whole table. */
  private size = 0;
  /** The geometry's `invSpan`, at hand for the walk. */
  private readonly invSpan: Float64Array;
  /** The geometry's `indexMask`. */
  private readonly indexMask: Int32Array;
  /** Where emptied tables go and new ones come from (shared by the mms of a system). */
  private readonly pool: PageTablePool;
  /** Scratch of `reserveTables`: tables missing per level, and the last table counted per level. */
  private readonly need: Int32Array;
  private readonly lastKey: Float64Array;

  constructor(geometry: PageTableGeometry, pool: PageTablePool = new PageTablePool()) {
    this.geometry = geometry;
    this.pool = pool;
    this.need = new Int32Array(geometry.levels);
    this.lastKey = new Float64Array(geometry.levels);
    this.leafSize = geometry.fanout[geometry.levels - 1];
    this.invSpan = geometry.invSpan;
    this.indexMask = geometry.indexMask;
  }

  /** The entry of virtual page `vpn` (0 when no table holds it). */
  get(vpn: number): number {
    const g = this.geometry;
    // a page past the address space is in no table: the index arithmetic below would wrap it onto
    // a page inside (a device address past 2^vaBits must fault, never alias a mapped page)
    if (vpn >= g.pages) return 0;
    let node: Table | Int32Array | undefined = this.root;
    if (node === undefined) return 0;
    const last = g.levels - 1;
    for (let level = 0; level < last; level++) {
      node = (node as Table).children[this.indexAt(vpn, level)];
      if (node === undefined) return 0;
    }
    return (node as Int32Array)[this.indexAt(vpn, last)];
  }

  /**
   * The index of `vpn`'s entry in its table at `level`: floor(vpn / span) mod fanout, as a multiply
   * by the exact inverse and a mask (the mask keeps the low 32 bits of the quotient, and fanouts
   * are below 2^32) — no float division or fmod on the walk.
   */
  private indexAt(vpn: number, level: number): number {
    return Math.floor(vpn * this.invSpan[level]) & this.indexMask[level];
  }

  /**
   * Pools every table that setting a non-zero entry at each page of `[first, last]` would create
   * (see `PageTablePool.reserve`); false when fault injection refuses one. Nothing visible changes.
   */
  reserveTables(first: number, last: number): boolean {
    const g = this.geometry;
    const levels = g.levels;
    const need = this.need;
    need.fill(0);
    this.lastKey.fill(-1);
    const end = Math.min(last, g.pages - 1);
    for (let vpn = first; vpn <= end; vpn++) {
      let node: Table | Int32Array | undefined = this.root;
      let level = 0;
      while (node !== undefined && level < levels - 1) {
        node = (node as Table).children[this.indexAt(vpn, level)];
        level++;
      }
      if (node !== undefined) continue;
      // the table at `level` on vpn's path is missing, and with it every table below
      for (let l = level; l < levels; l++) {
        const key = Math.floor(vpn / (g.span[l] * g.fanout[l]));
        if (key !== this.lastKey[l]) {
          this.lastKey[l] = key;
          need[l]++;
        }
      }
    }
    return this.pool.reserve(need, g);
  }

  /** Sets the entry of virtual page `vpn`, creating tables on the way and unlinking a leaf that empties. */
  set(vpn: number, entry: number): void {
    const g = this.geometry;
    let node: Table | Int32Array | undefined = this.root;
    if (node === undefined) {
      if (entry === 0) return;
      node = this.root =
        g.levels === 1
          ? (this.pool.leaves.pop() ?? new Int32Array(this.leafSize + 1))
          : (this.pool.tables[0]?.pop() ?? newTable(g.fanout[0]));
    }
    let parent: Table | undefined;
    let parentIndex = 0;
    const last = g.levels - 1;
    for (let level = 0; level < last; level++) {
      const table = node as Table;
      const index = this.indexAt(vpn, level);
      let child = table.children[index];
      if (child === undefined) {
        if (entry === 0) return; // clearing an entry that no table holds
        child =
          level + 1 === last
            ? (this.pool.leaves.pop() ?? new Int32Array(this.leafSize + 1))
            : (this.pool.tables[level + 1]?.pop() ?? newTable(g.fanout[level + 1]));
        table.children[index] = child;
        table.lo = Math.min(table.lo, index);
        table.hi = Math.max(table.hi, index);
      }
      parent = table;
      parentIndex = index;
      node = child;
    }
    const leaf = node as Int32Array;
    const i = this.indexAt(vpn, last);
    const was = leaf[i];
    leaf[i] = entry;
    if (was === 0 && entry !== 0) {
      leaf[this.leafSize]++;
      this.size++;
    } else if (was !== 0 && entry === 0) {
      this.size--;
      if (--leaf[this.leafSize] === 0 && parent !== undefined) {
        unlink(parent, parentIndex);
        this.pool.leaves.push(leaf);
      }
    }
  }

  /**
   * Gives the tables of an emptied page table back to the pool (exit, once every page is gone: the
   * leaves went back as they emptied). The page table stays usable, empty and without a root.
   */
  recycleTables(): void {
    const root = this.root;
    if (this.size !== 0 || root === undefined) return;
    this.root = undefined;
    if (this.geometry.levels === 1) {
      this.pool.leaves.push(root as Int32Array); // size 0: every entry and the count are zero
      return;
    }
    this.recycleChildren(root as Table, 0);
    (this.pool.tables[0] ??= []).push(root as Table);
  }

  /**
   * Empties an interior table at `level`, pooling its children (and theirs). With no entry left,
   * every leaf has already been unlinked as it emptied, so each child still linked is interior.
   */
  private recycleChildren(table: Table, level: number): void {
    for (let i = table.lo; i <= table.hi; i++) {
      const child = table.children[i] as Table | undefined;
      if (child === undefined) continue;
      table.children[i] = undefined;
      this.recycleChildren(child, level + 1);
      (this.pool.tables[level + 1] ??= []).push(child);
    }
    table.lo = table.children.length;
    table.hi = -1;
  }

  /**
   * Calls `visit(vpn, entry)` for every non-zero entry with `start ≤ vpn < end`, ascending. The
   * visitor may change the entry it is given (and only that one).
   */
  forEach(start: number, end: number, visit: (vpn: number, entry: number) => void): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty range or table only skips a walk that would visit nothing
    if (start < end && this.size > 0 && this.root !== undefined) this.visitTable(this.root, 0, 0, start, end, visit);
  }

  private visitTable(
    node: Table | Int32Array,
    level: number,
    base: number,
    start: number,
    end: number,
    visit: (vpn: number, entry: number) => void,
  ): void {
    const g = this.geometry;
    const span = g.span[level];
    const first = Math.max(0, Math.floor((start - base) / span));
    const lastOffset = end - 1 - base;
    // Stryker disable next-line ArithmeticOperator: `* span` only widens the scan to empty children (MUTATION.md: scan bounds)
    const last = Math.min(this.indexMask[level], Math.floor(lastOffset / span));
    if (level === g.levels - 1) {
      const leaf = node as Int32Array;
      let remaining = leaf[this.leafSize];
      for (let i = first; i <= last; i++) {
        if (leaf[i] === 0) continue;
        visit(base + i, leaf[i]);
        // Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: stopping early only saves scanning zeros (MUTATION.md: scan bounds)
        if (--remaining === 0) return;
      }
      return;
    }
    const table = node as Table;
    // Stryker disable next-line MethodExpression: children past `last` visit nothing (MUTATION.md: scan bounds)
    const to = Math.min(last, table.hi);
    // Stryker disable next-line MethodExpression: children before `first` visit nothing (MUTATION.md: scan bounds)
    for (let i = Math.max(first, table.lo); i <= to; i++) {
      const child = table.children[i];
      if (child !== undefined) this.visitTable(child, level + 1, base + i * span, start, end, visit);
    }
  }
}

/** Removes an emptied leaf from its table, narrowing the table's occupied range to the children left. */
function unlink(table: Table, index: number): void {
  table.children[index] = undefined;
  while (table.lo <= table.hi && table.children[table.lo] === undefined) table.lo++;
  if (table.lo > table.hi) {
    table.lo = table.children.length;
    table.hi = -1;
    return;
  }
  // a child is linked at lo, so this stops there at the latest
  while (table.children[table.hi] === undefined) table.hi--;
}
