// A device's PASID table: PASID → slot (empty, `sva(mm)`, `static(mm)` or `abort`), two-level like the
// VT-d PASID directory, with the directory and its leaf tables allocated on first use.

import type { MmId, Pasid, SlotSnapshot } from '../../interface/index.ts';

const LEAF_BITS = 6;
const LEAF_SIZE = 1 << LEAF_BITS;

/** A slot value: 0 = empty; otherwise mm * 4 + (0 `sva`, 1 `abort`, 2 `static`, SPEC §14). @public */
export type SlotValue = number;

const ABORT = 1;
const STATIC = 2;

/** Whether a slot value is `sva(mm)`. */
export function isSvaSlot(slot: SlotValue): boolean {
  return slot !== 0 && (slot & 3) === 0;
}
/** Whether a slot value is `static(mm)`: a 'pasid-static' device's table of the mm's regions (R22). */
export function isStaticSlot(slot: SlotValue): boolean {
  return (slot & 3) === STATIC;
}
/** The mm of a non-empty slot value. */
export function slotMm(slot: SlotValue): MmId {
  return slot >>> 2;
}

function stateOf(slot: SlotValue): SlotSnapshot['state'] {
  return isSvaSlot(slot) ? 'sva' : isStaticSlot(slot) ? 'static' : 'abort';
}

/** One device's PASID table. */
export class PasidTable {
  private readonly directory: (Int32Array | undefined)[] = [];

  /** The slot value of a PASID (0 when empty or out of range). */
  get(pasid: Pasid): SlotValue {
    const leaf = this.directory[pasid >>> LEAF_BITS];
    return leaf === undefined ? 0 : leaf[pasid & (LEAF_SIZE - 1)];
  }

  /** Points the slot at `mm`'s page table (first bond). */
  setSva(pasid: Pasid, mm: MmId): void {
    this.put(pasid, mm * 4);
  }

  /** Points the slot at `mm`'s static-share regions on the device (first bond of a 'pasid-static' device). */
  setStatic(pasid: Pasid, mm: MmId): void {
    this.put(pasid, mm * 4 + STATIC);
  }

  /** Makes a non-empty slot `abort` (its mm was torn down, SPEC §5). */
  setAbort(pasid: Pasid): void {
    const slot = this.get(pasid);
    if (slot !== 0) this.put(pasid, (slot & ~3) | ABORT);
  }

  /** Empties the slot (last unbind, device removal). */
  clear(pasid: Pasid): void {
    const leaf = this.directory[pasid >>> LEAF_BITS];
    if (leaf !== undefined) leaf[pasid & (LEAF_SIZE - 1)] = 0;
  }

  /** Every non-empty slot, ascending by PASID. */
  slots(): SlotSnapshot[] {
    const out: SlotSnapshot[] = [];
    this.directory.forEach((leaf, d) => {
      if (leaf === undefined) return;
      for (let i = 0; i < LEAF_SIZE; i++) {
        const slot = leaf[i];
        if (slot !== 0) out.push({ pasid: d * LEAF_SIZE + i, state: stateOf(slot), mm: slotMm(slot) });
      }
    });
    return out;
  }

  private put(pasid: Pasid, value: SlotValue): void {
    const d = pasid >>> LEAF_BITS;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: padding only keeps the directory packed (MUTATION.md: packing)
    while (this.directory.length <= d) this.directory.push(undefined);
    let leaf = this.directory[d];
    if (leaf === undefined) this.directory[d] = leaf = new Int32Array(LEAF_SIZE);
    leaf[pasid & (LEAF_SIZE - 1)] = value;
  }
}
