// Static-share regions (SPEC §14, R22, §S-15): `mapSs` allocates a queue's region at once — zeroed
// pinned frames, lowest free first (R2), mapped `rw` at `va` in the queue's mm and in the device's
// table for its PASID — and `ssDma` gives a 'noiommu' queue the physical address of one of its pages
// (UACCE_CMD_GET_SS_DMA). The region is freed with its queue (release, device removal).

import { formatArgument, type Pid } from '../../interface/index.ts';
import { checkAlignedRange, deviceOfQueue, fail, isInteger } from '../checks.ts';
import { allocateFrame } from '../memory/frames.ts';
import { unmapRange } from '../memory/mm.ts';
import { insertVma, overlapsAnyVma } from '../memory/vmas.ts';
import type { ModelState, Queue } from '../state.ts';
import { liveQueue } from './queues.ts';
import { dropQueueReference } from './release.ts';

/**
 * `mapSs(pid, fd, va, length)`: ESRCH; EBADF; ENXIO zombie; EINVAL in 'sva' mode, unaligned or bad
 * range (as mmap), or `pid`'s mm is not the queue's (R22); EEXIST the queue has a region or `va`
 * overlaps an area; ENOMEM too few free frames (nothing taken). Returns `va`.
 */
export function mapSs(state: ModelState, pid: unknown, fd: unknown, va: unknown, length: unknown): number {
  const { process, queue } = liveQueue(state, pid, fd);
  const device = deviceOfQueue(state, queue);
  if (device.config.mode === 'sva') fail('EINVAL', `device ${device.config.name} is in 'sva' mode: no static share`);
  checkAlignedRange(state.config, va, length);
  if (va < state.config.pageSize) fail('EINVAL', `static share at ${va} below the first page`);
  if (process.mm !== queue.mm) fail('EINVAL', `process ${process.pid} did not open queue ${queue.id}`);
  const end = va + (length as number);
  if (queue.staticShare !== undefined) fail('EEXIST', `queue ${queue.id} already has a static-share region`);
  const mm = state.mms.get(queue.mm);
  if (mm === undefined) throw new Error(`model bug: live queue ${queue.id} has a dropped mm`);
  if (overlapsAnyVma(mm, va, end)) fail('EEXIST', `[${va}, ${end}) overlaps an existing area of mm ${mm.id}`);
  const pages = (length as number) / state.config.pageSize;
  // all or nothing: a region that came back short (bug 38) would map pages the caller never got
  if (pages > state.frames.freeCount)
    fail('ENOMEM', `static share needs ${pages} frames, ${state.frames.freeCount} free`);
  const frames: number[] = [];
  for (let i = 0; i < pages; i++) {
    const frame = allocateFrame(state.frames);
    frames.push(frame);
    mm.pages.set(va + i * state.config.pageSize, { state: 'present', frame });
  }
  insertVma(mm, va, end, 'rw');
  queue.staticShare = { va, frames, holder: process.pid };
  return va;
}

/**
 * `ssDma(pid, fd, index)`: ESRCH; EBADF; ENXIO; EINVAL unless the device is 'noiommu', the queue
 * has a region and `index` is an integer in `[0, pages)`. Returns the page's physical address.
 */
export function ssDma(state: ModelState, pid: unknown, fd: unknown, index: unknown): number {
  const { queue } = liveQueue(state, pid, fd);
  const device = deviceOfQueue(state, queue);
  if (device.config.mode !== 'noiommu') fail('EINVAL', `device ${device.config.name} is not in 'noiommu' mode`);
  const ss = queue.staticShare;
  if (ss === undefined) fail('EINVAL', `queue ${queue.id} has no static-share region`);
  // strictly inside: index === pages (bug 39) is the next frame, which the queue does not own
  if (!isInteger(index) || index < 0 || index >= ss.frames.length)
    fail('EINVAL', `index ${formatArgument(index)} is outside the ${ss.frames.length} pages of the region`);
  return ss.frames[index] * state.config.pageSize;
}

/**
 * Frees a queue's region (release after the drain, R22; device removal at once): its pages leave
 * the mm (frames freed), so the device table no longer has them. The mapping reference goes too.
 */
export function freeStaticShare(state: ModelState, queue: Queue): void {
  const ss = queue.staticShare;
  if (ss === undefined) return;
  queue.staticShare = undefined;
  const mm = state.mms.get(queue.mm);
  if (mm !== undefined) unmapRange(state, mm, ss.va, ss.va + ss.frames.length * state.config.pageSize);
}

/** Removes `pid`'s mapping of the queue's region (exit, after `mmio` and `dus`, R22): one reference less. */
export function dropStaticShareMapping(state: ModelState, queue: Queue, pid: Pid): void {
  const ss = queue.staticShare;
  if (ss === undefined || ss.holder !== pid) return;
  ss.holder = undefined;
  dropQueueReference(state, queue);
}
