// Queue references and release in the impl (SPEC §6 "Release", §S-5): at zero references a live
// queue is drained (if started, else its work dropped), frees its hardware queue, unbinds, and may
// drop the mm; a zombie is just freed. Unbind comes after the drain: the drain needs the slot.

import type { Fd } from '../../interface/index.ts';
import type { Device } from '../device.ts';
import { unbind } from '../iommu/bonds.ts';
import type { Queue } from '../queue.ts';
import type { Process } from '../state.ts';
import type { WarpDriveSystem } from '../system.ts';
import { drainQueue } from './drain.ts';
import { freeStaticShare } from './static-share.ts';

/** Call after dropping one reference: the queue is released (the zoo's seam) when none remain. @internal */
export function dropReference(sys: WarpDriveSystem, queue: Queue): void {
  if (queue.references === 0) sys.release(queue);
}

/** Release at zero references, in the order of §S-5. @internal */
export function releaseQueue(sys: WarpDriveSystem, queue: Queue): void {
  if (queue.state === 'zombie') {
    sys.queues.delete(queue.id);
    return;
  }
  const device = sys.devices[queue.device];
  if (queue.state === 'started') drainQueue(sys, queue);
  else dropWork(queue);
  // the region goes after the drain (which may still DMA into it), before the unbind (R22)
  freeStaticShare(sys, queue);
  freeHardwareQueue(device, queue);
  unbind(sys, device, queue.mm);
  sys.dropMmIfUnused(queue.mm);
  sys.queues.delete(queue.id);
}

/** Returns the queue's hardware queue to the device's pool. @internal */
export function freeHardwareQueue(device: Device, queue: Queue): void {
  // Stryker disable next-line ConditionalExpression: a live queue keeps its hardware queue until release; only bug 19 frees it earlier
  if (device.hwQueues[queue.hwQueue] === queue) device.hwQueues[queue.hwQueue] = undefined;
}

/** Drops a queue's pending descriptors and unread completions. @internal */
export function dropWork(queue: Queue): void {
  queue.rings.reset();
  queue.pendingCount = 0;
  queue.unreadCount = 0;
  queue.headDone = 0;
  queue.headCrc = 0;
}

/** Closes one fd of a live process; may release its queue. @internal */
export function closeFd(sys: WarpDriveSystem, proc: Process, fd: Fd): void {
  const queue = proc.fds.get(fd);
  if (queue === undefined) return;
  proc.fds.delete(fd);
  queue.fdRefs--;
  dropReference(sys, queue);
}
