// A frame pool: reference counts (PTEs), pins (R3) and lazily stored contents (a frame never written
// reads as zeros). The host's pool holds the physical frames; a guest's pool holds its VM's GPA
// pages, whose bytes live in the host frames stage 2 names (§S-14). Both take the lowest free frame
// (R2); taking one zeroes it, freeing one leaves its bytes until then (a GPA page's host frame is still
// the VMM's, and a 'noiommu' device can read a freed host frame, so both sides agree on what it holds).

import type { Access } from '../../interface/index.ts';
import type { FramePool } from '../state.ts';

/** Where a frame's bytes live: in the pool itself (host), or in the host frame stage 2 maps a GPA page to. */
interface BytesHome {
  readonly pool: FramePool;
  readonly frame: number;
}

/** The home of `frame`'s bytes; undefined for a GPA page stage 2 does not map (nothing to read or write). */
function homeOf(pool: FramePool, frame: number): BytesHome | undefined {
  if (pool.stage2 === undefined) return { pool, frame };
  const entry = pool.stage2.entries.get(frame);
  return entry === undefined ? undefined : { pool: pool.stage2.host, frame: entry.frame };
}

/**
 * Whether the frame's bytes can be reached for `access`: always on the host; for a GPA page, when
 * stage 2 maps it with a prot containing the access (R14: the guest kernel's own accesses check stage 2).
 */
export function stage2Grants(pool: FramePool, frame: number, access: Access): boolean {
  if (pool.stage2 === undefined) return true;
  return pool.stage2.entries.get(frame)?.prot.includes(access) ?? false;
}

/** Whether a frame with no PTE and no pin could be taken: any host frame; a GPA page stage 2 maps `rw` (R2). */
function isUsable(pool: FramePool, frame: number): boolean {
  return stage2Grants(pool, frame, 'r') && stage2Grants(pool, frame, 'w');
}

/** Whether the frame is free: no PTE, no pin, usable. */
export function isFreeFrame(pool: FramePool, frame: number): boolean {
  return pool.refs[frame] === 0 && pool.pins[frame] === 0 && isUsable(pool, frame);
}

/** Recounts the free frames (a guest's pool, after its stage 2 changed). */
export function recountFreeFrames(pool: FramePool): void {
  let free = 0;
  for (let frame = 0; frame < pool.total; frame++) if (isFreeFrame(pool, frame)) free++;
  pool.freeCount = free;
}

/** Takes the lowest free frame with one reference and zero contents. The caller checks `freeCount > 0` first. */
export function allocateFrame(pool: FramePool): number {
  for (let frame = 0; frame < pool.total; frame++) {
    if (isFreeFrame(pool, frame)) {
      pool.refs[frame] = 1;
      pool.freeCount--;
      // a new frame reads as zeros (R2: taking it zeroes it; for a GPA page, its host frame)
      const home = homeOf(pool, frame);
      if (home !== undefined) home.pool.contents.delete(home.frame);
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

/** A frame whose last PTE or pin just went: free again, its bytes kept until it is taken (R2). */
function released(pool: FramePool, frame: number): void {
  if (pool.refs[frame] !== 0 || pool.pins[frame] !== 0) return;
  if (isUsable(pool, frame)) pool.freeCount++;
}

/** Drops one reference; the frame is freed when no PTE and no pin remain. */
export function dropFrameReference(pool: FramePool, frame: number): void {
  if (pool.refs[frame] <= 0) throw new Error(`model bug: dropping a reference of free frame ${frame}`);
  pool.refs[frame]--;
  released(pool, frame);
}

/** One more pin of an allocated frame (R3: a stage-2 entry holds its frame). */
export function pinFrame(pool: FramePool, frame: number): void {
  if (pool.refs[frame] <= 0 && pool.pins[frame] <= 0) throw new Error(`model bug: pinning free frame ${frame}`);
  pool.pins[frame]++;
}

/** One pin less; the frame is freed when no PTE and no pin remain. */
export function unpinFrame(pool: FramePool, frame: number): void {
  if (pool.pins[frame] <= 0) throw new Error(`model bug: unpinning unpinned frame ${frame}`);
  pool.pins[frame]--;
  released(pool, frame);
}

/** Whether the frame is pinned (R3: reclaim and migrate leave it alone; fork copies it at once). */
export function isPinned(pool: FramePool, frame: number): boolean {
  return pool.pins[frame] > 0;
}

/** The frame's bytes for writing (created zeroed on first write). The caller checked stage 2 grants `w`. */
export function writableFrameBytes(pool: FramePool, frame: number, pageSize: number): Uint8Array {
  const home = homeOf(pool, frame);
  if (home === undefined) throw new Error(`model bug: writing GPA page ${frame} that stage 2 does not map`);
  let bytes = home.pool.contents.get(home.frame);
  if (bytes === undefined) {
    bytes = new Uint8Array(pageSize);
    home.pool.contents.set(home.frame, bytes);
  }
  return bytes;
}

/** Replaces the frame's bytes with `bytes` (swap-in, COW copy, migrate). */
export function setFrameBytes(pool: FramePool, frame: number, bytes: Uint8Array): void {
  const home = homeOf(pool, frame);
  if (home === undefined) throw new Error(`model bug: filling GPA page ${frame} that stage 2 does not map`);
  home.pool.contents.set(home.frame, bytes);
}

/** A fresh copy of the frame's bytes (zeros for a GPA page stage 2 does not map: what a snapshot shows). */
export function copyOfFrameBytes(pool: FramePool, frame: number, pageSize: number): Uint8Array {
  const home = homeOf(pool, frame);
  const bytes = home === undefined ? undefined : home.pool.contents.get(home.frame);
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
  const home = homeOf(pool, frame);
  const bytes = home === undefined ? undefined : home.pool.contents.get(home.frame);
  if (bytes === undefined) out.fill(0, outOffset, outOffset + length);
  else out.set(bytes.subarray(offset, offset + length), outOffset);
}
