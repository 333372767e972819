// The page table of an mm: page addresses, effective permissions (VMA prot minus `w` while COW
// shared, §S-3) and dropping pages.

import type { Access } from '../../interface/index.ts';
import type { Mm, ModelState } from '../state.ts';
import { dropFrameReference } from './frames.ts';
import { vmaAt } from './vmas.ts';

/** The page-aligned address of the page containing `addr`. */
export function pageAddressOf(state: ModelState, addr: number): number {
  return addr - (addr % state.config.pageSize);
}

/** Whether the present page at `page` is copy-on-write shared: its frame has more than one reference (§S-3). */
export function isCowShared(state: ModelState, mm: Mm, page: number): boolean {
  const entry = mm.pages.get(page);
  return entry !== undefined && entry.state === 'present' && state.frames.refs[entry.frame] > 1;
}

/**
 * Whether the page at `page` is present with an effective permission that includes `access`:
 * its VMA's prot contains the access, and a write needs the page not to be COW shared (§S-3).
 */
export function presentWithPermission(state: ModelState, mm: Mm, page: number, access: Access): boolean {
  const entry = mm.pages.get(page);
  if (entry === undefined || entry.state !== 'present') return false;
  const vma = vmaAt(mm, page);
  if (vma === undefined || !vma.prot.includes(access)) return false;
  return access === 'r' || state.frames.refs[entry.frame] === 1;
}

/** Drops every page of `[start, end)`: a present page drops its frame reference, a swapped page its contents (§S-3). */
export function dropPagesInRange(state: ModelState, mm: Mm, start: number, end: number): void {
  for (const [page, entry] of mm.pages) {
    if (page < start || page >= end) continue;
    if (entry.state === 'present') dropFrameReference(state.frames, entry.frame);
    mm.pages.delete(page);
  }
}
