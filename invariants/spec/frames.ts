// S6 Frames (SPEC §7, §S-3): every frame is free or referenced by PTEs, never both; its reference
// count = the PTEs pointing at it; no mm points at one frame twice; and every page an mm holds
// (present or swapped) is page-aligned inside one of its VMAs.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S6: the frame pool agrees with the page tables. @public */
export function checkFrames(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  const { frames } = snapshot;
  if (frames.total !== config.frames)
    return violation('S6', `the pool has ${frames.total} frames, the config ${config.frames}`);
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
  if (frames.free.length + frames.refs.length !== frames.total) {
    const lost = marks.indexOf(0);
    return violation('S6', `frame ${lost} is neither free nor referenced`);
  }
  const pointers = new Int32Array(frames.total);
  for (const mm of snapshot.mms) {
    const framesOfMm = new Set<number>();
    for (const page of mm.pages) {
      if (page.addr % config.pageSize !== 0 || !mm.vmas.some((v) => v.start <= page.addr && page.addr < v.end)) {
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
  for (const r of frames.refs) {
    const ptes = pointers[r.frame];
    if (ptes !== r.count)
      return violation('S6', `frame ${r.frame} has ${r.count} references but ${ptes} PTEs point at it`);
  }
  return undefined;
}
