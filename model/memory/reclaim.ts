// reclaim (SPEC §4, §S-3): a present page with one reference is swapped out; anything else is a no-op.

import { checkPageAddress, liveProcess, mmOfProcess } from '../checks.ts';
import type { ModelState } from '../state.ts';
import { copyOfFrameBytes, dropFrameReference } from './frames.ts';
import { isPinnedPage } from './pinned.ts';

/** `reclaim(pid, addr)`: contents kept in the mm's swap, frame freed. */
export function reclaim(state: ModelState, pid: unknown, addr: unknown): void {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  checkPageAddress(state.config, addr);
  const entry = mm.pages.get(addr);
  if (entry === undefined || entry.state !== 'present' || state.frames.refs[entry.frame] !== 1) return;
  if (isPinnedPage(state, mm.id, addr)) return; // a pinned static-share page stays (§14)
  mm.pages.set(addr, { state: 'swapped', bytes: copyOfFrameBytes(state.frames, entry.frame, state.config.pageSize) });
  dropFrameReference(state.frames, entry.frame);
}
