// Performing a command: resolve its references against the state before it, then issue its
// concrete calls through `exec` (which runs each call on every system under comparison). A compound
// command (`openReady`, repeated `deviceStep`) issues several calls, each compared on its own.

import type { Outcome } from '../runner/outcome.ts';
import type { Call } from './calls.ts';
import { calls } from './calls.ts';
import type { CommandData } from './data.ts';
import { isFaultQueueCommand } from './fault-queue-data.ts';
import { performFaultQueue } from './fault-queue-perform.ts';
import {
  maxLenFor,
  patternBytes,
  resolveAddr,
  resolveDescriptor,
  resolveDevice,
  resolveFd,
  resolvePid,
  resolvePidWithFds,
  resolveProt,
  resolveRegion,
  type ResolveContext,
} from './resolve.ts';
import { isVmCommand } from './vm-data.ts';
import { performVm } from './vm-perform.ts';

/** Runs one call on the systems under comparison and returns the reference system's outcome. @public */
export type Exec = (call: Call) => Outcome;

/** Resolves `data` in `ctx` and issues its calls through `exec`. @public */
export function perform(data: CommandData, ctx: ResolveContext, exec: Exec): void {
  const ps = ctx.config.pageSize;
  if (isFaultQueueCommand(data)) return performFaultQueue(data, ctx, exec);
  if (isVmCommand(data)) return performVm(data, ctx, exec, perform);
  switch (data.cmd) {
    case 'spawn':
      exec(calls.spawn());
      return;
    case 'processes':
      exec(calls.processes());
      return;
    case 'quiesce':
      exec(calls.quiesce());
      return;
    case 'handleFaults':
      exec(calls.handleFaults(data.max === 'exact' ? ctx.snapshot.pageRequests.length : data.max));
      return;
    case 'removeDevice':
      exec(calls.removeDevice(resolveDevice(data.dev, ctx)));
      return;
    case 'deviceInfo':
      exec(calls.deviceInfo(resolveDevice(data.dev, ctx)));
      return;
    case 'readEvents': {
      const device = resolveDevice(data.dev, ctx);
      const unread = ctx.snapshot.devices.find((d) => d.name === device)?.events.length ?? 0;
      exec(calls.readEvents(device, data.max === 'exact' ? unread : data.max));
      return;
    }
    case 'deviceStep': {
      const device = resolveDevice(data.dev, ctx);
      for (let i = 0; i < data.times; i++) exec(calls.deviceStep(device));
      return;
    }
    default:
      break;
  }
  const pid = resolvePid(data.p, ctx);
  switch (data.cmd) {
    case 'mmap':
      exec(calls.mmap(pid, resolveAddr(data.at, pid, ctx), data.pages * ps + data.skew, resolveProt(data.prot)));
      return;
    case 'munmap':
      exec(calls.munmap(pid, resolveAddr(data.at, pid, ctx), data.pages * ps + data.skew));
      return;
    case 'mprotect':
      exec(calls.mprotect(pid, resolveAddr(data.at, pid, ctx), data.pages * ps + data.skew, resolveProt(data.prot)));
      return;
    case 'read':
      exec(calls.read(pid, resolveAddr(data.at, pid, ctx), data.len));
      return;
    case 'write':
      exec(calls.write(pid, resolveAddr(data.at, pid, ctx), patternBytes(data.len, data.seed), data.seed));
      return;
    case 'fork':
      exec(calls.fork(pid));
      return;
    case 'reclaim':
      exec(calls.reclaim(pid, resolveAddr(data.at, pid, ctx)));
      return;
    case 'migrate':
      exec(calls.migrate(pid, resolveAddr(data.at, pid, ctx)));
      return;
    case 'exit':
      exec(calls.exit(pid));
      return;
    case 'pasidOf':
      exec(calls.pasidOf(pid));
      return;
    case 'open':
      exec(calls.open(pid, resolveDevice(data.dev, ctx)));
      return;
    case 'openReady': {
      const opened = exec(calls.open(pid, resolveDevice(data.dev, ctx)));
      // Only a successful open yields an fd to continue with.
      if (opened.kind !== 'value' || typeof opened.value !== 'number') return;
      const fd = opened.value;
      exec(calls.mapRegion(pid, fd, 'mmio'));
      exec(calls.mapRegion(pid, fd, 'dus'));
      exec(calls.startQueue(pid, fd));
      return;
    }
    default:
      break;
  }
  // Commands on an fd pick their process among those with fds (the same index otherwise).
  const fdPid = resolvePidWithFds(data.p, ctx);
  const fd = resolveFd(data.f, fdPid, ctx);
  switch (data.cmd) {
    case 'startQueue':
      exec(calls.startQueue(fdPid, fd));
      return;
    case 'stopQueue':
      exec(calls.stopQueue(fdPid, fd));
      return;
    case 'close':
      exec(calls.close(fdPid, fd));
      return;
    case 'closeQueue':
      // Each call is compared on its own (EINVAL for a region this process does not hold).
      exec(calls.unmapRegion(fdPid, fd, 'mmio'));
      exec(calls.unmapRegion(fdPid, fd, 'dus'));
      exec(calls.close(fdPid, fd));
      return;
    case 'poll':
      exec(calls.poll(fdPid, fd));
      return;
    case 'queueInfo':
      exec(calls.queueInfo(fdPid, fd));
      return;
    case 'mapRegion':
      exec(calls.mapRegion(fdPid, fd, resolveRegion(data.region)));
      return;
    case 'mapSs': {
      const pages = data.pages === 'pastFree' ? ctx.snapshot.frames.free.length + 1 : data.pages;
      exec(calls.mapSs(fdPid, fd, resolveAddr(data.at, fdPid, ctx), pages * ps + data.skew));
      return;
    }
    case 'ssDma': {
      const queue = ctx.snapshot.processes.find((p) => p.pid === fdPid)?.fds.find((f) => f.fd === fd)?.queue;
      const size = ctx.snapshot.queues.find((q) => q.id === queue)?.staticShare?.pages ?? 1;
      exec(calls.ssDma(fdPid, fd, data.index === 'end' ? size : data.index === 'last' ? size - 1 : data.index));
      return;
    }
    case 'unmapRegion':
      exec(calls.unmapRegion(fdPid, fd, resolveRegion(data.region)));
      return;
    case 'recv': {
      const queue = ctx.snapshot.processes.find((p) => p.pid === fdPid)?.fds.find((f) => f.fd === fd)?.queue;
      const unread = ctx.snapshot.queues.find((q) => q.id === queue)?.completions.length ?? 0;
      exec(calls.recv(fdPid, fd, data.max === 'exact' ? unread : data.max));
      return;
    }
    case 'send': {
      const maxLen = maxLenFor(fdPid, fd, ctx);
      exec(
        calls.send(
          fdPid,
          fd,
          data.descs.map((d) => resolveDescriptor(d, fdPid, maxLen, ctx, fd)),
        ),
      );
      return;
    }
  }
}
