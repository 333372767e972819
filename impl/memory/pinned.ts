// Pinned static-share pages in the impl (SPEC §14, R22, §S-15): each mm keeps the ranges of its
// queues' static-share regions. munmap and mprotect touching one → EINVAL; fork, reclaim and migrate
// leave them alone; exit's teardown keeps them until the queue's release. Hazard: a pinned frame
// swapped, migrated or COW-shared (bug 40) is one the device keeps writing after the CPU moved on.

import { WarpDriveError } from '../../interface/index.ts';
import type { Memory } from './memory.ts';
import type { Mm } from './mm.ts';
import { presentEntry } from './page-table.ts';
import { PERM_R, PERM_W } from './prot-bits.ts';

/** Whether `[start, end)` (bytes) touches a pinned range of the mm. */
export function touchesPinned(mm: Mm, start: number, end: number): boolean {
  for (const r of mm.pinned) if (r.start < end && start < r.end) return true;
  return false;
}

/** Whether the byte address `addr` lies in a pinned range of the mm. */
export function isPinnedAddress(mm: Mm, addr: number): boolean {
  return touchesPinned(mm, addr, addr + 1);
}

/**
 * Maps a static-share region (mapSs) and pins its range: `pages` zeroed frames, lowest first (R2),
 * present `rw` and private at `va`, the area `rw`. ENOMEM with nothing taken when there are too few
 * frames or a frame or page-table page is refused (R23). Returns the frames in page order.
 */
export function mapPinned(memory: Memory, mm: Mm, va: number, pages: number): number[] {
  const frames = memory.frames;
  if (pages > frames.freeCount)
    throw new WarpDriveError('ENOMEM', `static share needs ${pages} frames, ${frames.freeCount} free`);
  const first = va / memory.pageSize;
  const taken: number[] = [];
  const fail = (): never => {
    for (let i = taken.length - 1; i >= 0; i--) frames.release(taken[i]);
    throw new WarpDriveError('ENOMEM', 'mapSs: no memory for the static-share region');
  };
  for (let i = 0; i < pages; i++) {
    const frame = frames.allocate();
    if (frame < 0) fail();
    taken.push(frame);
  }
  if (!mm.pageTable.reserveTables(first, first + pages - 1)) fail();
  for (let i = 0; i < pages; i++) mm.pageTable.set(first + i, presentEntry(taken[i], PERM_R | PERM_W));
  mm.vmas.insert(va, va + pages * memory.pageSize, PERM_R | PERM_W);
  mm.pinned.push({ start: va, end: va + pages * memory.pageSize });
  return taken;
}

/** Removes the pinned range starting at `start` (the region's release). */
export function removePinned(mm: Mm, start: number): void {
  const i = mm.pinned.findIndex((r) => r.start === start);
  if (i >= 0) mm.pinned.splice(i, 1);
}
