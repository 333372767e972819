// Stage 2 of a VM (SPEC §13 `vmMapRam` / `vmUnmapRam`, R3, R13; SEMANTICS §S-14): a plain map GPA
// page → pinned host frame with a prot. Mapping makes each VMM page present and private (as a write
// would) and pins its frame; unmapping removes the entries, then drops the pins. The guest's free GPA
// pages follow (R2: free = mapped `rw` and unused).

import { formatArgument, isProt, type Prot } from '../../interface/index.ts';
import { checkAlignedRange, fail, isInteger } from '../checks.ts';
import { framesNeededFor, makePresent } from '../memory/demand-paging.ts';
import { pinFrame, recountFreeFrames, unpinFrame } from '../memory/frames.ts';
import { vmaAt } from '../memory/vmas.ts';
import type { Mm, ModelState, Vm } from '../state.ts';
import { liveVm } from './vms.ts';

/** The GPA pages `[gpa, gpa+length)` names; EINVAL unless integers, page-aligned, positive and inside `[0, gpaPages)`. */
function gpaPagesOf(state: ModelState, vm: Vm, gpa: unknown, length: unknown): number[] {
  const { pageSize } = state.config;
  const ok =
    isInteger(gpa) &&
    isInteger(length) &&
    gpa >= 0 &&
    length > 0 &&
    gpa % pageSize === 0 &&
    length % pageSize === 0 &&
    gpa + length <= vm.gpaPages * pageSize;
  if (!ok) fail('EINVAL', `GPA range (${formatArgument(gpa)}, ${formatArgument(length)}) of VM ${vm.id} is not valid`);
  return Array.from({ length: (length as number) / pageSize }, (_, i) => (gpa as number) / pageSize + i);
}

/** Whether every page of `[start, end)` lies in a VMA whose prot has every letter of `prot`. */
function coveredGranting(state: ModelState, mm: Mm, start: number, end: number, prot: Prot): boolean {
  for (let page = start; page < end; page += state.config.pageSize) {
    const vma = vmaAt(mm, page);
    if (vma === undefined || [...prot].some((letter) => !vma.prot.includes(letter))) return false;
  }
  return true;
}

/**
 * `vmMapRam(vm, gpa, vmmVa, length, prot)`: ENOENT; EINVAL GPA range, VMM range (§S-1 aligned),
 * prot (a Prot with `r` or `w`, R13); EEXIST a GPA page already mapped; EFAULT unless the VMM's
 * VMAs grant `prot` on every page; ENOMEM if the frames needed exceed the free ones. Then, ascending,
 * each VMM page becomes present and private, its frame gains a pin, and stage 2 maps the GPA page.
 */
export function vmMapRam(
  state: ModelState,
  vm: unknown,
  gpa: unknown,
  vmmVa: unknown,
  length: unknown,
  prot: unknown,
): void {
  const record = liveVm(state, vm);
  const gpaPages = gpaPagesOf(state, record, gpa, length);
  checkAlignedRange(state.config, vmmVa, length);
  if (!isProt(prot) || !(prot.includes('r') || prot.includes('w')))
    fail('EINVAL', `bad stage-2 prot ${formatArgument(prot)}`);
  const taken = gpaPages.find((g) => record.stage2.has(g));
  if (taken !== undefined) fail('EEXIST', `GPA page ${taken} of VM ${record.id} is already mapped`);
  const mm = state.mms.get(record.vmm);
  if (mm === undefined) throw new Error(`model bug: VM ${record.id} outlived its VMM ${record.vmm}`);
  const { pageSize } = state.config;
  const end = vmmVa + gpaPages.length * pageSize;
  if (!coveredGranting(state, mm, vmmVa, end, prot))
    fail('EFAULT', `VMM ${record.vmm} does not map [${vmmVa}, ${end}) with ${prot}`);
  let needed = 0;
  for (let page = vmmVa; page < end; page += pageSize) needed += framesNeededFor(state, mm, page, 'w');
  if (needed > state.frames.freeCount)
    fail('ENOMEM', `vmMapRam needs ${needed} frames, ${state.frames.freeCount} free`);
  gpaPages.forEach((g, i) => {
    const page = vmmVa + i * pageSize;
    // present and private first, as a write would (a pin of a COW-shared frame would pin the other sharer's bytes)
    if (!makePresent(state, mm, page, 'w', 'cpu'))
      throw new Error('model bug: vmMapRam ran out of frames after the check');
    const entry = mm.pages.get(page);
    if (entry?.state !== 'present') throw new Error('model bug: VMM page not present after makePresent');
    pinFrame(state.frames, entry.frame);
    record.stage2.set(g, { frame: entry.frame, prot });
  });
  recountFreeFrames(record.guest.frames);
}

/**
 * `vmUnmapRam(vm, gpa, length)`: ENOENT; EINVAL; ENOENT if a GPA page of the range is not mapped.
 * The entries go (the model has no caches: nothing can still translate through them), then the
 * pins drop — before, a device could still reach a frame the host frees (bug 35's order). Guest PTEs
 * naming those GPA pages stay (R14).
 */
export function vmUnmapRam(state: ModelState, vm: unknown, gpa: unknown, length: unknown): void {
  const record = liveVm(state, vm);
  const gpaPages = gpaPagesOf(state, record, gpa, length);
  const unmapped = gpaPages.find((g) => !record.stage2.has(g));
  if (unmapped !== undefined) fail('ENOENT', `GPA page ${unmapped} of VM ${record.id} is not mapped`);
  dropStage2(state, record, gpaPages);
}

/** Removes the stage-2 entries of `gpaPages` (all mapped), ascending, each dropping its pin. */
export function dropStage2(state: ModelState, vm: Vm, gpaPages: readonly number[]): void {
  const frames: number[] = [];
  for (const g of gpaPages) {
    const entry = vm.stage2.get(g);
    if (entry === undefined) throw new Error(`model bug: dropping unmapped GPA page ${g}`);
    vm.stage2.delete(g);
    frames.push(entry.frame);
  }
  for (const frame of frames) unpinFrame(state.frames, frame);
  recountFreeFrames(vm.guest.frames);
}
