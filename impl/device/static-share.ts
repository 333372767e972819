// Static-share regions in the impl (SPEC §14, R22, §S-15): `mapSs` takes the region's frames at once
// (lowest free first, R2; ENOMEM and nothing taken when a frame or page-table page is refused, the
// R23 site), maps them `rw` in the queue's mm and, for a 'pasid-static' device, in its static table
// under the mm's PASID; `ssDma` is a page's physical address. Release and removal free the region.

import { WarpDriveError, formatArgument, type Pid } from '../../interface/index.ts';
import { mapPinned, removePinned } from '../memory/pinned.ts';
import type { Queue } from '../queue.ts';
import type { Process } from '../state.ts';
import type { WarpDriveSystem } from '../system.ts';
import { dropReference } from './release.ts';

/** `mapSs`'s first EINVAL (after ESRCH, EBADF, ENXIO): a device in 'sva' mode has no static share. @internal */
export function checkStaticShareMode(sys: WarpDriveSystem, queue: Queue): void {
  const device = sys.devices[queue.device];
  if (device.config.mode === 'sva')
    throw new WarpDriveError('EINVAL', `device ${device.config.name} is in 'sva' mode: no static share`);
}

/** `mapSs` after the mode and range checks (as mmap): the opener, EEXIST and ENOMEM rows. @internal */
export function mapStaticShare(sys: WarpDriveSystem, proc: Process, queue: Queue, va: number, length: number): number {
  const device = sys.devices[queue.device];
  if (proc.mm !== queue.mm) throw new WarpDriveError('EINVAL', `process ${proc.pid} did not open queue ${queue.id}`);
  if (queue.staticShare !== undefined)
    throw new WarpDriveError('EEXIST', `queue ${queue.id} already has a static-share region`);
  const mm = queue.mm;
  if (mm.vmas.overlaps(va, va + length)) throw new WarpDriveError('EEXIST', `mapSs over an existing area at ${va}`);
  const pages = length / sys.pageSize;
  // all or nothing: a region that came back short (bug 38) maps pages the caller never got
  const frames = mapPinned(sys.memory, mm, va, pages);
  if (device.config.mode === 'pasid-static')
    sys.iommu.staticTables[device.index].map(mm.pasid, va / sys.pageSize, frames);
  queue.staticShare = { va, frames, holder: proc.pid };
  return va;
}

/** `ssDma` after ESRCH, EBADF, ENXIO: EINVAL unless 'noiommu', a region, and `index` inside it. @internal */
export function staticShareDma(sys: WarpDriveSystem, queue: Queue, index: number): number {
  const device = sys.devices[queue.device];
  if (device.config.mode !== 'noiommu')
    throw new WarpDriveError('EINVAL', `device ${device.config.name} is not in 'noiommu' mode`);
  const ss = queue.staticShare;
  if (ss === undefined) throw new WarpDriveError('EINVAL', `queue ${queue.id} has no static-share region`);
  // strictly inside: index === pages (bug 39) is the next frame, which the queue does not own
  if (!Number.isSafeInteger(index) || index < 0 || index >= ss.frames.length)
    throw new WarpDriveError('EINVAL', `index ${formatArgument(index)} is outside the ${ss.frames.length} pages`);
  return ss.frames[index] * sys.pageSize;
}

/** Frees a queue's region (release after the drain; removal at once): table, mm, frames (R22). @internal */
export function freeStaticShare(sys: WarpDriveSystem, queue: Queue): void {
  const ss = queue.staticShare;
  if (ss === undefined) return;
  queue.staticShare = undefined;
  const first = ss.va / sys.pageSize;
  sys.iommu.staticTables[queue.device].unmap(queue.mm.pasid, first, ss.frames.length);
  removePinned(queue.mm, ss.va); // unpinned first: munmap refuses a pinned range
  sys.memory.munmap(queue.mm, ss.va, ss.frames.length * sys.pageSize);
}

/** Exit: `pid`'s mapping of the region goes (after `mmio` and `dus`, R22), one reference less. @internal */
export function dropStaticShareMapping(sys: WarpDriveSystem, queue: Queue, pid: Pid): void {
  const ss = queue.staticShare;
  if (ss === undefined || ss.holder !== pid) return;
  ss.holder = 0;
  dropReference(sys, queue);
}
