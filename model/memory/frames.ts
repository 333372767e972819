// The physical frame pool: reference counts and lazily stored contents (a frame never written
// reads as zeros). R2: the lowest free frame is taken, zeroed; a freed frame keeps its bytes until
// then (a 'noiommu' device can read them, so both sides must agree on which frame and what bytes).

import type { FramePool } from '../state.ts';

/** Takes the lowest free frame with one reference and zero contents. The caller checks `freeCount > 0` first. */
export function allocateFrame(pool: FramePool): number {
  for (let frame = 0; frame < pool.total; frame++) {
    if (pool.refs[frame] === 0) {
      pool.refs[frame] = 1;
      pool.freeCount--;
      pool.contents.delete(frame); // a new frame reads as zeros
      return frame;
    }
  }
  throw new Error('model bug: allocateFrame called with no free frame');
}

/** Adds one reference (one more PTE points at the frame). */
export function addFrameReference(pool: FramePool, frame: number): void {
  if (pool.refs[frame] <= 0) throw new Error(`model bug: referencing free frame ${frame}`);
  pool.refs[frame]++;
}

/** Drops one reference; the frame is freed when none remain (its bytes stay until it is taken, R2). */
export function dropFrameReference(pool: FramePool, frame: number): void {
  if (pool.refs[frame] <= 0) throw new Error(`model bug: dropping a reference of free frame ${frame}`);
  pool.refs[frame]--;
  if (pool.refs[frame] === 0) pool.freeCount++;
}

/** The frame's bytes for writing (created zeroed on first write). */
export function writableFrameBytes(pool: FramePool, frame: number, pageSize: number): Uint8Array {
  let bytes = pool.contents.get(frame);
  if (bytes === undefined) {
    bytes = new Uint8Array(pageSize);
    pool.contents.set(frame, bytes);
  }
  return bytes;
}

/** A fresh copy of the frame's bytes. */
export function copyOfFrameBytes(pool: FramePool, frame: number, pageSize: number): Uint8Array {
  const bytes = pool.contents.get(frame);
  return bytes === undefined ? new Uint8Array(pageSize) : bytes.slice();
}

/** Copies `length` bytes at `offset` of the frame into `out` at `outOffset` (zeros for an unwritten frame). */
export function readFrameInto(
  pool: FramePool,
  frame: number,
  offset: number,
  length: number,
  out: Uint8Array,
  outOffset: number,
): void {
  const bytes = pool.contents.get(frame);
  if (bytes === undefined) out.fill(0, outOffset, outOffset + length);
  else out.set(bytes.subarray(offset, offset + length), outOffset);
}
