// Bug 43 (issue 10, ordering under scarcity): exit releases its queues (draining them, which answers
// every queued page-request group) before it frees the process's pages, instead of after (§S-7). The
// order shows only when no frame is free: a group of another process answered during that drain is
// INVALID for lack of a frame, where the model had freed the exiting process's frames first.
// Linux analogue: teardown-order slips between exit_mm and exit_files (an mmput deferred past the
// release of a device file whose drain needs the memory).

import { closeFd, dropReference } from '../impl/device/release.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import { abortSlotsOf } from '../impl/iommu/slots.ts';
import type { Pid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose exit frees the pages last. */
export class ExitFreesFramesLate extends WarpDriveSystem {
  override exit(pid: Pid): void {
    const proc = this.liveProcess(pid);
    const mm = proc.mm;
    this.processTable.delete(pid);
    mm.exited = true;
    this.destroyFaultQueuesOf(pid);
    abortSlotsOf(this, mm);
    for (const queue of [...this.queues.values()]) {
      if (queue.mmio === pid) {
        queue.mmio = 0;
        dropReference(this, queue);
      }
      if (queue.dus === pid) {
        queue.dus = 0;
        dropReference(this, queue);
      }
    }
    for (const fd of [...proc.fds.keys()].sort((a, b) => a - b)) closeFd(this, proc, fd);
    // The bug: the pages go after the queues were released (and drained), not before.
    this.memory.teardown(mm);
    this.dropMmIfUnused(mm);
  }
}

/** Bug 43 of the zoo. */
export const bug43: ZooBug = {
  id: 43,
  name: 'exit-frees-frames-late',
  description:
    "exit drains its queues before freeing its pages: another process's fault is refused for lack of a frame",
  analogue: 'exit teardown order (exit_mm vs exit_files): memory freed after a device release that needed it',
  create: (config) => new ExitFreesFramesLate(config),
};
