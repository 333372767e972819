// Bug 39 (SPEC §14): ssDma accepts `index` equal to the region's size and returns the next frame's
// physical address — a frame the queue does not own, which a 'noiommu' device then reads or writes.
// Linux analogue: an off-by-one bounds check (`>` for `>=`) on UACCE_CMD_GET_SS_DMA's page index.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Fd, Pid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose ssDma checks `index > pages`. */
export class SsDmaIndexPastEnd extends WarpDriveSystem {
  override ssDma(pid: Pid, fd: Fd, index: number): number {
    const ss = this.queueOfFd(this.liveProcess(pid), fd).staticShare;
    // The bug: one past the last page is "inside", and names the frame after the last one.
    if (ss !== undefined && index === ss.frames.length)
      return (super.ssDma(pid, fd, index - 1) / this.pageSize + 1) * this.pageSize;
    return super.ssDma(pid, fd, index);
  }
}

/** Bug 39 of the zoo. */
export const bug39: ZooBug = {
  id: 39,
  name: 'ssdma-index-past-end',
  description: "ssDma accepts index equal to the region's size (the next, unowned frame)",
  analogue: 'an off-by-one (> for >=) bounds check of the page index of UACCE_CMD_GET_SS_DMA',
  create: (config) => new SsDmaIndexPastEnd(config),
};
