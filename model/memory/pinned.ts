// Static-share pages are pinned (SPEC §14, R22, §S-15): the ranges of an mm that belong to one of its
// queues' static-share regions. munmap and mprotect touching them → EINVAL; fork, reclaim and
// migrate leave them alone; exit keeps them until the queue's release frees the frames. Hazard: a
// pinned page that moves or is shared is a frame the device still writes after the CPU left it.

import type { MmId } from '../../interface/index.ts';
import type { ModelState } from '../state.ts';

/** A pinned range `[start, end)` of an mm. */
export interface PinnedRange {
  readonly start: number;
  readonly end: number;
}

/** The static-share regions of mm `mmId` (one per queue that has one), ascending by start. */
export function pinnedRanges(state: ModelState, mmId: MmId): PinnedRange[] {
  const ps = state.config.pageSize;
  const out: PinnedRange[] = [];
  for (const queue of state.queues.values()) {
    const ss = queue.staticShare;
    if (queue.mm === mmId && ss !== undefined) out.push({ start: ss.va, end: ss.va + ss.frames.length * ps });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Whether `[start, end)` touches a pinned page of the mm. */
export function touchesPinned(state: ModelState, mmId: MmId, start: number, end: number): boolean {
  return pinnedRanges(state, mmId).some((r) => r.start < end && start < r.end);
}

/** Whether the page at `page` is pinned in the mm. */
export function isPinnedPage(state: ModelState, mmId: MmId, page: number): boolean {
  return touchesPinned(state, mmId, page, page + state.config.pageSize);
}

/** The pieces of `[start, end)` outside every pinned range of the mm, ascending. */
export function unpinnedPieces(state: ModelState, mmId: MmId, start: number, end: number): PinnedRange[] {
  const out: PinnedRange[] = [];
  let at = start;
  for (const r of pinnedRanges(state, mmId)) {
    if (r.end <= at || r.start >= end) continue;
    if (r.start > at) out.push({ start: at, end: r.start });
    at = Math.max(at, r.end);
  }
  if (at < end) out.push({ start: at, end });
  return out;
}
