// CPU reads and writes of a process (SPEC §4, §S-1, §S-3): a read changes nothing; a write makes
// every touched page present and private, or fails with nothing written. Inside a guest a present
// page's GPA page must also be reachable through stage 2 (R14, §S-14); on the host that always holds.

import { fail, liveProcess, mmOfProcess, readArgsOf, writeArgsOf } from '../checks.ts';
import type { Mm, ModelState } from '../state.ts';
import { framesNeededFor, makePresent } from './demand-paging.ts';
import { allocateFrame, readFrameInto, stage2Grants, writableFrameBytes } from './frames.ts';
import { rangeCoveredByVmas } from './vmas.ts';

/** The page-aligned bounds `[first, end)` of the pages `[addr, addr+length)` touches (length > 0). */
function touchedPages(pageSize: number, addr: number, length: number): { first: number; end: number } {
  const first = addr - (addr % pageSize);
  const last = addr + length - 1;
  return { first, end: last - (last % pageSize) + pageSize };
}

/**
 * Whether every present page of `[first, end)` can be reached through stage 2 (R14): `r` for a read
 * and for a COW-shared page a write copies; `w` for a private page a write lands in.
 */
function reachableThroughStage2(state: ModelState, mm: Mm, first: number, end: number, access: 'r' | 'w'): boolean {
  for (let page = first; page < end; page += state.config.pageSize) {
    const entry = mm.pages.get(page);
    if (entry === undefined || entry.state !== 'present') continue;
    const needs = access === 'w' && state.frames.refs[entry.frame] === 1 ? 'w' : 'r';
    if (!stage2Grants(state.frames, entry.frame, needs)) return false;
  }
  return true;
}

/** `read`: integers ≥ 0, at most `CALL_LIMITS.maxIoBytes`, else EINVAL; 0 → empty; every touched page in an `r` area else EFAULT. Changes nothing. */
export function read(state: ModelState, pid: unknown, givenAddr: unknown, givenLength: unknown): Uint8Array {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  const { addr, length } = readArgsOf(givenAddr, givenLength);
  if (length === 0) return new Uint8Array(0);
  const { pageSize } = state.config;
  const { first, end } = touchedPages(pageSize, addr, length);
  if (!rangeCoveredByVmas(mm, first, end, 'r') || !reachableThroughStage2(state, mm, first, end, 'r'))
    fail('EFAULT', `read of [${addr}, ${addr + length}) in mm ${mm.id} is not readable`);
  const out = new Uint8Array(length);
  forEachPagePiece(pageSize, addr, length, (page, offset, count, at) => {
    const entry = mm.pages.get(page);
    if (entry === undefined) return; // never touched: zeros, and it stays not present
    if (entry.state === 'present') readFrameInto(state.frames, entry.frame, offset, count, out, at);
    else out.set(entry.bytes.subarray(offset, offset + count), at);
  });
  return out;
}

/**
 * `write`: a Uint8Array (read through a plain view) and an integer addr ≥ 0 else EINVAL; empty → no-op; every touched page in
 * a `w` area else EFAULT; frames needed (absent, swapped, COW-shared pages) beyond the free ones →
 * ENOMEM with nothing written; else every touched page becomes present and private, then the bytes land.
 */
export function write(state: ModelState, pid: unknown, givenAddr: unknown, givenBytes: unknown): void {
  const mm = mmOfProcess(state, liveProcess(state, pid));
  const { addr, bytes } = writeArgsOf(givenAddr, givenBytes);
  if (bytes.length === 0) return;
  const { pageSize } = state.config;
  const { first, end } = touchedPages(pageSize, addr, bytes.length);
  if (!rangeCoveredByVmas(mm, first, end, 'w') || !reachableThroughStage2(state, mm, first, end, 'w'))
    fail('EFAULT', `write of [${addr}, ${addr + bytes.length}) in mm ${mm.id} is not writable`);
  let needed = 0;
  for (let page = first; page < end; page += pageSize) needed += framesNeededFor(state, mm, page, 'w');
  if (needed > state.frames.freeCount) fail('ENOMEM', `write needs ${needed} frames, ${state.frames.freeCount} free`);
  writeIntoPages(state, mm, addr, bytes, needed);
}

/** Makes every page `bytes` touches present and private, then copies the bytes in (preconditions checked). */
function writeIntoPages(state: ModelState, mm: Mm, addr: number, bytes: Uint8Array, needed: number): void {
  const reserved = Array.from({ length: needed }, () => allocateFrame(state.frames));
  forEachPagePiece(state.config.pageSize, addr, bytes.length, (page, offset, count, at) => {
    if (!makePresent(state, mm, page, 'w', 'cpu', reserved))
      throw new Error('model bug: write ran out of frames after the check');
    const entry = mm.pages.get(page);
    if (entry === undefined || entry.state !== 'present')
      throw new Error('model bug: page not present after makePresent');
    writableFrameBytes(state.frames, entry.frame, state.config.pageSize).set(bytes.subarray(at, at + count), offset);
  });
}

/** Calls `visit(page, offsetInPage, count, offsetInBuffer)` for each page piece of `[addr, addr+length)`. */
function forEachPagePiece(
  pageSize: number,
  addr: number,
  length: number,
  visit: (page: number, offset: number, count: number, at: number) => void,
): void {
  let at = 0;
  while (at < length) {
    const a = addr + at;
    const offset = a % pageSize;
    const count = Math.min(pageSize - offset, length - at);
    visit(a - offset, offset, count, at);
    at += count;
  }
}
