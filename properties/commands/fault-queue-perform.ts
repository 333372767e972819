// Performing the fault-queue commands (SPEC §12): resolving fault-queue references against the
// reference's state, the calls with their readable text, the compound create-and-route, and the
// user policy step, which reads everything and answers each delivered group by a drawn action.

import type { FaultRecord, FaultResponse, FaultRouteTarget, Fd, Pid } from '../../interface/index.ts';
import type { Outcome } from '../runner/outcome.ts';
import { hex, type Call } from './calls.ts';
import type { FaultQueueCommandData, FaultQueueRef, PolicyAction, ResponseEntryData } from './fault-queue-data.ts';
import { resolveFd, resolvePid, resolvePidWithFds, type ResolveContext } from './resolve.ts';

/** Runs one call on the systems under comparison and returns the reference system's outcome. */
type Exec = (call: Call) => Outcome;

/** Builders of the fault-queue calls, each with its readable text. */
export const faultQueueCalls = {
  create: (pid: Pid, flags: number): Call =>
    flags === 0
      ? { op: 'faultQueueCreate', args: [pid], text: `p${pid}.faultQueueCreate()` }
      : { op: 'faultQueueCreate', args: [pid, flags], text: `p${pid}.faultQueueCreate(flags ${flags})` },
  route: (pid: Pid, fd: Fd, fq: number): Call => ({
    op: 'routeFaults',
    args: [pid, fd, fq],
    text: `p${pid}.routeFaults(fd${fd}, fq${fq})`,
  }),
  replace: (pid: Pid, fd: Fd, target: FaultRouteTarget): Call => ({
    op: 'replaceFaultRoute',
    args: [pid, fd, target],
    text: `p${pid}.replaceFaultRoute(fd${fd}, ${target === 'kernel' ? "'kernel'" : `fq${target}`})`,
  }),
  read: (fq: number, max: number | null): Call =>
    max === null
      ? { op: 'readFaults', args: [fq], text: `readFaults(fq${fq})` }
      : { op: 'readFaults', args: [fq, max], text: `readFaults(fq${fq}, ${max})` },
  respond: (fq: number, responses: readonly unknown[]): Call => ({
    op: 'respondFaults',
    args: [fq, responses],
    text: `respondFaults(fq${fq}, ${JSON.stringify(responses)})`,
  }),
  poll: (fq: number): Call => ({ op: 'pollFaults', args: [fq], text: `pollFaults(fq${fq})` }),
  destroy: (fq: number): Call => ({ op: 'faultQueueDestroy', args: [fq], text: `faultQueueDestroy(fq${fq})` }),
} as const;

/** The fault-queue id a reference names (owned by `pid` first, when given and it owns one). */
export function resolveFaultQueue(ref: FaultQueueRef, ctx: ResolveContext, pid?: Pid): number {
  const all = ctx.snapshot.faultQueues;
  const unknown = (all.length === 0 ? 0 : all[all.length - 1].id) + 100;
  if (ref === 'unknown') return unknown;
  if (ref === 'foreign') return all.find((q) => pid !== undefined && q.owner !== pid)?.id ?? unknown;
  const owned = pid === undefined ? [] : all.filter((q) => q.owner === pid);
  const pool = owned.length > 0 ? owned : all;
  return pool.length === 0 ? 1 : pool[ref % pool.length].id;
}

/** Performs a fault-queue command. */
export function performFaultQueue(data: FaultQueueCommandData, ctx: ResolveContext, exec: Exec): void {
  switch (data.cmd) {
    case 'faultQueueCreate':
      exec(faultQueueCalls.create(resolvePid(data.p, ctx), data.flags));
      return;
    case 'readFaults':
      exec(faultQueueCalls.read(resolveFaultQueue(data.q, ctx), data.max));
      return;
    case 'pollFaults':
      exec(faultQueueCalls.poll(resolveFaultQueue(data.q, ctx)));
      return;
    case 'faultQueueDestroy':
      exec(faultQueueCalls.destroy(resolveFaultQueue(data.q, ctx)));
      return;
    case 'respondFaults': {
      const fq = resolveFaultQueue(data.q, ctx);
      exec(
        faultQueueCalls.respond(
          fq,
          data.entries.map((e) => responseEntry(e, fq, ctx)),
        ),
      );
      return;
    }
    case 'faultPolicy':
      performPolicy(resolveFaultQueue(data.q, ctx), data.actions, ctx, exec);
      return;
    default:
      break;
  }
  const pid = resolvePidWithFds(data.p, ctx);
  const fd = resolveFd(data.f, pid, ctx);
  switch (data.cmd) {
    case 'routeFaults':
      exec(faultQueueCalls.route(pid, fd, resolveFaultQueue(data.q, ctx, pid)));
      return;
    case 'replaceFaultRoute': {
      const target = data.target === 'kernel' ? 'kernel' : resolveFaultQueue(data.target, ctx, pid);
      exec(faultQueueCalls.replace(pid, fd, target));
      return;
    }
    case 'routeNew': {
      const created = exec(faultQueueCalls.create(pid, 0));
      if (created.kind !== 'value' || typeof created.value !== 'number') return;
      exec(faultQueueCalls.route(pid, fd, created.value));
      return;
    }
    case 'forkFaultHelper': {
      const child = exec({ op: 'fork', args: [pid], text: `p${pid}.fork()` });
      if (child.kind !== 'value' || typeof child.value !== 'number') return;
      const created = exec(faultQueueCalls.create(child.value, 0));
      if (created.kind !== 'value' || typeof created.value !== 'number') return;
      exec(faultQueueCalls.route(child.value, fd, created.value));
      return;
    }
  }
}

/** A raw response entry: a delivered cookie by index (or 1 with none), an undelivered one, or a malformed one. */
function responseEntry(e: ResponseEntryData, fq: number, ctx: ResolveContext): unknown {
  if (e.pick === 'malformed') return e.code === 'bad' ? null : { cookie: 0.5, code: e.code };
  const delivered = ctx.snapshot.faultQueues.find((q) => q.id === fq)?.delivered ?? [];
  const highest = delivered.length === 0 ? 0 : delivered[delivered.length - 1].cookie;
  const picked = delivered.length === 0 ? 1 : delivered[(e.pick === 'unknown' ? 0 : e.pick) % delivered.length].cookie;
  const cookie = e.pick === 'unknown' ? highest + 1 : picked;
  return { cookie, code: e.code === 'bad' ? 'retry' : e.code };
}

/** The cookies of a read, each once, in read order, with their records. */
function groupsOf(records: readonly FaultRecord[]): FaultRecord[][] {
  const out: FaultRecord[][] = [];
  for (const r of records) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0].cookie === r.cookie) last.push(r);
    else out.push([r]);
  }
  return out;
}

/**
 * The user policy (issue 14): read everything, then answer each group read by the next action.
 * `touch` reads each requested page back and writes the byte again through the process whose mm
 * has the PASID (the page becomes present and private), then answers SUCCESS.
 */
function performPolicy(fq: number, actions: readonly PolicyAction[], ctx: ResolveContext, exec: Exec): void {
  const read = exec(faultQueueCalls.read(fq, null));
  if (read.kind !== 'value' || !Array.isArray(read.value) || actions.length === 0) return;
  const groups = groupsOf(read.value as FaultRecord[]);
  const answered: number[] = [];
  groups.forEach((records, i) => {
    const cookie = records[0].cookie;
    const action = actions[i % actions.length];
    const ok = (code: 'success' | 'invalid'): FaultResponse => ({ cookie, code });
    switch (action) {
      case 'touch': {
        const owner = ctx.snapshot.mms.find((m) => m.pasid === records[0].pasid)?.id;
        const live = owner !== undefined && ctx.snapshot.processes.some((p) => p.pid === owner);
        if (live) for (const r of records) touch(owner, r.addr, exec);
        exec(faultQueueCalls.respond(fq, [ok('success')]));
        break;
      }
      case 'success':
      case 'invalid':
        exec(faultQueueCalls.respond(fq, [ok(action)]));
        break;
      case 'duplicate':
        exec(faultQueueCalls.respond(fq, [ok('success'), ok('success')]));
        break;
      case 'stale':
        exec(faultQueueCalls.respond(fq, [{ cookie: answered[0] ?? cookie + 1000, code: 'success' }]));
        break;
      case 'badCode':
        exec(faultQueueCalls.respond(fq, [{ cookie, code: 'retry' }]));
        break;
    }
    if (action !== 'badCode') answered.push(cookie);
  });
}

/** A CPU touch of one byte: read it, write it back (EFAULT where the area forbids either). */
function touch(pid: Pid, addr: number, exec: Exec): void {
  const got = exec({ op: 'read', args: [pid, addr, 1], text: `p${pid}.read(${hex(addr)}, 1 bytes)` });
  if (got.kind !== 'value' || !(got.value instanceof Uint8Array)) return;
  const byte = got.value.slice();
  exec({ op: 'write', args: [pid, addr, byte], text: `p${pid}.write(${hex(addr)}, 1 bytes back)` });
}
