// Process exit in the impl (SPEC §4 "exit", §S-7), in order: the process leaves the table, its slots
// become abort, its memory is torn down, the regions it mapped and then its fds are dropped (each may
// release a queue), and the mm is dropped once no bond remains — never earlier: a PASID freed while
// a bond remains is reused by the next open and the old device work reaches the new mm (bug 8).

import type { Pid } from '../interface/index.ts';
import { closeFd, dropReference } from './device/release.ts';
import { dropStaticShareMapping } from './device/static-share.ts';
import { abortSlotsOf } from './iommu/slots.ts';
import type { WarpDriveSystem } from './system.ts';

/** `exit(pid)` of a live process. @internal */
export function exitProcess(sys: WarpDriveSystem, pid: Pid): void {
  const proc = sys.liveProcess(pid);
  const mm = proc.mm;
  sys.processTable.delete(pid);
  mm.exited = true;
  sys.destroyVmsOf(pid); // R18: the VMM's VMs, by ascending id, right after it stops being live
  // R8 aborts the mm's slots, then destroys the process's fault queues; each step answers INVALID
  // the groups it removes, and answers to different waiting queues commute, so destroying first
  // (routes back to the kernel, every group in the queues answered by destroy) is the same.
  sys.destroyFaultQueuesOf(pid);
  abortSlotsOf(sys, mm);
  sys.memory.teardown(mm);
  for (const queue of [...sys.queues.values()]) {
    if (queue.mmio === pid) {
      queue.mmio = 0;
      dropReference(sys, queue);
    }
    if (queue.dus === pid) {
      queue.dus = 0;
      dropReference(sys, queue);
    }
    dropStaticShareMapping(sys, queue, pid); // after mmio and dus (R22)
  }
  for (const fd of [...proc.fds.keys()].sort((a, b) => a - b)) closeFd(sys, proc, fd);
  sys.dropMmIfUnused(mm);
}
