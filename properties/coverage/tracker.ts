// Counts coverage events during one sequence: from the reference model's SpecEvents (through its
// observer) and from what the runner sees (accepted sends per queue, EBUSY on a full ring, device
// faults at pages the mm munmapped earlier).

import type { Descriptor, Pasid, Pid, ResolvedConfig, SpecEvent, SystemSnapshot } from '../../interface/index.ts';
import type { Call } from '../commands/calls.ts';
import type { CommandData } from '../commands/data.ts';
import { emptyCoverage, type Coverage } from './events.ts';
import { countStepEvents, emptyReports, type StepReports } from './step-events.ts';
import { VmCoverage } from './vm-events.ts';

/** Counts one sequence's coverage events. @public */
export class CoverageTracker {
  /** The counts so far. */
  readonly counts: Coverage = emptyCoverage();
  private readonly config: ResolvedConfig;
  /** Descriptors accepted per queue id (a ring wraps twice at 2 × ringDepth). */
  private readonly submitted = new Map<number, number>();
  /** Page addresses each mm has munmapped (while they were in a VMA). */
  private readonly unmapped = new Map<number, Set<number>>();
  /** What the reference reported during the current command. */
  private reports: StepReports = emptyReports();
  /** PASID values a removal freed, not yet reused. */
  private readonly freedByRemoval = new Set<Pasid>();
  private readonly vm: VmCoverage;

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.vm = new VmCoverage(config.pageSize);
  }

  /** The model's observer: counts the SpecEvents that are coverage events. */
  readonly observe = (e: SpecEvent): void => {
    const c = this.counts;
    this.vm.observe(c, e);
    switch (e.kind) {
      case 'pageRequest':
        c.pageRequest++;
        this.reports.queued++;
        break;
      case 'pageResponse':
        if (e.response === 'success') c.pageResponseSuccess++;
        else c.pageResponseInvalid++;
        this.reports.answered.push({ device: e.device, prg: e.prg, success: e.response === 'success' });
        break;
      case 'prqOverflow':
        c.prqOverflow++;
        break;
      case 'cowBroken':
        if (e.by === 'device') c.cowBrokenByDevice++;
        break;
      case 'pasidAllocated':
        if (e.reused) {
          c.pasidReused++;
          this.reports.reusedPasids.push(e.pasid);
        }
        break;
      case 'queueReleased':
        if (e.pending > 0) c.releaseWithPending++;
        break;
      case 'deviceRemoved':
        if (e.queuesWithWork > 0) c.removeWithWork++;
        break;
      case 'eventLost':
        c.eventsLost++;
        break;
      case 'faultRouted':
        c.faultGroupRouted++;
        break;
      case 'faultsRead':
        if (e.stoppedAtBoundary) c.faultReadStoppedAtGroup++;
        break;
      case 'cookieReused':
        c.faultCookieReused++;
        break;
      case 'faultResponseRejected':
        if (e.reason === 'duplicate') c.faultDuplicateResponseRejected++;
        break;
      case 'faultAutoResponse':
        // §S-12: exit's abort is a detach and happens at exit; the owner's exit detaches the slots
        // routed to its queues and destroys them
        if (e.reason === 'replace') c.faultAutoResponseReplace++;
        if (e.reason === 'unbind' || e.reason === 'abort' || e.reason === 'ownerExit') c.faultAutoResponseDetach++;
        if (e.reason === 'destroy' || e.reason === 'ownerExit') c.faultAutoResponseDestroy++;
        if (e.reason === 'abort' || e.reason === 'ownerExit') c.faultAutoResponseExit++;
        break;
      case 'deviceFault': {
        const page = e.addr - (e.addr % this.config.pageSize);
        if (this.unmapped.get(e.mm)?.has(page) === true) c.faultAfterMunmap++;
        break;
      }
    }
  };

  /** A command starts: what the reference reports from now on belongs to it. */
  beginStep(): void {
    this.reports = emptyReports();
  }

  /** A command ended (`before`/`after` = the reference's states around it): counts its command-level events. */
  endStep(data: CommandData, before: SystemSnapshot, after: SystemSnapshot): void {
    countStepEvents(this.counts, this.config, data, before, after, this.reports, this.freedByRemoval);
    this.vm.step(this.counts, before, after);
  }

  /** A call returned `value` (`before` = the reference's state before its command): the VM events it reached. */
  vmCall(call: Call, value: unknown, before: SystemSnapshot): void {
    this.vm.call(this.counts, call, value, before);
  }

  /** A call with a `max` argument (recv, handleFaults, readEvents) asked for exactly what was there. */
  maxExact(): void {
    this.counts.maxExact++;
  }

  /** A CPU call succeeded on `[addr, addr + length)`: counts it when it reaches the last page of the VA space. */
  cpuRange(addr: number, length: number): void {
    const top = 2 ** this.config.vaBits;
    if (length > 0 && addr < top && addr + length > top - this.config.pageSize) this.counts.lastVaPage++;
  }

  /** A `send` of `pid`'s fd was accepted with `descs` (`before` = state before it). */
  sendAccepted(before: SystemSnapshot, pid: Pid, fd: number, descs: readonly Descriptor[]): void {
    const queueId = before.processes.find((p) => p.pid === pid)?.fds.find((f) => f.fd === fd)?.queue;
    const queue = before.queues.find((q) => q.id === queueId);
    if (queue === undefined) return;
    const device = this.config.devices.find((d) => d.name === queue.device);
    const depth = device?.ringDepth ?? Infinity;
    const maxLen = device?.maxLen ?? -1;
    const ps = this.config.pageSize;
    for (const d of descs) {
      if (d.len === maxLen) this.counts.lenAtMaxLen++;
      else if (Math.abs(d.len - maxLen) === 1) this.counts.lenNearMaxLen++;
      const r = d.len % ps;
      if (d.len > ps && (r === 1 || r === ps - 1)) this.counts.lenPageEdge++;
    }
    const was = this.submitted.get(queue.id) ?? 0;
    const now = was + descs.length;
    this.submitted.set(queue.id, now);
    // Counted once per queue, when its submissions first reach twice the ring.
    if (was < 2 * depth && now >= 2 * depth) this.counts.ringWrappedTwice++;
  }

  /** A `send` failed with EBUSY: the ring had no room for it. */
  sendBusy(): void {
    this.counts.ebusyFullRing++;
  }

  /** `pid` munmapped `[addr, addr+length)` (`before` = state before it): remembers the pages that were mapped. */
  munmapped(before: SystemSnapshot, pid: Pid, addr: number, length: number): void {
    const vmas = before.mms.find((m) => m.id === pid)?.vmas ?? [];
    const ps = this.config.pageSize;
    let set = this.unmapped.get(pid);
    for (const v of vmas) {
      const from = Math.max(v.start, addr);
      const to = Math.min(v.end, addr + length);
      for (let page = from; page < to; page += ps) {
        if (set === undefined) this.unmapped.set(pid, (set = new Set()));
        set.add(page);
      }
    }
  }
}
