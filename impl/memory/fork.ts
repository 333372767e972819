// fork in the impl (SPEC §4 "fork", §S-3): the child's mm is a copy-on-write copy of the parent's
// (no PASID, no region mappings) and it inherits every fd, each a new reference to its queue.

import type { Pid } from '../../interface/index.ts';
import { Process } from '../state.ts';
import type { WarpDriveSystem } from '../system.ts';

/** `fork(pid)` of a live process; returns the child's pid. @internal */
export function forkProcess(sys: WarpDriveSystem, parent: Process): Pid {
  // The pid is taken only once fork cannot fail any more (ENOMEM under fault injection, §15).
  const childPid = sys.nextPid;
  const childMm = sys.memory.fork(parent.mm, childPid);
  sys.nextPid++;
  sys.mms.set(childPid, childMm);
  const child = new Process(childPid, childMm);
  for (const [fd, queue] of parent.fds) {
    child.fds.set(fd, queue);
    queue.fdRefs++;
  }
  sys.processTable.set(childPid, child);
  return childPid;
}
