// Queue references and release (SPEC §6 "Release", §S-5): references = fds + mapped regions; at
// zero a live queue is drained (if started), frees its hardware queue, unbinds, and may drop the
// mm; a zombie is just freed.

import { liveProcess, queueOfFd, deviceOfQueue } from '../checks.ts';
import { unbind } from '../iommu/bonds.ts';
import { dropMmIfUnused } from '../iommu/mm-lifetime.ts';
import { report, type ModelState, type Process, type Queue } from '../state.ts';
import { drainQueue } from './drain.ts';
import { freeStaticShare } from './static-share.ts';

/** A queue's references: fds pointing at it plus its mapped regions (§S-5). */
export function queueReferences(queue: Queue): number {
  const ss = queue.staticShare?.holder === undefined ? 0 : 1; // the static-share mapping (R22)
  return queue.fdRefs + (queue.regions.mmio === undefined ? 0 : 1) + (queue.regions.dus === undefined ? 0 : 1) + ss;
}

/** Call after removing one reference: releases the queue if none remain. */
export function dropQueueReference(state: ModelState, queue: Queue): void {
  if (queueReferences(queue) === 0) releaseQueue(state, queue);
}

/**
 * Release (§S-5), in order: (1) drain if started, else drop pending work; (2) free the hardware
 * queue; (3) unbind; (4) drop the mm if it exited and this was its last bond. Then free the record.
 */
export function releaseQueue(state: ModelState, queue: Queue): void {
  // a zombie's bond went with the removal: unbinding it again at its last close (bug 18) drops the
  // bond count below zero
  if (queue.state !== 'zombie') {
    const device = deviceOfQueue(state, queue);
    report(state, { kind: 'queueReleased', queue: queue.id, pending: queue.pending.length });
    if (queue.state === 'started') drainQueue(state, device, queue);
    queue.pending = [];
    // the region goes after the drain (the drain may still DMA into it) and before the unbind (R22)
    freeStaticShare(state, queue);
    if (queue.hwQueue !== undefined) device.hwQueues[queue.hwQueue] = undefined;
    queue.hwQueue = undefined;
    const mm = state.mms.get(queue.mm);
    if (mm === undefined) throw new Error(`model bug: live queue ${queue.id} has a dropped mm`);
    // unbind only after the drain: otherwise the drained descriptors abort on a cleared slot (bug 9)
    unbind(state, device, mm);
    dropMmIfUnused(state, mm.id);
  }
  state.queues.delete(queue.id);
}

/** Closes one fd of a process (one reference less), which may release its queue. */
export function closeFd(state: ModelState, process: Process, fd: number): void {
  const queue = queueOfFd(state, process, fd);
  process.fds.delete(fd);
  queue.fdRefs--;
  dropQueueReference(state, queue);
}

/** `close(pid, fd)`: ESRCH; EBADF; drops the fd. Works on a zombie. */
export function close(state: ModelState, pid: unknown, fd: unknown): void {
  const process = liveProcess(state, pid);
  queueOfFd(state, process, fd);
  closeFd(state, process, fd as number);
}
