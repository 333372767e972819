// S6 Frames (SPEC §7, §S-3, R3): every frame is free or referenced, never both; its reference count =
// the PTEs pointing at it plus its pins (stage-2 entries, SPEC §13); no mm points at one frame twice;
// and every page an mm holds (present or swapped) is page-aligned inside one of its VMAs. Inside a
// guest the pool is the VM's GPA pages, and a page stage 2 does not map `rw` may be neither free nor
// referenced (R2: free = mapped `rw` and unused).

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S6: the frame pool agrees with the page tables. @public */
export function checkFrames(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  return checkFramePool(snapshot, config.frames, config.pageSize, () => false);
}

/**
 * S6 over a pool of `total` frames; `mayBeUnlisted(f)`: frame `f` may be neither free nor referenced
 * (a guest's GPA page that stage 2 does not map `rw`).
 * @internal
 */
export function checkFramePool(
  snapshot: SystemSnapshot,
  total: number,
  pageSize: number,
  mayBeUnlisted: (frame: number) => boolean,
): InvariantViolation | undefined {
  const { frames } = snapshot;
  if (frames.total !== total) return violation('S6', `the pool has ${frames.total} frames, the config ${total}`);
  // one mark per frame (1 free, 2 referenced) instead of sets: this runs after every command
  const marks = new Uint8Array(frames.total);
  let previous = -1;
  for (const f of frames.free) {
    if (!Number.isInteger(f) || f < 0 || f >= frames.total) return violation('S6', `free frame ${f} is out of range`);
    if (f <= previous) return violation('S6', `the free list is not strictly ascending at frame ${f}`);
    marks[f] = 1;
    previous = f;
  }
  previous = -1;
  for (const r of frames.refs) {
    if (!Number.isInteger(r.frame) || r.frame < 0 || r.frame >= frames.total)
      return violation('S6', `referenced frame ${r.frame} is out of range`);
    if (r.frame <= previous) return violation('S6', `the reference list is not strictly ascending at frame ${r.frame}`);
    if (r.count <= 0) return violation('S6', `frame ${r.frame} is listed with ${r.count} references`);
    if (marks[r.frame] === 1) return violation('S6', `frame ${r.frame} is both free and referenced ${r.count} times`);
    marks[r.frame] = 2;
    previous = r.frame;
  }
  for (let f = 0; f < frames.total; f++) {
    if (marks[f] === 0 && !mayBeUnlisted(f)) return violation('S6', `frame ${f} is neither free nor referenced`);
  }
  const pointers = new Int32Array(frames.total);
  for (const mm of snapshot.mms) {
    const framesOfMm = new Set<number>();
    for (const page of mm.pages) {
      if (page.addr % pageSize !== 0 || !mm.vmas.some((v) => v.start <= page.addr && page.addr < v.end)) {
        return violation('S6', `mm ${mm.id} holds ${page.state} page ${page.addr} outside its areas`);
      }
      if (page.state !== 'present') continue;
      if (page.frame === undefined) return violation('S6', `present page ${page.addr} of mm ${mm.id} has no frame`);
      if (marks[page.frame] !== 2)
        return violation(
          'S6',
          `page ${page.addr} of mm ${mm.id} points at frame ${page.frame}, which is not referenced`,
        );
      if (framesOfMm.has(page.frame)) return violation('S6', `mm ${mm.id} maps frame ${page.frame} at two pages`);
      framesOfMm.add(page.frame);
      pointers[page.frame]++;
    }
  }
  // R3: pins are references too (a pinned frame outlives its PTEs while its stage-2 entry exists)
  const pins = new Int32Array(frames.total);
  previous = -1;
  for (const p of frames.pins ?? []) {
    if (!Number.isInteger(p.frame) || p.frame <= previous || p.frame >= frames.total || p.count <= 0)
      return violation('S6', `pin entry of frame ${p.frame} (${p.count} pins) is out of range or order`);
    if (marks[p.frame] !== 2) return violation('S6', `frame ${p.frame} is pinned ${p.count} times but not referenced`);
    pins[p.frame] = p.count;
    previous = p.frame;
  }
  for (const r of frames.refs) {
    const ptes = pointers[r.frame];
    if (ptes + pins[r.frame] !== r.count) {
      const pinned = pins[r.frame] === 0 ? '' : ` and ${pins[r.frame]} pins`;
      return violation('S6', `frame ${r.frame} has ${r.count} references but ${ptes} PTEs${pinned} point at it`);
    }
  }
  return undefined;
}
