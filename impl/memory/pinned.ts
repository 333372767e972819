// Pinned static-share pages in the impl (SPEC §14, R22, §S-14): each mm keeps the ranges of its
// queues' static-share regions. munmap and mprotect touching one → EINVAL; fork, reclaim and migrate
// leave them alone; exit's teardown keeps them until the queue's release. Hazard: a pinned frame
// swapped, migrated or COW-shared (bug 40) is one the device keeps writing after the CPU moved on.

import type { Mm } from './mm.ts';

/** Whether `[start, end)` (bytes) touches a pinned range of the mm. */
export function touchesPinned(mm: Mm, start: number, end: number): boolean {
  for (const r of mm.pinned) if (r.start < end && start < r.end) return true;
  return false;
}

/** Whether the byte address `addr` lies in a pinned range of the mm. */
export function isPinnedAddress(mm: Mm, addr: number): boolean {
  return touchesPinned(mm, addr, addr + 1);
}

/** Adds a pinned range (mapSs). */
export function addPinned(mm: Mm, start: number, end: number): void {
  mm.pinned.push({ start, end });
}

/** Removes the pinned range starting at `start` (the region's release). */
export function removePinned(mm: Mm, start: number): void {
  const i = mm.pinned.findIndex((r) => r.start === start);
  if (i >= 0) mm.pinned.splice(i, 1);
}
