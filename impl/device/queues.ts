// Queue lifecycle in the impl (SPEC §6 "Queues", §S-5, §S-9): open takes the PASID (kept even if
// open then fails), checks EOVERFLOW and EBUSY, then binds and gives the lowest free fd; START_Q and
// PUT_Q move the state; send fills the submission ring; recv drains the completion ring.

import { WarpDriveError, type Completion, type Descriptor, type Fd, type QueueInfo } from '../../interface/index.ts';
import { fail } from '../checks.ts';
import type { Device } from '../device.ts';
import { bind } from '../iommu/bonds.ts';
import { Queue } from '../queue.ts';
import type { Process } from '../state.ts';
import type { WarpDriveSystem } from '../system.ts';
import { drainQueue } from './drain.ts';

/** `open`: a new queue of `dev` in `proc` on its lowest free fd (§S-5 order of errnos). @internal */
export function openQueue(sys: WarpDriveSystem, proc: Process, dev: Device): Fd {
  const mm = proc.mm;
  // R13: a device assigned to a VM is the guest's: EBUSY before any PASID is allocated
  if (dev.assignedTo !== 0) throw new WarpDriveError('EBUSY', `device ${dev.config.name} is assigned to a VM`);
  const noiommu = dev.config.mode === 'noiommu'; // no PASID at all (SPEC §14)
  if (mm.pasid === 0 && !noiommu) {
    const pasid = sys.iommu.pasids.allocate(mm.id);
    if (pasid === 0) throw new WarpDriveError('ENOSPC', 'PASID space exhausted');
    mm.pasid = pasid;
  }
  if (!noiommu && mm.pasid >= 2 ** dev.config.pasidBits) {
    const bits = dev.config.pasidBits;
    throw new WarpDriveError('EOVERFLOW', `PASID ${mm.pasid} does not fit ${dev.config.name}'s ${bits} bits`);
  }
  const hw = dev.lowestFreeHwQueue();
  if (hw < 0) throw new WarpDriveError('EBUSY', `no free hardware queue on ${dev.config.name}`);
  let fd = 3;
  while (proc.fds.has(fd)) fd++;
  const queue = new Queue(sys.nextQueueId++, dev.index, mm, hw, sys.components.queueRings(dev.config.ringDepth));
  dev.hwQueues[hw] = queue;
  sys.queues.set(queue.id, queue);
  proc.fds.set(fd, queue);
  bind(sys, dev, mm);
  return fd;
}

/** START_Q: EINVAL if already started. @internal */
export function startQueue(queue: Queue): void {
  if (queue.state === 'started') fail(`queue ${queue.id} already started`);
  queue.state = 'started';
}

/** PUT_Q: a started queue drains and returns to `init`; completions stay readable. @internal */
export function stopQueue(sys: WarpDriveSystem, queue: Queue): void {
  if (queue.state !== 'started') return;
  drainQueue(sys, queue);
  queue.state = 'init';
}

/** Queues checked descriptors in order, EBUSY if they do not all fit; returns how many. @internal */
export function sendDescriptors(queue: Queue, list: readonly Descriptor[]): number {
  if (list.length > queue.rings.freeSlots()) {
    throw new WarpDriveError('EBUSY', `${list.length} descriptors, ${queue.rings.freeSlots()} free slots`);
  }
  for (const desc of list) {
    queue.rings.submit(desc);
    queue.pendingCount++;
  }
  return list.length;
}

/** Up to `max` completions in submission order, EAGAIN if none is ready. @internal */
export function receiveCompletions(queue: Queue, max: number): Completion[] {
  if (!queue.rings.ready()) throw new WarpDriveError('EAGAIN', `no completion ready on queue ${queue.id}`);
  const out: Completion[] = [];
  while (out.length < max && queue.rings.ready()) {
    out.push(queue.rings.receive());
    queue.unreadCount--;
  }
  return out;
}

/** `queueInfo`: a zombie has no pasid or hwQueue (§S-10). @internal */
export function queueInfoOf(sys: WarpDriveSystem, queue: Queue): QueueInfo {
  const device = sys.devices[queue.device].config.name;
  if (queue.state === 'zombie') return { device, state: 'zombie', outstanding: 0 };
  const outstanding = queue.rings.used;
  // a 'noiommu' queue uses no PASID (R21), whatever its mm holds for other devices
  if (sys.devices[queue.device].config.mode === 'noiommu')
    return { device, state: queue.state, hwQueue: queue.hwQueue, outstanding };
  return { device, state: queue.state, pasid: queue.mm.pasid, hwQueue: queue.hwQueue, outstanding };
}
