// Argument checks shared by every operation, in the order of §S-1: ESRCH, EBADF, ENODEV, then the
// row's own EINVAL checks. Each returns the record (or the validated copy) it found or throws a
// WarpDriveError. None runs caller code (§S-1 "caller objects"); messages show caller values only
// through `formatArgument`, which never calls user code nor throws.

import {
  CALL_LIMITS,
  NO_DATA,
  WarpDriveError,
  arrayLengthOf,
  byteView,
  formatArgument,
  isArrayValue,
  isProt,
  ownDataValue,
  readPlainFields,
  type Descriptor,
  type Errno,
  type Prot,
  type ResolvedConfig,
  type SpecObserver,
} from '../interface/index.ts';
import { descriptorFrom } from './device/descriptors.ts';
import type { Device, Mm, ModelState, Process, Queue } from './state.ts';

/** Throws the errno with a message saying what was wrong. */
export function fail(code: Errno, message: string): never {
  throw new WarpDriveError(code, message);
}

/** Whether `n` is an integer in the sense of §S-1 (`Number.isSafeInteger`). */
export function isInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/** The live process `pid`; ESRCH for a wrong-typed, never-spawned or exited pid (§S-1, §S-2). */
export function liveProcess(state: ModelState, pid: unknown): Process {
  const process = isInteger(pid) ? state.processes.get(pid) : undefined;
  if (process === undefined) fail('ESRCH', `no live process ${formatArgument(pid)}`);
  return process;
}

/** The mm of a live process (a live process's mm is never dropped). */
export function mmOfProcess(state: ModelState, process: Process): Mm {
  const mm = state.mms.get(process.mm);
  if (mm === undefined) throw new Error(`model bug: live process ${process.pid} has no mm`);
  return mm;
}

/** The queue fd `fd` of `process` points at; EBADF for a wrong-typed or unopened fd. */
export function queueOfFd(state: ModelState, process: Process, fd: unknown): Queue {
  const id = isInteger(fd) ? process.fds.get(fd) : undefined;
  if (id === undefined) fail('EBADF', `fd ${formatArgument(fd)} is not open in process ${process.pid}`);
  const queue = state.queues.get(id);
  if (queue === undefined) throw new Error(`model bug: fd ${formatArgument(fd)} points at freed queue ${id}`);
  return queue;
}

/** The device named `name`, known to the config (removed or not); ENODEV if unknown. */
export function knownDevice(state: ModelState, name: unknown): Device {
  const device = typeof name === 'string' ? state.devices.get(name) : undefined;
  if (device === undefined) fail('ENODEV', `no device ${formatArgument(name)}`);
  return device;
}

/** The device named `name`; ENODEV if unknown or removed. */
export function presentDevice(state: ModelState, name: unknown): Device {
  const device = knownDevice(state, name);
  if (device.removed) fail('ENODEV', `device ${device.config.name} was removed`);
  return device;
}

/** The device record a queue belongs to. */
export function deviceOfQueue(state: ModelState, queue: Queue): Device {
  const device = state.devices.get(queue.device);
  if (device === undefined) throw new Error(`model bug: queue ${queue.id} names unknown device`);
  return device;
}

/**
 * Checks that `(addr, length)` is aligned in the sense of §S-1: integers, `addr ≥ 0`, both
 * page-aligned, `length > 0`, and the range ends at or below `2^vaBits`. EINVAL otherwise.
 */
export function checkAlignedRange(config: ResolvedConfig, addr: unknown, length: unknown): asserts addr is number {
  const ok =
    isInteger(addr) &&
    isInteger(length) &&
    addr >= 0 &&
    length > 0 &&
    addr % config.pageSize === 0 &&
    length % config.pageSize === 0 &&
    addr + length <= 2 ** config.vaBits;
  if (!ok) fail('EINVAL', `range (${formatArgument(addr)}, ${formatArgument(length)}) is not aligned`);
}

/** Checks a single page address for reclaim/migrate (§S-1): integer in `[0, 2^vaBits)`, page-aligned. */
export function checkPageAddress(config: ResolvedConfig, addr: unknown): asserts addr is number {
  const ok = isInteger(addr) && addr >= 0 && addr < 2 ** config.vaBits && addr % config.pageSize === 0;
  if (!ok) fail('EINVAL', `address ${formatArgument(addr)} is not a page address`);
}

/** Checks a `Prot` string; EINVAL otherwise. */
export function checkProt(prot: unknown): asserts prot is Prot {
  if (!isProt(prot)) fail('EINVAL', `bad prot ${formatArgument(prot)}`);
}

/** Checks a `max` of handleFaults/readEvents (§S-1): an integer ≥ 0 or Infinity; EINVAL otherwise. */
export function checkTakeMax(max: unknown): asserts max is number {
  if (!(max === Infinity || (isInteger(max) && max >= 0))) fail('EINVAL', `bad max ${formatArgument(max)}`);
}

/** Checks `recv`'s `max` (§S-1): an integer ≥ 1; EINVAL otherwise. */
export function checkRecvMax(max: unknown): asserts max is number {
  if (!isInteger(max) || max < 1) fail('EINVAL', `bad max ${formatArgument(max)}`);
}

/** `read`'s arguments (§S-1): integers ≥ 0 and at most `CALL_LIMITS.maxIoBytes` bytes; EINVAL otherwise. */
export function readArgsOf(addr: unknown, length: unknown): { addr: number; length: number } {
  const ok = isInteger(addr) && isInteger(length) && addr >= 0 && length >= 0 && length <= CALL_LIMITS.maxIoBytes;
  if (!ok) fail('EINVAL', `bad read (${formatArgument(addr)}, ${formatArgument(length)})`);
  return { addr, length };
}

/**
 * Checks `write`'s arguments (§S-1): a genuine Uint8Array of at most `CALL_LIMITS.maxIoBytes` bytes
 * and an integer `addr ≥ 0`; EINVAL otherwise. Returns a plain view of the bytes (§S-1 "caller objects").
 */
export function writeArgsOf(addr: unknown, bytes: unknown): { addr: number; bytes: Uint8Array } {
  const view = byteView(bytes);
  if (view === undefined || view.length > CALL_LIMITS.maxIoBytes || !isInteger(addr) || addr < 0) {
    fail('EINVAL', `bad write at ${formatArgument(addr)}`);
  }
  return { addr, bytes: view };
}

/**
 * `send`'s descriptor list (§S-9): a non-empty array of at most `CALL_LIMITS.maxSendDescriptors`
 * entries, each index an own data property (a hole is malformed) holding a well-formed descriptor;
 * EINVAL otherwise. Returns the private copies, in order.
 */
export function descriptorListOf(descs: unknown): Descriptor[] {
  const length = isArrayValue(descs) ? arrayLengthOf(descs) : undefined;
  if (length === undefined || length < 1 || length > CALL_LIMITS.maxSendDescriptors) {
    fail('EINVAL', `descriptors must be a list of 1..${CALL_LIMITS.maxSendDescriptors}`);
  }
  const copies: Descriptor[] = [];
  for (let i = 0; i < length; i++) {
    const entry = ownDataValue(descs as readonly unknown[], i);
    const copy = entry === NO_DATA ? undefined : descriptorFrom(entry);
    if (copy === undefined) fail('EINVAL', `descriptor ${i} is malformed`);
    copies.push(copy);
  }
  return copies;
}

/**
 * The observer named by `createModel`'s options: absent, or a plain object whose only field
 * `observer` is a function; EINVAL otherwise (read without running caller code).
 */
export function observerOf(options: unknown): SpecObserver | undefined {
  if (options === undefined) return undefined;
  const read = readPlainFields(options, ['observer']);
  if (!read.ok) fail('EINVAL', `invalid options: options ${read.problem}`);
  const observer = read.fields.observer;
  if (observer !== undefined && typeof observer !== 'function') {
    fail('EINVAL', 'invalid options: observer must be a function');
  }
  return observer as SpecObserver | undefined;
}
