// Virtual memory areas of an mm: a sorted list of maximal runs `[start, end)` with a prot. Every
// change re-normalises the list, so splitting and merging are never observable (§S-3).

import type { Access, Prot } from '../../interface/index.ts';
import type { Mm, Vma } from '../state.ts';

/** The VMA containing `addr`, if any. */
export function vmaAt(mm: Mm, addr: number): Vma | undefined {
  return mm.vmas.find((v) => v.start <= addr && addr < v.end);
}

/** Whether any VMA overlaps `[start, end)`. */
export function overlapsAnyVma(mm: Mm, start: number, end: number): boolean {
  return mm.vmas.some((v) => v.start < end && start < v.end);
}

/**
 * Whether every address of `[start, end)` lies in a VMA, and (when `access` is given) every such
 * VMA's prot contains the access.
 */
export function rangeCoveredByVmas(mm: Mm, start: number, end: number, access?: Access): boolean {
  let covered = start;
  for (const v of mm.vmas) {
    if (v.end <= covered) continue;
    if (v.start > covered) return false; // a hole
    if (access !== undefined && !v.prot.includes(access)) return false;
    covered = v.end;
    if (covered >= end) return true;
  }
  return covered >= end;
}

/** Removes every VMA piece inside `[start, end)`, splitting VMAs that straddle its edges. */
export function removeVmaRange(mm: Mm, start: number, end: number): void {
  const kept: Vma[] = [];
  for (const v of mm.vmas) {
    if (v.end <= start || v.start >= end) kept.push(v);
    else {
      if (v.start < start) kept.push({ start: v.start, end: start, prot: v.prot });
      if (v.end > end) kept.push({ start: end, end: v.end, prot: v.prot });
    }
  }
  mm.vmas = normalizedVmas(kept);
}

/** Adds the area `[start, end)` with `prot` (the caller made sure nothing overlaps it, or removed it). */
export function insertVma(mm: Mm, start: number, end: number, prot: Prot): void {
  mm.vmas = normalizedVmas([...mm.vmas, { start, end, prot }]);
}

/** Sets the prot of `[start, end)` (the caller checked the range is fully mapped). */
export function setVmaProt(mm: Mm, start: number, end: number, prot: Prot): void {
  removeVmaRange(mm, start, end);
  insertVma(mm, start, end, prot);
}

/** Sorts non-overlapping areas and merges adjacent ones with the same prot into maximal runs. */
function normalizedVmas(vmas: readonly Vma[]): Vma[] {
  const sorted = [...vmas].sort((a, b) => a.start - b.start);
  const out: Vma[] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.end === v.start && last.prot === v.prot) {
      out[out.length - 1] = { start: last.start, end: v.end, prot: v.prot };
    } else out.push(v);
  }
  return out;
}
