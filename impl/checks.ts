// Every argument check of the impl's public API (§S-1, §S-9, §S-11): the lookups that raise ESRCH,
// EBADF and ENODEV, the EINVAL checks of each row, the descriptor list of `send` and the factory's
// options. Each check returns what it validated (a record, a byte view, a private copy of the
// descriptors) or throws a WarpDriveError; none runs caller code (interface/caller-values.ts), and
// every message shows caller values through `formatArgument`, so building it can neither throw nor call
// a `toString`.

import {
  CALL_LIMITS,
  NO_DATA,
  WarpDriveError,
  arrayLengthOf,
  byteView,
  formatArgument,
  isArrayValue,
  isPlainObject,
  isProt,
  ownDataValue,
  readPlainFields,
  type Descriptor,
  type DeviceName,
  type Errno,
  type Pid,
} from '../interface/index.ts';
import type { Device } from './device.ts';
import type { Queue } from './queue.ts';
import type { ImplComponents, ImplOptions, Process } from './state.ts';

/** Throws the errno (EINVAL unless named) with a message. @internal */
export function fail(what: string, code: Errno = 'EINVAL'): never {
  throw new WarpDriveError(code, what);
}

/** Whether `x` is a safe integer (§S-1 "integer"). @internal */
export function isInteger(x: unknown): x is number {
  return Number.isSafeInteger(x); // false for every non-number
}

// ── lookups: ESRCH, EBADF, ENODEV (§S-1 order) ──

/** The live process `pid`, else ESRCH (wrong-typed pids too). @internal */
export function liveProcessIn(table: ReadonlyMap<Pid, Process>, pid: unknown): Process {
  const proc = isInteger(pid) ? table.get(pid) : undefined;
  if (proc === undefined) fail(`no live process ${formatArgument(pid)}`, 'ESRCH');
  return proc;
}

/** The queue behind `fd` in `proc`, else EBADF (wrong-typed fds too). @internal */
export function queueOfFdIn(proc: Process, fd: unknown): Queue {
  const queue = isInteger(fd) ? proc.fds.get(fd) : undefined;
  if (queue === undefined) fail(`fd ${formatArgument(fd)} not open in process ${proc.pid}`, 'EBADF');
  return queue;
}

/** A device named in the config (removed or not), else ENODEV. @internal */
export function knownDeviceIn(byName: ReadonlyMap<DeviceName, Device>, name: unknown): Device {
  const device = typeof name === 'string' ? byName.get(name) : undefined;
  if (device === undefined) fail(`no device ${formatArgument(name)}`, 'ENODEV');
  return device;
}

/** A device that is known and not removed, else ENODEV. @internal */
export function presentDeviceIn(byName: ReadonlyMap<DeviceName, Device>, name: unknown): Device {
  const device = knownDeviceIn(byName, name);
  if (device.removed) fail(`device ${device.config.name} was removed`, 'ENODEV');
  return device;
}

// ── the rows' own checks ──

/** The geometry the memory checks need. @internal */
export interface VaGeometry {
  readonly pageSize: number;
  /** 2^vaBits. */
  readonly vaLimit: number;
}

/**
 * An aligned range (§S-1): integers, `addr ≥ minAddr` (0, or pageSize for mmap), both page-aligned,
 * `length > 0`, ending at or below 2^vaBits; EINVAL naming `op` otherwise.
 * @internal
 */
export function checkAlignedRange(
  g: VaGeometry,
  op: string,
  addr: unknown,
  length: unknown,
  minAddr = 0,
): asserts addr is number {
  const ps = g.pageSize;
  const ok =
    isInteger(addr) &&
    isInteger(length) &&
    addr >= minAddr &&
    addr % ps === 0 &&
    length > 0 &&
    length % ps === 0 &&
    addr + length <= g.vaLimit;
  if (!ok) fail(`${op} range (${formatArgument(addr)}, ${formatArgument(length)})`);
}

/** A `Prot` string, else EINVAL. @internal */
export function checkProt(op: string, prot: unknown): void {
  if (!isProt(prot)) fail(`${op} prot ${formatArgument(prot)}`);
}

/** A page address for reclaim/migrate (§S-1): an integer in `[0, 2^vaBits)`, page-aligned. @internal */
export function checkPageAddress(g: VaGeometry, op: string, addr: unknown): asserts addr is number {
  if (!isInteger(addr) || addr < 0 || addr >= g.vaLimit || addr % g.pageSize !== 0) {
    fail(`${op} of page address ${formatArgument(addr)}`);
  }
}

/** `read`'s arguments (§S-1): integers ≥ 0, `length ≤ CALL_LIMITS.maxIoBytes`. @internal */
export function checkReadArgs(addr: unknown, length: unknown): asserts length is number {
  if (!isInteger(addr) || addr < 0 || !isInteger(length) || length < 0 || length > CALL_LIMITS.maxIoBytes) {
    fail(`read (${formatArgument(addr)}, ${formatArgument(length)})`);
  }
}

/**
 * `write`'s arguments (§S-1): a genuine Uint8Array of at most `CALL_LIMITS.maxIoBytes` bytes and an
 * integer `addr ≥ 0`. Returns a plain view of the caller's bytes (no caller override reachable).
 * @internal
 */
export function writeBytesOf(addr: unknown, bytes: unknown): Uint8Array {
  const view = byteView(bytes);
  if (view === undefined || view.length > CALL_LIMITS.maxIoBytes || !isInteger(addr) || addr < 0) {
    fail(`write at ${formatArgument(addr)} of ${view === undefined ? formatArgument(bytes) : `${view.length} bytes`}`);
  }
  return view;
}

/** A `max` of handleFaults/readEvents: an integer ≥ 0 or Infinity, else EINVAL. @internal */
export function checkTakeMax(op: string, max: unknown): asserts max is number {
  if (max !== Infinity && (!isInteger(max) || max < 0)) fail(`${op} max ${formatArgument(max)}`);
}

/** `recv`'s `max`: an integer ≥ 1, else EINVAL. @internal */
export function checkRecvMax(max: unknown): asserts max is number {
  if (!isInteger(max) || max < 1) fail(`recv max ${formatArgument(max)}`);
}

/** A region name, else EINVAL. @internal */
export function checkRegion(region: unknown): asserts region is 'mmio' | 'dus' {
  if (region !== 'mmio' && region !== 'dus') fail(`unknown region ${formatArgument(region)}`);
}

/** ENXIO for a zombie queue. @internal */
export function checkNotZombie(queue: Queue): void {
  if (queue.state === 'zombie') fail(`queue ${queue.id} is a zombie`, 'ENXIO');
}

/** EFAULT unless `pid` holds both regions of the queue. @internal */
export function checkHoldsRegions(queue: Queue, pid: Pid): void {
  if (queue.mmio !== pid || queue.dus !== pid) {
    fail(`process ${pid} does not hold both regions of queue ${queue.id}`, 'EFAULT');
  }
}

// ── send's descriptors (§S-9) ──

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** How many fields a descriptor of `op` has; 0 for an unknown op. */
function fieldCount(op: unknown): number {
  return op === 'copy' || op === 'fill' ? 5 : op === 'crc32' ? 4 : 0;
}

/** Whether `key` is a field of a descriptor of `op` (a known op). */
function isFieldOf(op: unknown, key: string): boolean {
  switch (key) {
    case 'op':
    case 'len':
    case 'tag':
      return true;
    case 'src':
      return op !== 'fill';
    case 'dst':
      return op !== 'crc32';
    case 'value':
      return op === 'fill';
    default:
      return false;
  }
}

/** Whether the own enumerable keys of `d` are exactly the fields of `op` (false if a trap threw). */
function hasExactlyFieldsOf(d: object, op: unknown): boolean {
  let keys = 0;
  try {
    for (const key in d) {
      if (!Object.hasOwn(d, key)) continue; // an enumerable key of a polluted prototype is not a field
      if (!isFieldOf(op, key)) return false;
      keys++;
    }
  } catch {
    return false;
  }
  return keys === fieldCount(op);
}

/**
 * A private copy of a well-formed descriptor (§S-9; it goes straight into the ring and never escapes), or undefined if `d` is malformed: a
 * plain object whose own enumerable keys are exactly its op's fields, each a data property read
 * once (an accessor is malformed and never called), with counts, a byte `value` and a uint32 `tag`.
 * @internal
 */
export function descriptorFrom(d: unknown): Descriptor | undefined {
  if (!isPlainObject(d)) return undefined;
  const op = ownDataValue(d, 'op');
  if (fieldCount(op) === 0 || !hasExactlyFieldsOf(d, op)) return undefined;
  const len = ownDataValue(d, 'len');
  const tag = ownDataValue(d, 'tag');
  if (!isCount(len) || !isCount(tag) || tag > 0xffffffff) return undefined;
  if (op === 'fill') {
    const dst = ownDataValue(d, 'dst');
    const value = ownDataValue(d, 'value');
    if (!isCount(dst) || !isCount(value) || value > 255) return undefined;
    return { op, dst, len, value, tag };
  }
  const src = ownDataValue(d, 'src');
  if (!isCount(src)) return undefined;
  if (op === 'crc32') return { op, src, len, tag };
  const dst = ownDataValue(d, 'dst');
  if (!isCount(dst)) return undefined;
  return { op: 'copy', src, dst, len, tag };
}

/** Whether `d` is a well-formed descriptor (§S-9). @internal */
export function isWellFormedDescriptor(d: unknown): d is Descriptor {
  return descriptorFrom(d) !== undefined;
}

/**
 * `send`'s list (§S-9): a non-empty array of at most `CALL_LIMITS.maxSendDescriptors` entries, every
 * index an own data property holding a well-formed descriptor (a hole is malformed), else EINVAL.
 * Inspects at most that many entries, each once, before anything is queued; returns the copies.
 * @internal
 */
export function descriptorListOf(descs: unknown): Descriptor[] {
  const length = isArrayValue(descs) ? arrayLengthOf(descs) : undefined;
  if (length === undefined || length === 0 || length > CALL_LIMITS.maxSendDescriptors) {
    fail(`send of malformed or no descriptors: not an array of 1..${CALL_LIMITS.maxSendDescriptors} descriptors`);
  }
  const list: Descriptor[] = [];
  for (let i = 0; i < length; i++) {
    const entry = ownDataValue(descs as readonly unknown[], i);
    const desc = entry === NO_DATA ? undefined : descriptorFrom(entry);
    if (desc === undefined) fail(`send of malformed descriptors: descriptor ${i} is malformed`);
    list.push(desc);
  }
  return list;
}

// ── the factory's options ──

const OPTION_KEYS = ['components', 'faultInjection'];
const COMPONENT_KEYS: readonly (keyof ImplComponents)[] = ['translationCache', 'queueRings', 'nestedTranslationCache'];

/** Whether `createSystem`'s options turn fault injection on (R23); EINVAL for a non-boolean. @internal */
export function faultInjectionOf(options: unknown): boolean {
  if (options === undefined) return false;
  const read = readPlainFields(options, OPTION_KEYS);
  if (!read.ok) fail(`invalid options: options ${read.problem}`);
  const value = (read.fields as ImplOptions).faultInjection;
  if (value !== undefined && typeof value !== 'boolean') fail('invalid options: faultInjection must be a boolean');
  return value === true;
}

/**
 * The replacement parts named by `createSystem`'s options: absent, or a plain object whose fields
 * are `components` (a plain object of known parts, each a function) and `faultInjection`; EINVAL otherwise.
 * @internal
 */
export function componentsOf(options: unknown): Partial<ImplComponents> {
  if (options === undefined) return {};
  const read = readPlainFields(options, OPTION_KEYS);
  if (!read.ok) fail(`invalid options: options ${read.problem}`);
  const components = (read.fields as ImplOptions).components;
  if (components === undefined) return {};
  const parts = readPlainFields(components, COMPONENT_KEYS);
  if (!parts.ok) fail(`invalid options: components ${parts.problem}`);
  for (const key of COMPONENT_KEYS) {
    const part = parts.fields[key];
    if (part !== undefined && typeof part !== 'function') fail(`invalid options: components.${key} must be a function`);
  }
  return parts.fields as Partial<ImplComponents>;
}
