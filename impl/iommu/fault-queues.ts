// User-space fault queues in the impl (SPEC §12, §17 R5-R11, §S-12): the seven operations, the
// routing check `handleGroup` makes in O(1) (one Map lookup per group), and the auto-responses the
// lifecycle steps call — detach (last unbind, exit's abort), removal's discard, the drain's answer,
// and the owner's exit. A group moved to a fault queue stays outstanding (R5): its PRG index is
// freed only when it is answered or discarded.

import {
  arrayLengthOf,
  formatArgument,
  isArrayValue,
  ownDataValue,
  WarpDriveError,
  type FaultQueueId,
  type FaultRecord,
  type FaultResponse,
  type FaultRouteTarget,
  type Fd,
  type Pasid,
  type Pid,
  type SvaConfig,
} from '../../interface/index.ts';
import { isInteger } from '../checks.ts';
import type { Device } from '../device.ts';
import type { Queue } from '../queue.ts';
import type { ImplOptions, KernelParts } from '../state.ts';
import { FaultHandler } from './fault-handler.ts';
import { FaultQueue } from './fault-queue.ts';
import type { PageRequestGroup } from './page-request-queue.ts';
import { isSvaSlot } from './pasid-table.ts';

/** Why an entry stops a `respondFaults` batch (R11), or `undefined` for a good one. */
export type BadEntry = 'malformed' | 'code' | 'unknown' | undefined;

/** The system with user-space fault queues. */
export abstract class FaultQueueOps extends FaultHandler {
  /** Fault queues not yet destroyed, in creation (= id) order. */
  protected readonly faultQueues = new Map<FaultQueueId, FaultQueue>();
  /** Per device (config order): PASID → the fault queue its slot routes to. */
  protected readonly routes: readonly Map<Pasid, FaultQueue>[];
  /** The id the next faultQueueCreate returns. */
  protected nextFaultQueueId = 1;

  constructor(config?: SvaConfig, options: ImplOptions = {}, parts?: KernelParts) {
    super(config, options, parts);
    this.routes = this.devices.map(() => new Map<Pasid, FaultQueue>());
  }

  /** R6: a group of a routed slot goes to its fault queue (a route exists only on an sva slot); others as §5. */
  protected override handleGroup(group: PageRequestGroup): void {
    const fq = this.routes[group.device].get(group.pasid);
    if (fq === undefined) {
      super.handleGroup(group);
      return;
    }
    fq.push(group);
  }

  // ── the operations (SPEC §12) ──

  /** ESRCH; EOPNOTSUPP for flags ≠ 0. */
  faultQueueCreate(pid: Pid, flags: number = 0): FaultQueueId {
    const proc = this.liveProcess(pid);
    if (flags !== 0) throw new WarpDriveError('EOPNOTSUPP', `fault-queue flags ${formatArgument(flags)}`);
    const id = this.nextFaultQueueId++;
    this.faultQueues.set(id, this.newFaultQueue(id, proc.pid));
    return id;
  }

  /** ENOENT unknown fq; ESRCH; EBADF; ENXIO; ENOENT not owned; EOPNOTSUPP no PRI; EINVAL abort slot; EBUSY routed. */
  routeFaults(pid: Pid, fd: Fd, fq: FaultQueueId): void {
    const target = this.liveFaultQueue(fq);
    const { device, pasid, slot } = this.slotOfFd(pid, fd);
    if (target.owner !== pid) {
      throw new WarpDriveError('ENOENT', `fault queue ${target.id} is not owned by process ${pid}`);
    }
    if (device.config.faults !== 'pri') {
      throw new WarpDriveError('EOPNOTSUPP', `device ${device.config.name} raises no page requests`);
    }
    if (!isSvaSlot(slot)) throw new WarpDriveError('EINVAL', 'the slot is abort');
    const current = this.routes[device.index].get(pasid);
    if (current !== undefined) {
      throw new WarpDriveError('EBUSY', `the slot already routes to fault queue ${current.id}`);
    }
    this.routes[device.index].set(pasid, target);
  }

  /** ENOENT unknown target; ESRCH; EBADF; ENXIO; EINVAL unrouted; ENOENT not owned; same target: no-op. */
  replaceFaultRoute(pid: Pid, fd: Fd, target: FaultRouteTarget): void {
    const next = target === 'kernel' ? undefined : this.liveFaultQueue(target);
    const { device, pasid } = this.slotOfFd(pid, fd);
    const old = this.routes[device.index].get(pasid);
    if (old === undefined) throw new WarpDriveError('EINVAL', 'the slot routes nowhere');
    if (next !== undefined && next.owner !== pid) {
      throw new WarpDriveError('ENOENT', `fault queue ${next.id} is not owned by process ${pid}`);
    }
    if (next === old) return;
    this.replaceRoute(device, pasid, old, next);
  }

  /** ENOENT; EINVAL bad max; whole groups from the head while their records fit. */
  readFaults(fq: FaultQueueId, maxRecords: number = Infinity): FaultRecord[] {
    const queue = this.liveFaultQueue(fq);
    if (maxRecords !== Infinity && (!isInteger(maxRecords) || maxRecords < 0)) {
      throw new WarpDriveError('EINVAL', `readFaults maxRecords ${formatArgument(maxRecords)}`);
    }
    const out: FaultRecord[] = [];
    // U3: a head group that does not fit stops the read
    for (let head = queue.peek(); head !== undefined; head = queue.peek()) {
      if (out.length + head.requests.length > maxRecords) break;
      this.pushRecords(out, queue.deliverHead(), head);
    }
    return out;
  }

  /** ENOENT; EINVAL unless a non-empty array; consumes entries until the first bad one (R11). */
  respondFaults(fq: FaultQueueId, responses: readonly FaultResponse[]): number {
    const queue = this.liveFaultQueue(fq);
    // Read by index without the list's iterator or getters (§S-1); a hole is a malformed entry. The
    // loop is bounded by the delivered groups: each good entry frees one, the next unknown one stops.
    const length = isArrayValue(responses) ? arrayLengthOf(responses) : undefined;
    if (length === undefined || length === 0) {
      throw new WarpDriveError('EINVAL', 'responses must be a non-empty array');
    }
    let consumed = 0;
    for (let i = 0; i < length; i++) {
      const bad = this.consumeResponse(queue, ownDataValue(responses, i));
      if (bad !== undefined) {
        if (consumed === 0) throw new WarpDriveError('EINVAL', `response 0: ${bad}`);
        return consumed;
      }
      consumed++;
    }
    return consumed;
  }

  /** ENOENT; whether an undelivered group waits. */
  pollFaults(fq: FaultQueueId): boolean {
    return this.liveFaultQueue(fq).undeliveredCount > 0;
  }

  /** ENOENT; EBUSY while routed to; answers every group left INVALID. */
  faultQueueDestroy(fq: FaultQueueId): void {
    const queue = this.liveFaultQueue(fq);
    for (const routes of this.routes) {
      for (const target of routes.values()) {
        if (target === queue) throw new WarpDriveError('EBUSY', `fault queue ${queue.id} is routed to`);
      }
    }
    this.destroyFaultQueue(queue);
  }

  // ── steps (protected: a seeded-bug variant overrides one) ──

  /** Makes a fault queue record. */
  protected newFaultQueue(id: FaultQueueId, owner: Pid): FaultQueue {
    return new FaultQueue(id, owner);
  }

  /** Replace (§12): the old queue's groups of the slot answered INVALID, then the route moves. */
  protected replaceRoute(device: Device, pasid: Pasid, old: FaultQueue, next: FaultQueue | undefined): void {
    this.answerAll(old.removeWhere((g) => g.device === device.index && g.pasid === pasid));
    if (next === undefined) this.routes[device.index].delete(pasid);
    else this.routes[device.index].set(pasid, next);
  }

  /** One entry: checked in R11's order (shape, code, cookie) before its cookie is consumed; answers it. */
  protected consumeResponse(queue: FaultQueue, entry: unknown): BadEntry {
    if (typeof entry !== 'object' || entry === null || isArrayValue(entry)) return 'malformed';
    const cookie = ownDataValue(entry, 'cookie'); // NO_DATA for a getter or a throwing Proxy trap (§S-1)
    if (!isInteger(cookie)) return 'malformed';
    const code = ownDataValue(entry, 'code');
    if (code !== 'success' && code !== 'invalid') return 'code';
    if (queue.deliveredGroup(cookie) === undefined) return 'unknown';
    this.answer(queue.takeDelivered(cookie), code === 'success');
    return undefined;
  }

  /** Destroy: every group left answered INVALID, then the queue is gone. */
  protected destroyFaultQueue(queue: FaultQueue): void {
    this.answerAll(queue.removeWhere(() => true));
    this.faultQueues.delete(queue.id);
  }

  /** Appends the records of one delivered group (one per request, `last` on the final one). */
  protected pushRecords(out: FaultRecord[], cookie: number, group: PageRequestGroup): void {
    const device = this.devices[group.device].config.name;
    const n = group.requests.length;
    for (let k = 0; k < n; k++) {
      const r = group.requests[k];
      out.push({
        cookie,
        device,
        pasid: group.pasid,
        prg: group.prg,
        addr: r.addr,
        access: r.access,
        last: k === n - 1,
      });
    }
  }

  /** Answers one group to the queue waiting on (device, PRG) and frees its PRG index (§5 response rules). */
  protected answer(group: PageRequestGroup, success: boolean): void {
    const device = this.devices[group.device];
    device.prgOutstanding[group.prg] = 0;
    this.respond(device, group.prg, success, group.requests[0].access);
  }

  private answerAll(groups: readonly PageRequestGroup[]): void {
    for (const g of groups) this.answer(g, false);
  }

  // ── lifecycle hooks (system.ts) ──

  /** Detach (§12): the slot is cleared or aborted; its groups in its queue are answered INVALID, the route ends. */
  detachRoute(device: Device, pasid: Pasid): void {
    const fq = this.routes[device.index].get(pasid);
    if (fq === undefined) return;
    this.answerAll(fq.removeWhere((g) => g.device === device.index && g.pasid === pasid));
    this.routes[device.index].delete(pasid);
  }

  /** Removal (R8): the device's groups leave every fault queue unanswered; its routes end. */
  discardFaultQueueGroups(device: Device): void {
    for (const fq of this.faultQueues.values()) {
      for (const g of fq.removeWhere((x) => x.device === device.index)) {
        device.prgOutstanding[g.prg] = 0;
        device.prgWaiter[g.prg] = undefined;
      }
    }
    this.routes[device.index].clear();
  }

  /** R9: the group a draining queue waits on, if it sits in a fault queue, is answered INVALID. */
  answerDrainingQueue(queue: Queue): void {
    const prg = queue.waitingPrg;
    if (prg < 0) return;
    for (const fq of this.faultQueues.values()) {
      this.answerAll(fq.removeWhere((g) => g.device === queue.device && g.prg === prg));
    }
  }

  /** The owner's exit (R8, §S-12): routes to its queues go back to the kernel, then its queues are destroyed by id. */
  destroyFaultQueuesOf(pid: Pid): void {
    const owned = [...this.faultQueues.values()].filter((fq) => fq.owner === pid);
    if (owned.length === 0) return;
    for (const routes of this.routes) {
      for (const [pasid, fq] of [...routes]) if (fq.owner === pid) routes.delete(pasid);
    }
    for (const fq of owned) this.destroyFaultQueue(fq);
  }

  // ── lookups ──

  /** The live fault queue `fq` names, else ENOENT (wrong-typed ids too). */
  protected liveFaultQueue(fq: unknown): FaultQueue {
    const queue = isInteger(fq) ? this.faultQueues.get(fq) : undefined;
    if (queue === undefined) throw new WarpDriveError('ENOENT', `no fault queue ${formatArgument(fq)}`);
    return queue;
  }

  /** ESRCH, EBADF, ENXIO; then the queue's slot (device, PASID of its mm). */
  private slotOfFd(pid: Pid, fd: Fd): { device: Device; pasid: Pasid; slot: number } {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    if (queue.state === 'zombie') throw new WarpDriveError('ENXIO', `queue ${queue.id} is a zombie`);
    const device = this.devices[queue.device];
    const pasid = queue.mm.pasid;
    return { device, pasid, slot: this.iommu.pasidTables[device.index].get(pasid) };
  }
}
