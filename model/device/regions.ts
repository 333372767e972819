// The queue's two mappable regions, 'mmio' (doorbell) and 'dus' (rings) (SPEC §6, §S-5, §S-10):
// each mapped at most once, by one process; each mapping is one reference of the queue.

import { REGIONS, formatArgument, type Pid, type Region } from '../../interface/index.ts';
import { fail, liveProcess, queueOfFd } from '../checks.ts';
import type { ModelState, Queue } from '../state.ts';
import { dropQueueReference } from './release.ts';

/** Whether `r` names a region. */
export function isRegion(r: unknown): r is Region {
  return (REGIONS as readonly unknown[]).includes(r);
}

/** Whether `pid` holds both regions of the queue (needed by send and recv). */
export function holdsBothRegions(queue: Queue, pid: Pid): boolean {
  return queue.regions.mmio === pid && queue.regions.dus === pid;
}

/** `mapRegion`: EBADF; EINVAL unknown region; ENXIO zombie; EEXIST if mapped by anyone; else mapped by pid. */
export function mapRegion(state: ModelState, pid: unknown, fd: unknown, region: unknown): void {
  const process = liveProcess(state, pid);
  const queue = queueOfFd(state, process, fd);
  if (!isRegion(region)) fail('EINVAL', `unknown region ${formatArgument(region)}`);
  if (queue.state === 'zombie') fail('ENXIO', `queue ${queue.id} is a zombie`);
  const holder = queue.regions[region];
  if (holder !== undefined) fail('EEXIST', `region ${region} of queue ${queue.id} is mapped by process ${holder}`);
  queue.regions[region] = process.pid;
}

/** `unmapRegion`: EBADF; EINVAL unless pid holds that mapping; removes it, which may release the queue. */
export function unmapRegion(state: ModelState, pid: unknown, fd: unknown, region: unknown): void {
  const process = liveProcess(state, pid);
  const queue = queueOfFd(state, process, fd);
  if (!isRegion(region) || queue.regions[region] !== process.pid) {
    fail('EINVAL', `process ${process.pid} does not hold region ${formatArgument(region)} of queue ${queue.id}`);
  }
  removeRegionMapping(state, queue, region);
}

/** Removes a region mapping and drops its reference (shared by unmapRegion and exit). */
export function removeRegionMapping(state: ModelState, queue: Queue, region: Region): void {
  // the unmap really forgets the mapping: a region left marked mapped (bug 22) makes every later
  // mapRegion EEXIST
  delete queue.regions[region];
  dropQueueReference(state, queue);
}
