// Queue lifecycle and the data path (SPEC §6, §S-5, §S-9, §S-10): open, START_Q, PUT_Q, send,
// recv, poll and queueInfo.

import type { Completion, Fd, QueueInfo } from '../../interface/index.ts';
import {
  checkRecvMax,
  descriptorListOf,
  deviceOfQueue,
  fail,
  liveProcess,
  mmOfProcess,
  queueOfFd,
  presentDevice,
} from '../checks.ts';
import { bind } from '../iommu/bonds.ts';
import { ensurePasid } from '../iommu/pasids.ts';
import type { ModelState, Process, Queue } from '../state.ts';
import { drainQueue } from './drain.ts';
import { holdsBothRegions } from './regions.ts';

/** The lowest fd ≥ 3 not open in the process. */
function lowestFreeFd(process: Process): Fd {
  let fd = 3;
  while (process.fds.has(fd)) fd++;
  return fd;
}

/** Descriptors submitted and not yet received. */
export function outstandingOf(queue: Queue): number {
  return queue.pending.length + queue.completions.length;
}

/**
 * `open(pid, device)`: ESRCH; ENODEV; EBUSY if assigned to a VM (R13); give the mm a PASID (ENOSPC; kept even if open then fails,
 * §S-4); EOVERFLOW if it does not fit the device; EBUSY if no free hardware queue. Then the lowest
 * free fd, the lowest free hardware queue, the next queue id and one more bond.
 */
export function open(state: ModelState, pid: unknown, name: unknown): Fd {
  const process = liveProcess(state, pid);
  const device = presentDevice(state, name);
  // R13: a device assigned to a VM is the guest's; refused before any PASID is given
  if (device.assignedTo !== undefined) fail('EBUSY', `${device.config.name} is assigned to VM ${device.assignedTo}`);
  const mm = mmOfProcess(state, process);
  // a 'noiommu' queue has no PASID at all (§14): nothing to allocate, nothing to overflow
  if (device.config.mode !== 'noiommu') {
    const pasid = ensurePasid(state, mm);
    if (pasid >= 2 ** device.config.pasidBits) {
      fail('EOVERFLOW', `PASID ${pasid} does not fit the ${device.config.pasidBits} bits of ${device.config.name}`);
    }
  }
  const hwQueue = device.hwQueues.indexOf(undefined);
  // EBUSY before the bond: a failed open must leave no bond behind (bug 21)
  if (hwQueue < 0) fail('EBUSY', `no free hardware queue on ${device.config.name}`);
  const fd = lowestFreeFd(process);
  const queue: Queue = {
    id: state.nextQueueId++,
    device: device.config.name,
    mm: mm.id,
    state: 'init',
    hwQueue,
    regions: {},
    fdRefs: 1,
    pending: [],
    completions: [],
    waitingPrg: undefined,
    staticShare: undefined,
  };
  state.queues.set(queue.id, queue);
  device.hwQueues[hwQueue] = queue.id;
  bind(device, mm);
  process.fds.set(fd, queue.id);
  return fd;
}

/** The queue of (pid, fd), or ENXIO if it is a zombie. */
export function liveQueue(state: ModelState, pid: unknown, fd: unknown): { process: Process; queue: Queue } {
  const process = liveProcess(state, pid);
  const queue = queueOfFd(state, process, fd);
  if (queue.state === 'zombie') fail('ENXIO', `queue ${queue.id} is a zombie`);
  return { process, queue };
}

/** `startQueue` (START_Q): EBADF; ENXIO; EINVAL if already started; else started. */
export function startQueue(state: ModelState, pid: unknown, fd: unknown): void {
  const { queue } = liveQueue(state, pid, fd);
  if (queue.state === 'started') fail('EINVAL', `queue ${queue.id} is already started`);
  queue.state = 'started';
}

/** `stopQueue` (PUT_Q): EBADF; ENXIO; init → no-op; started → drain, then init (completions stay readable). */
export function stopQueue(state: ModelState, pid: unknown, fd: unknown): void {
  const { queue } = liveQueue(state, pid, fd);
  if (queue.state !== 'started') return;
  // PUT_Q keeps the hardware queue: freeing it here (bug 19) hands it to another open while this
  // queue is still mapped
  drainQueue(state, deviceOfQueue(state, queue), queue);
  queue.state = 'init';
}

/** `send`: EBADF; ENXIO; EFAULT unless pid holds both regions; EINVAL (empty or malformed); EBUSY if no room; else queues all in order. */
export function send(state: ModelState, pid: unknown, fd: unknown, descs: unknown): number {
  const { process, queue } = liveQueue(state, pid, fd);
  if (!holdsBothRegions(queue, process.pid))
    fail('EFAULT', `process ${process.pid} does not hold both regions of queue ${queue.id}`);
  const copies = descriptorListOf(descs);
  const ringDepth = deviceOfQueue(state, queue).config.ringDepth;
  // a ring holds depth - 1: a full-depth ring (bug 16) cannot tell full from empty
  const room = ringDepth - 1 - outstandingOf(queue);
  if (copies.length > room) fail('EBUSY', `queue ${queue.id} has room for ${room} descriptors, ${copies.length} sent`);
  for (const desc of copies) queue.pending.push({ desc, done: 0, crc: 0 });
  return copies.length;
}

/** `recv`: EBADF; ENXIO; EFAULT; EINVAL (max); EAGAIN if none ready; else up to `max` completions in submission order. */
export function recv(state: ModelState, pid: unknown, fd: unknown, max: unknown = 1): Completion[] {
  const { process, queue } = liveQueue(state, pid, fd);
  if (!holdsBothRegions(queue, process.pid))
    fail('EFAULT', `process ${process.pid} does not hold both regions of queue ${queue.id}`);
  checkRecvMax(max);
  if (queue.completions.length === 0) fail('EAGAIN', `no completion ready on queue ${queue.id}`);
  return queue.completions.splice(0, max);
}

/** `poll`: EBADF; false for a zombie; else whether a completion is ready. */
export function poll(state: ModelState, pid: unknown, fd: unknown): boolean {
  const queue = queueOfFd(state, liveProcess(state, pid), fd);
  return queue.state !== 'zombie' && queue.completions.length > 0;
}

/** `queueInfo`: a zombie shows only its device, state and 0 outstanding (§S-10). */
export function queueInfo(state: ModelState, pid: unknown, fd: unknown): QueueInfo {
  const queue = queueOfFd(state, liveProcess(state, pid), fd);
  if (queue.state === 'zombie') return { device: queue.device, state: 'zombie', outstanding: 0 };
  const pasid = state.mms.get(queue.mm)?.pasid;
  const noiommu = deviceOfQueue(state, queue).config.mode === 'noiommu';
  if ((pasid === undefined && !noiommu) || queue.hwQueue === undefined)
    throw new Error(`model bug: live queue ${queue.id} lacks PASID or hardware queue`);
  const outstanding = outstandingOf(queue);
  // a 'noiommu' queue uses no PASID (R21), whatever its mm holds for other devices
  if (noiommu || pasid === undefined)
    return { device: queue.device, state: queue.state, hwQueue: queue.hwQueue, outstanding };
  return { device: queue.device, state: queue.state, pasid, hwQueue: queue.hwQueue, outstanding };
}
