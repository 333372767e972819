// The memory layer's swap slots (impl/memory/memory.ts over swap-store.ts): a reclaimed page holds
// one slot until it is swapped back in or unmapped; munmap and exit give the slots of swapped pages
// back to the store (no slot leaks, freed slots are reused first) and frames back to the pool.

import { describe, expect, it } from 'vitest';
import { Memory } from '../../../impl/memory/memory.ts';
import { PERM_R, PERM_W } from '../../../impl/memory/prot-bits.ts';
import { pattern } from '../../support/impl-queue.ts';
import { resolveConfig } from 'warpdrive-sva';

const PAGE = 256;

/** A memory of 8 frames and an mm with pages 1 and 2 written and swapped out (slots 0 and 1). */
function twoSwapped() {
  const memory = new Memory(resolveConfig({ pageSize: PAGE, frames: 8, vaBits: 20 }), () => {});
  const mm = memory.createMm(1);
  memory.mmap(mm, PAGE, 3 * PAGE, PERM_R | PERM_W);
  memory.write(mm, PAGE, pattern(3 * PAGE));
  memory.reclaim(mm, PAGE);
  memory.reclaim(mm, 2 * PAGE);
  expect([memory.swap.load(0), memory.swap.load(1)]).toEqual([
    pattern(3 * PAGE).subarray(0, PAGE),
    pattern(3 * PAGE).subarray(PAGE, 2 * PAGE),
  ]);
  expect(memory.frames.freeCount).toBe(7);
  return { memory, mm };
}

describe('swap slots of the memory layer', () => {
  it('munmap of a swapped page frees its slot, which the next reclaim reuses', () => {
    const { memory, mm } = twoSwapped();
    memory.munmap(mm, PAGE, PAGE);
    expect(() => memory.swap.load(0)).toThrow('swap slot 0 is empty');
    expect(memory.swap.load(1)).toEqual(pattern(3 * PAGE).subarray(PAGE, 2 * PAGE));
    memory.reclaim(mm, 3 * PAGE);
    expect(memory.swap.load(0)).toEqual(pattern(3 * PAGE).subarray(2 * PAGE));
    expect(memory.frames.freeCount).toBe(8);
  });

  it('exit frees the slots of every swapped page and every frame', () => {
    const { memory, mm } = twoSwapped();
    memory.teardown(mm);
    expect(() => memory.swap.load(0)).toThrow('swap slot 0 is empty');
    expect(() => memory.swap.load(1)).toThrow('swap slot 1 is empty');
    expect(memory.frames.freeCount).toBe(8);
  });

  it('swapping a page back in frees its slot', () => {
    const { memory, mm } = twoSwapped();
    expect(memory.read(mm, 2 * PAGE, 4)).toEqual(pattern(3 * PAGE).subarray(PAGE, PAGE + 4)); // a read leaves it swapped
    memory.write(mm, 2 * PAGE, pattern(4, 9));
    expect(() => memory.swap.load(1)).toThrow('swap slot 1 is empty');
    expect(memory.read(mm, 2 * PAGE, 8)).toEqual(
      new Uint8Array([...pattern(4, 9), ...pattern(3 * PAGE).subarray(PAGE + 4, PAGE + 8)]),
    );
  });
});
