// migrate (SPEC §4, §S-3): a present page moves to a new frame; every PTE of every mm that points at
// the old frame is repointed, and the old frame is freed. A pinned page (R3) and, in a guest, a page
// whose GPA page stage 2 does not map readable (R14, §S-14) are no-ops.

import { checkPageAddress, fail, liveProcess, mmOfProcess } from '../checks.ts';
import type { ModelState } from '../state.ts';
import {
  allocateFrame,
  copyOfFrameBytes,
  dropFrameReference,
  isPinned,
  setFrameBytes,
  stage2Grants,
} from './frames.ts';
import { isPinnedPage } from './pinned.ts';

/** `migrate(pid, addr)`: ENOMEM if no free frame (checked before anything moves); a no-op unless present. */
export function migrate(state: ModelState, pid: unknown, addr: unknown): void {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  checkPageAddress(state.config, addr);
  const entry = mm.pages.get(addr);
  if (entry === undefined || entry.state !== 'present') return;
  if (isPinnedPage(state, mm.id, addr)) return; // a pinned static-share page stays (§14)
  // a pinned frame never moves: stage 2 (and the device behind it) keeps pointing at it (R3)
  if (isPinned(state.frames, entry.frame) || !stage2Grants(state.frames, entry.frame, 'r')) return;
  if (state.frames.freeCount === 0) fail('ENOMEM', `no free frame to migrate page ${addr} of mm ${mm.id}`);
  const oldFrame = entry.frame;
  const newFrame = allocateFrame(state.frames);
  setFrameBytes(state.frames, newFrame, copyOfFrameBytes(state.frames, oldFrame, state.config.pageSize));
  let pointers = 0;
  for (const other of state.mms.values()) {
    for (const [page, e] of other.pages) {
      if (e.state === 'present' && e.frame === oldFrame) {
        other.pages.set(page, { state: 'present', frame: newFrame });
        pointers++;
      }
    }
  }
  // move every reference: the new frame gets one per repointed PTE, the old one loses them all (and is freed)
  state.frames.refs[newFrame] = pointers;
  for (let i = 0; i < pointers; i++) dropFrameReference(state.frames, oldFrame);
}
