// User-space fault queues (SPEC §12, §17 R7, R11, R13; §S-12): create, route a slot, replace the
// route (auto-response on the old queue), read whole groups with lowest-free cookies, respond by
// cookie (the code checked before the cookie is consumed, stopping at the first bad entry), poll,
// destroy. Plain records over ModelState; every check runs before anything changes.

import {
  arrayLengthOf,
  formatArgument,
  isArrayValue,
  ownDataValue,
  type FaultQueueId,
  type FaultRecord,
} from '../../interface/index.ts';
import { deviceOfQueue, fail, isInteger, liveProcess, queueOfFd } from '../checks.ts';
import { report, type Device, type FaultQueue, type ModelState, type Queue, type Slot } from '../state.ts';
import { respond } from './fault-handler.ts';
import { autoRespond, ofSlot } from './fault-routes.ts';

/** The live fault queue `fq` names; ENOENT for anything else (wrong type, never made, destroyed). */
export function liveFaultQueue(state: ModelState, fq: unknown): FaultQueue {
  const queue = isInteger(fq) ? state.faultQueues.get(fq) : undefined;
  if (queue === undefined) fail('ENOENT', `no fault queue ${formatArgument(fq)}`);
  return queue;
}

/**
 * A live fault queue the host's user may drive: ENOENT as `liveFaultQueue`, then EBUSY for a VM's
 * queue (R8, §S-14: only its guest's handler reads and answers it, and no host slot routes into it).
 */
function userFaultQueue(state: ModelState, fq: unknown): FaultQueue {
  const queue = liveFaultQueue(state, fq);
  if (queue.vm !== undefined) fail('EBUSY', `fault queue ${queue.id} belongs to VM ${queue.vm}`);
  return queue;
}

/** `faultQueueCreate(pid, flags = 0)`: ESRCH; EOPNOTSUPP for any flags but 0. */
export function faultQueueCreate(state: ModelState, pid: unknown, flags: unknown = 0): FaultQueueId {
  const process = liveProcess(state, pid);
  if (flags !== 0) fail('EOPNOTSUPP', `fault-queue flags ${formatArgument(flags)}`);
  const id = state.nextFaultQueueId++;
  state.faultQueues.set(id, { id, owner: process.pid, undelivered: [], delivered: new Map(), highestCookie: 0 });
  return id;
}

/** The slot (device, PASID of the queue's mm) an fd's queue names, after ESRCH, EBADF, ENXIO. */
function slotOfFd(
  state: ModelState,
  pid: unknown,
  fd: unknown,
): { device: Device; pasid: number | undefined; slot: Slot | undefined; queue: Queue } {
  const queue = queueOfFd(state, liveProcess(state, pid), fd);
  if (queue.state === 'zombie') fail('ENXIO', `queue ${queue.id} is a zombie`);
  const device = deviceOfQueue(state, queue);
  const pasid = state.mms.get(queue.mm)?.pasid;
  const slot = pasid === undefined ? undefined : device.slots.get(pasid);
  // only a 'noiommu' queue has no slot (R21): it routes nowhere and raises no page requests
  if ((pasid === undefined || slot === undefined) && device.config.mode !== 'noiommu')
    throw new Error(`model bug: live queue ${queue.id} has no slot`);
  return { device, pasid, slot, queue };
}

/**
 * `routeFaults(pid, fd, fq)`: ENOENT unknown fq (R13: first); ESRCH; EBADF; ENXIO; ENOENT fq not
 * owned by pid; EOPNOTSUPP on a `faults: 'none'` device; EINVAL on an `abort` slot; EBUSY when the
 * slot already routes (attach never overwrites).
 */
export function routeFaults(state: ModelState, pid: unknown, fd: unknown, fq: unknown): void {
  const target = userFaultQueue(state, fq);
  const { device, slot } = slotOfFd(state, pid, fd);
  if (target.owner !== pid) fail('ENOENT', `fault queue ${target.id} is not owned by process ${formatArgument(pid)}`);
  if (device.config.faults !== 'pri') fail('EOPNOTSUPP', `device ${device.config.name} raises no page requests`);
  if (slot === undefined) throw new Error('model bug: a pri device queue without a slot');
  if (slot.state !== 'sva') fail('EINVAL', 'the slot is abort');
  if (slot.route !== undefined) fail('EBUSY', `the slot already routes to fault queue ${slot.route}`);
  slot.route = target.id;
}

/**
 * `replaceFaultRoute(pid, fd, target)`: ENOENT unknown target (R13: first); ESRCH; EBADF; ENXIO;
 * EINVAL if the slot routes nowhere; ENOENT target not owned by pid. The current target is a no-op;
 * else every group of the slot in the old queue is answered INVALID, then the slot routes to target.
 */
export function replaceFaultRoute(state: ModelState, pid: unknown, fd: unknown, target: unknown): void {
  const next = target === 'kernel' ? undefined : userFaultQueue(state, target);
  const { device, pasid, slot } = slotOfFd(state, pid, fd);
  if (slot?.route === undefined || pasid === undefined) fail('EINVAL', 'the slot routes nowhere');
  if (next !== undefined && next.owner !== pid)
    fail('ENOENT', `fault queue ${next.id} is not owned by ${formatArgument(pid)}`);
  if (next?.id === slot.route) return;
  const old = state.faultQueues.get(slot.route);
  if (old === undefined) throw new Error(`model bug: slot routes to destroyed fault queue ${slot.route}`);
  // the OLD queue's groups of the slot are answered: answering the new queue's instead (bug 23) leaves
  // them unanswered for good, and the devices waiting on them never progress
  autoRespond(state, old, ofSlot(device, pasid), 'replace');
  if (next === undefined) delete slot.route;
  else slot.route = next.id;
}

/** The lowest integer ≥ 1 no delivered group of `fq` holds as its cookie. */
function lowestFreeCookie(fq: FaultQueue): number {
  let cookie = 1;
  while (fq.delivered.has(cookie)) cookie++;
  return cookie;
}

/**
 * `readFaults(fq, maxRecords = Infinity)`: ENOENT; EINVAL unless an integer ≥ 0 or Infinity. Takes
 * whole groups from the head while their records fit (U3: a group that does not fit stops the read).
 */
export function readFaults(state: ModelState, fq: unknown, maxRecords: unknown = Infinity): FaultRecord[] {
  const queue = userFaultQueue(state, fq);
  const maxOk = maxRecords === Infinity || (isInteger(maxRecords) && maxRecords >= 0);
  if (!maxOk) fail('EINVAL', `bad maxRecords ${formatArgument(maxRecords)}`);
  const records: FaultRecord[] = [];
  let groups = 0;
  for (;;) {
    const head = queue.undelivered[0];
    // whole groups only (U3): delivering the records that fit (bug 26) leaves a group the user can
    // never answer completely, its other requests never reaching anyone
    if (head === undefined || records.length + head.requests.length > maxRecords) break;
    queue.undelivered.shift();
    const cookie = lowestFreeCookie(queue);
    if (cookie <= queue.highestCookie) report(state, { kind: 'cookieReused', queue: queue.id, cookie });
    queue.highestCookie = Math.max(queue.highestCookie, cookie);
    queue.delivered.set(cookie, head);
    groups++;
    head.requests.forEach((r, i) =>
      records.push({
        cookie,
        device: head.device,
        pasid: head.pasid,
        prg: head.prg,
        addr: r.addr,
        access: r.access,
        last: i === head.requests.length - 1,
      }),
    );
  }
  const stoppedAtBoundary = queue.undelivered.length > 0 && records.length < maxRecords;
  report(state, { kind: 'faultsRead', queue: queue.id, groups, stoppedAtBoundary });
  return records;
}

/**
 * `respondFaults(fq, responses)`: ENOENT; EINVAL unless a non-empty array. Entries are consumed in
 * order; the first bad one stops (R11): not an object or a non-integer cookie, then a code other
 * than success/invalid (its cookie stays outstanding), then a cookie not delivered (a repeat in the
 * batch is unknown). Returns the count consumed; EINVAL (nothing changed) when none was.
 */
export function respondFaults(state: ModelState, fq: unknown, responses: unknown): number {
  const queue = userFaultQueue(state, fq);
  // Entries by index, each field read once, no iterator or getter of the caller's run (§S-1).
  const length = isArrayValue(responses) ? arrayLengthOf(responses) : undefined;
  if (length === undefined || length === 0) fail('EINVAL', 'responses must be a non-empty array');
  let consumed = 0;
  for (let i = 0; i < length; i++) {
    const entry = readEntry(queue, ownDataValue(responses as object, i));
    if (typeof entry === 'string') {
      report(state, { kind: 'faultResponseRejected', queue: queue.id, reason: entry });
      if (consumed === 0) fail('EINVAL', `response ${consumed}: ${entry}`);
      return consumed;
    }
    const group = queue.delivered.get(entry.cookie);
    if (group === undefined) throw new Error('model bug: checked cookie vanished');
    // an answered group leaves the table: kept listed (bug 24), a later detach or replace answers it a
    // second time, into whatever group then holds its PRG index
    queue.delivered.delete(entry.cookie);
    respond(state, group, entry.code);
    report(state, { kind: 'faultResponded', queue: queue.id, response: entry.code });
    consumed++;
  }
  return consumed;
}

/** An entry read once: its cookie and code, or why it stops the batch, checked in R11's order. */
function readEntry(
  queue: FaultQueue,
  entry: unknown,
): { readonly cookie: number; readonly code: 'success' | 'invalid' } | 'malformed' | 'code' | 'unknown' | 'duplicate' {
  if (typeof entry !== 'object' || entry === null || isArrayValue(entry)) return 'malformed';
  const cookie = ownDataValue(entry, 'cookie'); // NO_DATA for a getter or a throwing Proxy trap (§S-1)
  if (!isInteger(cookie)) return 'malformed';
  const code = ownDataValue(entry, 'code');
  // the code is checked before the cookie is consumed: consuming first (bug 25) makes a bad code lose
  // the group unanswered, and its device waits forever
  if (code !== 'success' && code !== 'invalid') return 'code';
  if (!queue.delivered.has(cookie)) return cookie >= 1 && cookie <= queue.highestCookie ? 'duplicate' : 'unknown';
  return { cookie, code };
}

/** `pollFaults(fq)`: ENOENT; whether an undelivered group waits (delivered ones do not count). */
export function pollFaults(state: ModelState, fq: unknown): boolean {
  // only undelivered groups wake a poller: counting delivered ones (bug 28) wakes a user who has read
  // everything again and again with nothing to read
  return liveFaultQueue(state, fq).undelivered.length > 0;
}

/** `faultQueueDestroy(fq)`: ENOENT; EBUSY while a slot routes to it; answers every group left INVALID. */
export function faultQueueDestroy(state: ModelState, fq: unknown): void {
  const queue = userFaultQueue(state, fq);
  for (const device of state.devices.values()) {
    for (const slot of device.slots.values()) {
      if (slot.route === queue.id) fail('EBUSY', `fault queue ${queue.id} is routed to`);
    }
  }
  // every group left is answered before the queue goes: freed unanswered (bug 27), their devices wait forever
  autoRespond(state, queue, () => true, 'destroy');
  state.faultQueues.delete(queue.id);
}
