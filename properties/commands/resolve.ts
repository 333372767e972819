// Resolution: turns a command's references (indices, arena pages, descriptor specs) into concrete
// argument values against the live state of the reference system, read from its snapshot taken
// just before the command. The same data always resolves to the same values in the same state.

import type {
  Descriptor,
  DeviceName,
  Fd,
  Pid,
  Prot,
  QueueSnapshot,
  ResolvedConfig,
  Region,
  SystemSnapshot,
} from '../../interface/index.ts';
import { arenaPages, arenaStartPage } from './arena.ts';
import type { AddrRef, DescriptorData, DeviceRef, FdRef, LegacyAddrRef, PidRef, ProtArg, RegionArg } from './data.ts';

/** What resolution reads: the reference system's state before the command, and the config. */
export interface ResolveContext {
  readonly snapshot: SystemSnapshot;
  readonly config: ResolvedConfig;
}

/** The pid a reference names: a live one by index (ascending), or an exited / never-spawned one. */
export function resolvePid(ref: PidRef, ctx: ResolveContext): Pid {
  const live = ctx.snapshot.processes.map((p) => p.pid);
  const neverSpawned = ctx.snapshot.nextPid + 7;
  if (ref === 'unknown') return neverSpawned;
  if (ref === 'exited') {
    const liveSet = new Set(live);
    for (let pid = 1; pid < ctx.snapshot.nextPid; pid++) if (!liveSet.has(pid)) return pid;
    return neverSpawned;
  }
  // With no live process, pid 1 stands in (it is then exited or never spawned: ESRCH).
  return live.length === 0 ? 1 : live[ref % live.length];
}

/**
 * The pid a reference names for an fd-taking command: like `resolvePid`, but the index runs over
 * the live processes that have open fds (all live ones if none has), so that queue work
 * concentrates where queues are.
 */
export function resolvePidWithFds(ref: PidRef, ctx: ResolveContext): Pid {
  if (typeof ref !== 'number') return resolvePid(ref, ctx);
  const withFds = ctx.snapshot.processes.filter((p) => p.fds.length > 0).map((p) => p.pid);
  return withFds.length === 0 ? resolvePid(ref, ctx) : withFds[ref % withFds.length];
}

/** The open fds of a process, ascending (none if it is not live). */
export function fdsOf(pid: Pid, ctx: ResolveContext): Fd[] {
  return ctx.snapshot.processes.find((p) => p.pid === pid)?.fds.map((f) => f.fd) ?? [];
}

/** The fd a reference names in process `pid`: an open one by index, or one it does not have. */
export function resolveFd(ref: FdRef, pid: Pid, ctx: ResolveContext): Fd {
  const fds = fdsOf(pid, ctx);
  if (ref === 'unknown') return fds.length === 0 ? 3 : fds[fds.length - 1] + 1;
  // With no open fd, fd 3 stands in (not open: EBADF).
  return fds.length === 0 ? 3 : fds[ref % fds.length];
}

/** The device a reference names, or a name no device has. */
export function resolveDevice(ref: DeviceRef, ctx: ResolveContext): DeviceName {
  const devices = ctx.config.devices;
  return ref === 'unknown' ? 'no-such-device' : devices[ref % devices.length].name;
}

/** The queue snapshot behind (pid, fd), if open. */
function queueOf(pid: Pid, fd: Fd | undefined, ctx: ResolveContext): QueueSnapshot | undefined {
  const id = ctx.snapshot.processes.find((p) => p.pid === pid)?.fds.find((f) => f.fd === fd)?.queue;
  return ctx.snapshot.queues.find((q) => q.id === id);
}

/**
 * An `ss` or `phys` reference (SPEC §14, see `LegacyAddrRef`) for process `pid` and the queue of
 * `fd` (a descriptor's), or undefined when no region or no present frame exists to name.
 */
function resolveLegacyAddr(ref: LegacyAddrRef, pid: Pid, fd: Fd | undefined, ctx: ResolveContext): number | undefined {
  const ps = ctx.config.pageSize;
  if ('phys' in ref) {
    const frames = [
      ...new Set(ctx.snapshot.mms.flatMap((m) => m.pages.flatMap((p) => (p.frame === undefined ? [] : [p.frame])))),
    ];
    if (frames.length === 0) return undefined;
    return frames.sort((a, b) => a - b)[ref.phys % frames.length] * ps + ref.off;
  }
  const own = queueOf(pid, fd, ctx);
  const region =
    own?.staticShare ?? ctx.snapshot.queues.find((q) => q.mm === pid && q.staticShare !== undefined)?.staticShare;
  if (region === undefined) return undefined;
  const page = ref.ss % region.pages;
  const noiommu = ctx.snapshot.devices.find((d) => d.name === own?.device)?.mode === 'noiommu';
  return (noiommu ? region.frames[page] * ps : region.va + page * ps) + ref.off;
}

/** The address a reference names for process `pid` (see `AddrRef`); `fd` is a descriptor's queue. */
export function resolveAddr(ref: AddrRef, pid: Pid, ctx: ResolveContext, fd?: Fd): number {
  const ps = ctx.config.pageSize;
  if ('ss' in ref || 'phys' in ref) {
    const addr = resolveLegacyAddr(ref, pid, fd, ctx);
    if (addr !== undefined) return addr;
    // nothing to name: the arena page, as an `area` reference without areas
    return (arenaStartPage(ctx.config) + (('ss' in ref ? ref.ss : ref.phys) % arenaPages(ctx.config))) * ps + ref.off;
  }
  if ('area' in ref) {
    const vmas = ctx.snapshot.mms.find((m) => m.id === pid)?.vmas ?? [];
    if (vmas.length > 0) {
      const vma = vmas[ref.area % vmas.length];
      const pages = (vma.end - vma.start) / ps;
      return vma.start + (ref.page % pages) * ps + ref.off + (ref.alias === true ? 2 ** ctx.config.vaBits : 0);
    }
    return (arenaStartPage(ctx.config) + (ref.page % arenaPages(ctx.config))) * ps + ref.off;
  }
  if ('top' in ref) return 2 ** ctx.config.vaBits - (ref.top + 1) * ps + ref.off;
  return (arenaStartPage(ctx.config) + ref.raw) * ps + ref.off;
}

/** A protection argument: the letters, or a string that is not a `Prot` (cast on purpose). */
export function resolveProt(prot: ProtArg): Prot {
  return prot === 'bad' ? ('wr' as unknown as Prot) : prot;
}

/** A region argument: `'mmio'`/`'dus'`, or a name that is no region (cast on purpose). */
export function resolveRegion(region: RegionArg): Region {
  return region === 'bad' ? ('doorbell' as unknown as Region) : region;
}

/** The bytes a `write` with this seed and length writes: non-zero, seed-dependent. */
export function patternBytes(len: number, seed: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = ((seed * 31 + i * 7) % 251) + 1;
  return out;
}

/**
 * A descriptor for process `pid` on a device with `maxLen`: a well-formed one with resolved
 * addresses, or a malformed one (SEMANTICS §S-9) built on purpose.
 */
export function resolveDescriptor(
  d: DescriptorData,
  pid: Pid,
  maxLen: number,
  ctx: ResolveContext,
  fd?: Fd,
): Descriptor {
  if ('malformed' in d) {
    const base = { op: 'copy', src: 0, dst: 0, len: 1, tag: 1 };
    const bad: Record<string, unknown> = (() => {
      switch (d.malformed) {
        case 'badOp':
          return { ...base, op: 'xor' };
        case 'negativeLen':
          return { ...base, len: -1 };
        case 'fractionalSrc':
          return { ...base, src: 0.5 };
        case 'extraField':
          return { ...base, value: 1 };
        case 'missingTag':
          return { op: 'crc32', src: 0, len: 1 };
        case 'bigValue':
          return { op: 'fill', dst: 0, len: 1, value: 256, tag: 1 };
        case 'bigTag':
          return { ...base, tag: 2 ** 32 };
      }
    })();
    return bad as unknown as Descriptor;
  }
  const len = d.len === -1 ? maxLen + 1 : d.len === -2 ? maxLen : d.len === -3 ? maxLen - 1 : d.len;
  const src = resolveAddr(d.src, pid, ctx, fd);
  const dst = resolveAddr(d.dst, pid, ctx, fd);
  switch (d.op) {
    case 'copy':
      return { op: 'copy', src, dst, len, tag: d.tag };
    case 'fill':
      return { op: 'fill', dst, len, value: d.value, tag: d.tag };
    case 'crc32':
      return { op: 'crc32', src, len, tag: d.tag };
  }
}

/** The `maxLen` of the device the fd's queue belongs to (the first device's when unknown). */
export function maxLenFor(pid: Pid, fd: Fd, ctx: ResolveContext): number {
  const queueId = ctx.snapshot.processes.find((p) => p.pid === pid)?.fds.find((f) => f.fd === fd)?.queue;
  const device = ctx.snapshot.queues.find((q) => q.id === queueId)?.device;
  return (ctx.config.devices.find((d) => d.name === device) ?? ctx.config.devices[0]).maxLen;
}
