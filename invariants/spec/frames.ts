// S6 Frames (SPEC §7, §S-3): every frame is free or referenced by PTEs, never both; its reference
// count = the PTEs pointing at it; no mm points at one frame twice; and every page an mm holds
// (present or swapped) is page-aligned inside one of its VMAs.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S6: the frame pool agrees with the page tables. */
export function checkFrames(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  const { frames } = snapshot;
  if (frames.total !== config.frames) return violation('S6', `the pool has ${frames.total} frames, the config ${config.frames}`);
  const refCount = new Map<number, number>();
  for (const r of frames.refs) {
    if (r.count <= 0) return violation('S6', `frame ${r.frame} is listed with ${r.count} references`);
    refCount.set(r.frame, r.count);
  }
  const free = new Set<number>();
  for (const f of frames.free) {
    if (refCount.has(f)) return violation('S6', `frame ${f} is both free and referenced ${refCount.get(f)} times`);
    free.add(f);
  }
  for (let f = 0; f < frames.total; f++) {
    if (!free.has(f) && !refCount.has(f)) return violation('S6', `frame ${f} is neither free nor referenced`);
  }
  if (free.size + refCount.size !== frames.total) {
    return violation('S6', `${free.size} free + ${refCount.size} referenced frames ≠ ${frames.total} (a frame number out of range)`);
  }
  const pointers = new Map<number, number>();
  for (const mm of snapshot.mms) {
    const framesOfMm = new Set<number>();
    for (const page of mm.pages) {
      if (page.addr % config.pageSize !== 0 || !mm.vmas.some((v) => v.start <= page.addr && page.addr < v.end)) {
        return violation('S6', `mm ${mm.id} holds ${page.state} page ${page.addr} outside its areas`);
      }
      if (page.state !== 'present') continue;
      if (page.frame === undefined) return violation('S6', `present page ${page.addr} of mm ${mm.id} has no frame`);
      if (free.has(page.frame)) return violation('S6', `page ${page.addr} of mm ${mm.id} points at free frame ${page.frame}`);
      if (framesOfMm.has(page.frame)) return violation('S6', `mm ${mm.id} maps frame ${page.frame} at two pages`);
      framesOfMm.add(page.frame);
      pointers.set(page.frame, (pointers.get(page.frame) ?? 0) + 1);
    }
  }
  for (const [frame, count] of refCount) {
    const ptes = pointers.get(frame) ?? 0;
    if (ptes !== count) return violation('S6', `frame ${frame} has ${count} references but ${ptes} PTEs point at it`);
  }
  return undefined;
}
