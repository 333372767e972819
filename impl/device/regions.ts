// Region mappings in the impl (SPEC §6 "Regions", §S-5): mmio and dus are each mapped by at most one
// process and count as a queue reference; unmapping the last reference releases the queue.

import { WarpDriveError, type Pid, type Region } from '../../interface/index.ts';
import { fail } from '../checks.ts';
import type { Queue } from '../queue.ts';
import type { WarpDriveSystem } from '../system.ts';
import { dropReference } from './release.ts';

/** Maps `region` of a live queue into `pid` (EEXIST if mapped by anyone). @internal */
export function mapRegion(queue: Queue, pid: Pid, region: Region): void {
  if (queue[region] !== 0) throw new WarpDriveError('EEXIST', `region ${region} of queue ${queue.id} already mapped`);
  queue[region] = pid;
}

/** Unmaps a region `pid` holds (EINVAL otherwise); may release the queue. @internal */
export function unmapRegion(sys: WarpDriveSystem, queue: Queue, pid: Pid, region: Region): void {
  if (queue[region] !== pid) fail(`process ${pid} does not hold region ${region} of queue ${queue.id}`);
  queue[region] = 0;
  dropReference(sys, queue);
}
