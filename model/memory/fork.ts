// fork (SPEC §4, §S-3): the child gets copies of the areas, shares every present page copy-on-write,
// gets copies of swapped contents and the parent's fd table; no PASID, no region mappings, no frames taken.

import type { Pid } from '../../interface/index.ts';
import { liveProcess, mmOfProcess } from '../checks.ts';
import type { ModelState } from '../state.ts';
import { addFrameReference } from './frames.ts';
import { createProcess } from './mm.ts';
import { isPinnedPage, pinnedRanges } from './pinned.ts';
import { removeVmaRange } from './vmas.ts';

/** `fork(pid)`: returns the child's pid. */
export function fork(state: ModelState, pid: unknown): Pid {
  const parent = liveProcess(state, pid);
  const parentMm = mmOfProcess(state, parent);
  const child = createProcess(state);
  child.mm.vmas = parentMm.vmas.map((v) => ({ ...v }));
  // static-share regions are not inherited (SPEC §14): shared COW (bug 40), the device's writes
  // would land in a page the child also maps
  for (const r of pinnedRanges(state, parentMm.id)) removeVmaRange(child.mm, r.start, r.end);
  for (const [page, entry] of parentMm.pages) {
    if (isPinnedPage(state, parentMm.id, page)) continue;
    if (entry.state === 'present') {
      // both PTEs now point at the frame: reference count > 1 makes it COW shared for both (§S-3)
      addFrameReference(state.frames, entry.frame);
      child.mm.pages.set(page, { state: 'present', frame: entry.frame });
    } else {
      child.mm.pages.set(page, { state: 'swapped', bytes: entry.bytes.slice() });
    }
  }
  const childProcess = state.processes.get(child.pid);
  if (childProcess === undefined) throw new Error('model bug: fork lost its child');
  for (const [fd, queueId] of parent.fds) {
    childProcess.fds.set(fd, queueId);
    const queue = state.queues.get(queueId);
    if (queue === undefined) throw new Error(`model bug: fd ${fd} points at freed queue ${queueId}`);
    queue.fdRefs++; // each duplicated fd is one more reference (§S-5)
  }
  return child.pid;
}
