// The runner's fault-queue checks (SPEC §12, §17 R10): U3 on every readFaults result, U1-U4 and S7
// on the impl's abstract state while fault queues exist, the end-of-sequence re-route of every
// routed slot to the kernel, and the quiet check's "every fault queue empty".

import type { FaultRecord, ResolvedConfig, SvaSystem, SystemSnapshot } from '../../interface/index.ts';
import {
  checkNestedCoherence,
  type NestedCacheView,
  checkFaultQueues,
  checkSpecInvariants,
  checkFaultRecords,
  checkPageRequests,
  type InvariantViolation,
} from '../../invariants/index.ts';
import { calls, type Call } from '../commands/calls.ts';
import { faultQueueCalls } from '../commands/fault-queue-perform.ts';

/** The impl's nested caches (IOTLB, then each device's ATC), read structurally; none for another system. */
function nestedCaches(impl: SvaSystem): NestedCacheView[] {
  type Cache = { entries(): NestedCacheView['entries'] } | null | undefined;
  const sys = impl as unknown as { nestedIotlb?: Cache; nestedAtcs?: readonly Cache[] };
  const out: NestedCacheView[] = [];
  if (typeof sys.nestedIotlb?.entries === 'function') out.push({ cache: 'IOTLB', entries: sys.nestedIotlb.entries() });
  (sys.nestedAtcs ?? []).forEach((atc, d) => {
    if (typeof atc?.entries === 'function') out.push({ cache: `ATC ${d}`, entries: atc.entries() });
  });
  return out;
}

/** Whether the state has anything U1-U4 speak about (a fault queue or a route). */
export function usesFaultQueues(snap: SystemSnapshot): boolean {
  return snap.faultQueues.length > 0 || snap.devices.some((d) => d.slots.some((s) => s.route !== undefined));
}

/** U3 on a successful readFaults: its records are whole groups, as the reference now holds them. */
export function readViolation(call: Call, value: unknown, after: () => SystemSnapshot): InvariantViolation | undefined {
  if (call.op !== 'readFaults' || !Array.isArray(value) || value.length === 0) return undefined;
  return checkFaultRecords(value as FaultRecord[], call.args[0] as number, after());
}

/**
 * U1-U4 and S7 (which counts fault-queue groups, R5) on the impl's abstract state; with VMs, every
 * spec invariant on the host's view and inside each guest (SPEC §13: the VM's fault queue is always there).
 */
export function implFaultQueueViolations(
  impl: SvaSystem,
  config: ResolvedConfig,
  snap: SystemSnapshot = impl.snapshot(),
): InvariantViolation[] {
  if (snap.vms.length > 0) {
    const i4 = checkNestedCoherence(nestedCaches(impl), snap, config.pageSize);
    return [...checkSpecInvariants(snap, config), ...(i4 === undefined ? [] : [i4])];
  }
  const s7 = checkPageRequests(snap, config);
  return [...(s7 === undefined ? [] : [s7]), ...checkFaultQueues(snap, config)];
}

/**
 * R10: the calls that give every routed slot back to the kernel — `replaceFaultRoute(pid, fd,
 * 'kernel')` through the lowest live pid holding an fd of a non-zombie queue of that slot (its
 * lowest such fd); with no such fd, the holders of the queues' region mappings exit (§S-12).
 */
export function rerouteCalls(snap: SystemSnapshot): Call[] {
  const out: Call[] = [];
  for (const device of snap.devices) {
    for (const slot of device.slots) {
      if (slot.route === undefined) continue;
      const queues = snap.queues.filter((q) => q.device === device.name && q.mm === slot.mm && q.state !== 'zombie');
      const ids = new Set(queues.map((q) => q.id));
      const holder = snap.processes.find((p) => p.fds.some((f) => ids.has(f.queue)));
      const fd = holder?.fds.find((f) => ids.has(f.queue))?.fd;
      if (holder !== undefined && fd !== undefined) {
        out.push(faultQueueCalls.replace(holder.pid, fd, 'kernel'));
        continue;
      }
      // Only region mappings hold these queues, and unmapRegion needs an fd: their holders exit.
      const holders = new Set(queues.flatMap((q) => [q.regions.mmio, q.regions.dus]).filter((p) => p !== undefined));
      for (const pid of [...holders].sort((a, b) => a - b)) out.push(calls.exit(pid));
    }
  }
  return out;
}

/** The quiet check's fault-queue part: every fault queue is empty. */
export function busyFaultQueue(snap: SystemSnapshot): string | undefined {
  const fq = snap.faultQueues.find((q) => q.undelivered.length > 0 || q.delivered.length > 0);
  return fq === undefined
    ? undefined
    : `fault queue ${fq.id} still holds ${fq.undelivered.length} undelivered, ${fq.delivered.length} delivered groups`;
}
