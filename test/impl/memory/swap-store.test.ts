// The swap store (impl/memory/swap-store.ts): a slot holds a copy of the bytes stored; a discarded
// slot is empty (loading it is an internal error) and is the first one handed out again.

import { describe, expect, it } from 'vitest';
import { SwapStore } from '../../../impl/memory/swap-store.ts';

describe('SwapStore', () => {
  it('stores copies in slots 0, 1, 2 … and loads them back', () => {
    const swap = new SwapStore();
    const bytes = new Uint8Array([1, 2, 3]);
    expect([swap.store(bytes), swap.store(new Uint8Array([4]))]).toEqual([0, 1]);
    bytes[0] = 99;
    expect(swap.load(0)).toEqual(new Uint8Array([1, 2, 3]));
    expect(swap.load(1)).toEqual(new Uint8Array([4]));
  });

  it('a discarded slot is empty, and reused before a new slot is taken', () => {
    const swap = new SwapStore();
    swap.store(new Uint8Array([1]));
    swap.store(new Uint8Array([2]));
    swap.discard(0);
    expect(() => swap.load(0)).toThrow('swap slot 0 is empty');
    expect(swap.store(new Uint8Array([3]))).toBe(0);
    expect(swap.store(new Uint8Array([4]))).toBe(2);
    expect([swap.load(0), swap.load(1), swap.load(2)]).toEqual([
      new Uint8Array([3]),
      new Uint8Array([2]),
      new Uint8Array([4]),
    ]);
  });

  it('duplicate makes a new slot with a copy of the contents', () => {
    const swap = new SwapStore();
    swap.store(new Uint8Array([7, 8]));
    expect(swap.duplicate(0)).toBe(1);
    swap.discard(0);
    expect(swap.load(1)).toEqual(new Uint8Array([7, 8]));
  });
});
