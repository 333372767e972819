// fork (SPEC §4, §S-3, R3): the child gets copies of the areas, shares every present page copy-on-write,
// gets copies of swapped contents and the parent's fd table; no PASID, no region mappings. A present
// page on a pinned frame (stage 2 holds it, SPEC §13) is copied for the child at once instead, so
// the pinned frame never becomes COW shared; fork fails ENOMEM first when those copies do not fit.

import type { Pid } from '../../interface/index.ts';
import { fail, liveProcess, mmOfProcess } from '../checks.ts';
import { report, type ModelState } from '../state.ts';
import { addFrameReference, allocateFrame, copyOfFrameBytes, isPinned, setFrameBytes } from './frames.ts';
import { createProcess } from './mm.ts';
import { isPinnedPage, pinnedRanges } from './pinned.ts';
import { removeVmaRange } from './vmas.ts';

/** `fork(pid)`: ESRCH; ENOMEM if the pinned pages' copies exceed the free frames (R3); returns the child's pid. */
export function fork(state: ModelState, pid: unknown): Pid {
  const parent = liveProcess(state, pid);
  const parentMm = mmOfProcess(state, parent);
  const pages = [...parentMm.pages.keys()].sort((a, b) => a - b);
  const pinned = pages.filter((page) => {
    const entry = parentMm.pages.get(page);
    return entry?.state === 'present' && isPinned(state.frames, entry.frame);
  });
  if (pinned.length > state.frames.freeCount)
    fail('ENOMEM', `fork needs ${pinned.length} frames for pinned pages, ${state.frames.freeCount} free`);
  const child = createProcess(state);
  child.mm.vmas = parentMm.vmas.map((v) => ({ ...v }));
  // static-share regions are not inherited (SPEC §14): shared COW (bug 40), the device's writes
  // would land in a page the child also maps
  for (const r of pinnedRanges(state, parentMm.id)) removeVmaRange(child.mm, r.start, r.end);
  for (const page of pages) {
    const entry = parentMm.pages.get(page);
    if (entry === undefined || isPinnedPage(state, parentMm.id, page)) continue;
    if (entry.state === 'present' && isPinned(state.frames, entry.frame)) {
      // the child's own copy now: sharing a pinned frame COW (bug 33) lets the guest's DMA land in a
      // page the VMM's next write moves away from (CVE-2020-29374's class)
      const frame = allocateFrame(state.frames);
      setFrameBytes(state.frames, frame, copyOfFrameBytes(state.frames, entry.frame, state.config.pageSize));
      child.mm.pages.set(page, { state: 'present', frame });
    } else if (entry.state === 'present') {
      // both PTEs now point at the frame: reference count > 1 makes it COW shared for both (§S-3)
      addFrameReference(state.frames, entry.frame);
      child.mm.pages.set(page, { state: 'present', frame: entry.frame });
    } else {
      child.mm.pages.set(page, { state: 'swapped', bytes: entry.bytes.slice() });
    }
  }
  if (pinned.length > 0) report(state, { kind: 'vmForkPinned', pid: parent.pid, pages: pinned.length });
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
