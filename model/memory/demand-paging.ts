// Making a page present, shared by the CPU write path and the I/O page-fault handler (§S-3):
// absent → new zero frame, swapped → swap in, `w` on a COW-shared page → copy (COW broken). The
// same code runs inside a guest, whose frames are GPA pages (§S-14).

import type { Access } from '../../interface/index.ts';
import { report, type Mm, type ModelState } from '../state.ts';
import { allocateFrame, copyOfFrameBytes, dropFrameReference, setFrameBytes, stage2Grants } from './frames.ts';

/** Frames a legal access of kind `access` to `page` would take: absent/swapped → 1, `w` on COW shared → 1, else 0. */
export function framesNeededFor(state: ModelState, mm: Mm, page: number, access: Access): number {
  const entry = mm.pages.get(page);
  if (entry === undefined || entry.state === 'swapped') return 1;
  return access === 'w' && state.frames.refs[entry.frame] > 1 ? 1 : 0;
}

/** Whether breaking COW of a present page can read its frame: always on the host; in a guest, stage 2 grants `r` (R14). */
export function copySourceReadable(state: ModelState, mm: Mm, page: number, access: Access): boolean {
  const entry = mm.pages.get(page);
  if (entry === undefined || entry.state !== 'present' || access !== 'w' || state.frames.refs[entry.frame] <= 1) {
    return true;
  }
  return stage2Grants(state.frames, entry.frame, 'r');
}

/**
 * Makes `page` present (and private for `w`) for an access already known legal. Returns false,
 * changing nothing, when a frame is needed and none is free, or (in a guest) the COW copy's source
 * has no readable stage-2 entry (R14).
 */
export function makePresent(
  state: ModelState,
  mm: Mm,
  page: number,
  access: Access,
  by: 'cpu' | 'device',
  reserved?: number[],
): boolean {
  if (reserved === undefined && framesNeededFor(state, mm, page, access) > state.frames.freeCount) return false;
  if (!copySourceReadable(state, mm, page, access)) return false;
  // R2: a CPU write takes all its frames (lowest free) before it drops any, as one reservation
  const take = (): number => reserved?.shift() ?? allocateFrame(state.frames);
  const entry = mm.pages.get(page);
  if (entry === undefined) {
    mm.pages.set(page, { state: 'present', frame: take() });
  } else if (entry.state === 'swapped') {
    const frame = take();
    setFrameBytes(state.frames, frame, entry.bytes); // the swap copy becomes the frame's contents
    mm.pages.set(page, { state: 'present', frame });
  } else if (access === 'w' && state.frames.refs[entry.frame] > 1) {
    // breaking COW always copies (§S-3); the other sharer keeps the old frame
    const frame = take();
    setFrameBytes(state.frames, frame, copyOfFrameBytes(state.frames, entry.frame, state.config.pageSize));
    dropFrameReference(state.frames, entry.frame);
    mm.pages.set(page, { state: 'present', frame });
    report(state, { kind: 'cowBroken', by, mm: mm.id, addr: page });
  }
  return true;
}
