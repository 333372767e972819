// The swap store: contents of reclaimed pages, each in a numbered slot until swapped in or discarded.

/** Swapped-out page contents, addressed by slot number. */
export class SwapStore {
  private readonly slots: (Uint8Array | undefined)[] = [];
  private readonly freeSlots: number[] = [];

  /** Stores a copy of `bytes` and returns its slot. */
  store(bytes: Uint8Array): number {
    const copy = bytes.slice();
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.slots.length;
    this.slots[slot] = copy;
    return slot;
  }

  /** The contents of a slot (do not modify). */
  load(slot: number): Uint8Array {
    const bytes = this.slots[slot];
    if (bytes === undefined) throw new Error(`swap slot ${slot} is empty`);
    return bytes;
  }

  /** A new slot holding a copy of `slot`'s contents (fork copies swap, SPEC §4). */
  duplicate(slot: number): number {
    return this.store(this.load(slot));
  }

  /** Frees a slot; its contents are gone. */
  discard(slot: number): void {
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
  }
}
