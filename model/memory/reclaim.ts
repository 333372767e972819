// reclaim (SPEC §4, §S-3): a present page with one reference is swapped out; anything else is a
// no-op, a pinned page (R3) and, in a guest, a page stage 2 does not map readable (R14) included.

import { checkPageAddress, liveProcess, mmOfProcess } from '../checks.ts';
import type { ModelState } from '../state.ts';
import { copyOfFrameBytes, dropFrameReference, isPinned, stage2Grants } from './frames.ts';
import { isPinnedPage } from './pinned.ts';

/** `reclaim(pid, addr)`: contents kept in the mm's swap, frame freed. */
export function reclaim(state: ModelState, pid: unknown, addr: unknown): void {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  checkPageAddress(state.config, addr);
  const entry = mm.pages.get(addr);
  if (entry === undefined || entry.state !== 'present' || state.frames.refs[entry.frame] !== 1) return;
  if (isPinnedPage(state, mm.id, addr)) return; // a pinned static-share page stays (§14)
  // a pinned frame stays (the guest and its device use it); a guest cannot read a GPA page stage 2 lost
  if (isPinned(state.frames, entry.frame) || !stage2Grants(state.frames, entry.frame, 'r')) return;
  mm.pages.set(addr, { state: 'swapped', bytes: copyOfFrameBytes(state.frames, entry.frame, state.config.pageSize) });
  dropFrameReference(state.frames, entry.frame);
}
