// Processes and their address spaces: spawn, mmap, munmap, mprotect (SPEC §4, §S-1, §S-2, §S-3).

import type { Pid } from '../../interface/index.ts';
import { checkAlignedRange, checkProt, fail, liveProcess, mmOfProcess } from '../checks.ts';
import type { Mm, ModelState } from '../state.ts';
import { dropPagesInRange } from './page-table.ts';
import { touchesPinned } from './pinned.ts';
import { insertVma, overlapsAnyVma, rangeCoveredByVmas, removeVmaRange, setVmaProt } from './vmas.ts';

/** Adds a process and its empty mm named by the new pid (pids are never reused, §S-2). */
export function createProcess(state: ModelState): { pid: Pid; mm: Mm } {
  const pid = state.nextPid++;
  const mm: Mm = { id: pid, pasid: undefined, exited: false, vmas: [], pages: new Map() };
  state.mms.set(pid, mm);
  state.processes.set(pid, { pid, mm: pid, fds: new Map() });
  return { pid, mm };
}

/** `spawn()`: a new process with an empty mm and no fds. */
export function spawn(state: ModelState): Pid {
  return createProcess(state).pid;
}

/** `mmap`: fixed address, never replaces; aligned and `addr ≥ pageSize` else EINVAL, overlap EEXIST; allocates nothing. */
export function mmap(state: ModelState, pid: unknown, addr: unknown, length: unknown, prot: unknown): number {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  checkAlignedRange(state.config, addr, length);
  if (addr < state.config.pageSize) fail('EINVAL', `mmap at ${addr} below the first page`);
  checkProt(prot);
  const end = addr + (length as number);
  if (overlapsAnyVma(mm, addr, end)) fail('EEXIST', `[${addr}, ${end}) overlaps an existing area of mm ${mm.id}`);
  insertVma(mm, addr, end, prot);
  return addr;
}

/** Removes areas and pages of `[start, end)` (no checks; shared by munmap and exit). */
export function unmapRange(state: ModelState, mm: Mm, start: number, end: number): void {
  removeVmaRange(mm, start, end);
  dropPagesInRange(state, mm, start, end);
}

/** `munmap`: aligned else EINVAL; removes every area piece and page in the range (holes are fine). */
export function munmap(state: ModelState, pid: unknown, addr: unknown, length: unknown): void {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  checkAlignedRange(state.config, addr, length);
  // R22: a static-share region goes only with its queue; unmapping it under the device is EINVAL
  if (touchesPinned(state, mm.id, addr, addr + (length as number)))
    fail('EINVAL', `munmap of [${addr}, ${addr + (length as number)}) touches a static-share region`);
  unmapRange(state, mm, addr, addr + (length as number));
}

/**
 * `mprotect`: aligned, then prot, else EINVAL; any page outside an area → ENOMEM with nothing
 * changed; sets the prot. Effective permissions follow from the VMA prot (§S-3), so nothing else changes.
 */
export function mprotect(state: ModelState, pid: unknown, addr: unknown, length: unknown, prot: unknown): void {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  checkAlignedRange(state.config, addr, length);
  checkProt(prot);
  const end = addr + (length as number);
  if (touchesPinned(state, mm.id, addr, end))
    fail('EINVAL', `mprotect of [${addr}, ${end}) touches a static-share region`);
  if (!rangeCoveredByVmas(mm, addr, end)) fail('ENOMEM', `[${addr}, ${end}) is not fully mapped in mm ${mm.id}`);
  setVmaProt(mm, addr, end, prot);
}
