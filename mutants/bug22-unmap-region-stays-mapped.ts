// Bug 22 (SPEC §9): unmapRegion leaves the region marked mapped, so it can never be mapped again
// (EEXIST forever), its reference is never dropped, and the unmapping process can still send.
// Linux analogue: uacce's vma close callback not clearing q->qfrs[type] — the region stays
// "mapped" after munmap and the next mmap of it fails with EEXIST.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Fd, Pid, Region } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose unmapRegion forgets to clear the mapping. */
export class UnmapRegionStaysMapped extends WarpDriveSystem {
  override unmapRegion(pid: Pid, fd: Fd, region: Region): void {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    super.unmapRegion(pid, fd, region);
    // The bug: the mapping record survives the unmap (the fd keeps the queue alive, so it is not released).
    queue[region] = pid;
  }
}

/** Bug 22 of the zoo. */
export const bug22: ZooBug = {
  id: 22,
  name: 'unmap-region-stays-mapped',
  description: 'unmapRegion leaves the region marked mapped (EEXIST forever)',
  analogue: "uacce vma close callback not clearing q->qfrs[type], so the region can't be mmapped again",
  create: (config) => new UnmapRegionStaysMapped(config),
};
