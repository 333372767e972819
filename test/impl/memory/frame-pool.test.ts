// The frame pool (impl/memory/frame-pool.ts): a fresh pool hands out frames 0, 1, 2 … zeroed with one
// reference; a frame whose last reference is dropped is free again (free count back up) and is the
// next one handed out; none free → -1.

import { describe, expect, it } from 'vitest';
import { FramePool } from '../../../impl/memory/frame-pool.ts';

describe('FramePool', () => {
  it('hands out frames in ascending order, each zeroed with one reference, then -1', () => {
    const pool = new FramePool(3, 16);
    pool.bytes.fill(0xaa);
    expect([pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()]).toEqual([0, 1, 2, -1]);
    expect(Array.from(pool.refcount)).toEqual([1, 1, 1]);
    expect(pool.bytes.every((b) => b === 0)).toBe(true);
    expect(pool.freeCount).toBe(0);
  });

  it('frees a frame at its last reference and hands it out next', () => {
    const pool = new FramePool(4, 16);
    for (let i = 0; i < 3; i++) pool.allocate();
    pool.retain(1);
    pool.release(1);
    expect(pool.freeCount).toBe(1);
    pool.release(1);
    expect(pool.freeCount).toBe(2);
    expect(pool.refcount[1]).toBe(0);
    expect(pool.allocate()).toBe(1);
    expect(pool.allocate()).toBe(3);
    expect(pool.allocate()).toBe(-1);
  });
});
