// The abstraction function: the impl's internals read back as the abstract SystemSnapshot
// (interface/snapshot.ts, §S-11) — canonical orders, VMAs as maximal runs, optional keys absent.

import type {
  DeviceSnapshot,
  MmId,
  MmSnapshot,
  PendingSnapshot,
  Pid,
  ProcessSnapshot,
  QueueId,
  QueueSnapshot,
  SlotSnapshot,
  SystemSnapshot,
  VmId,
  VmSnapshot,
} from '../interface/index.ts';
import type { Device } from './device.ts';
import type { FaultQueue } from './iommu/fault-queue.ts';
import type { Iommu } from './iommu/iommu.ts';
import type { PageRequestGroup } from './iommu/page-request-queue.ts';
import type { Memory } from './memory/memory.ts';
import type { Mm } from './memory/mm.ts';
import type { Queue } from './queue.ts';
import type { Process } from './state.ts';

/** The parts of a system a snapshot reads. */
export interface SnapshotSources {
  readonly nextPid: Pid;
  readonly processes: ReadonlyMap<Pid, Process>;
  readonly mms: ReadonlyMap<MmId, Mm>;
  readonly memory: Memory;
  readonly iommu: Iommu;
  readonly devices: readonly Device[];
  readonly queues: ReadonlyMap<QueueId, Queue>;
  readonly faultQueues: ReadonlyMap<number, FaultQueue>;
  /** Per device: PASID → the fault queue its slot routes to. */
  readonly routes: readonly ReadonlyMap<number, FaultQueue>[];
}

/** How a host or a guest shows its devices and VMs (SPEC §13, R1). */
export interface SnapshotView {
  /** The devices listed (a guest lists those assigned to it); default all. */
  readonly includeDevice?: (device: Device) => boolean;
  /** An assigned device's VM and its slots as the host shows them (`nested`); undefined for a host device. */
  readonly assigned?: (device: Device) => { readonly vm: VmId; readonly slots: readonly SlotSnapshot[] } | undefined;
  /** The VMs (the host's); default none. */
  readonly vms?: readonly VmSnapshot[];
}

/** Reads the abstract state; page bytes only when `contents`. */
export function buildSnapshot(s: SnapshotSources, contents: boolean, view: SnapshotView = {}): SystemSnapshot {
  // Pids, mm ids and queue ids are handed out increasing and never re-inserted, so those maps already
  // iterate in ascending order.
  const processes: ProcessSnapshot[] = [...s.processes.keys()].map((pid) => {
    const proc = s.processes.get(pid) as Process;
    const fds = [...proc.fds].sort((a, b) => a[0] - b[0]).map(([fd, queue]) => ({ fd, queue: queue.id }));
    return { pid, fds };
  });
  const mms: MmSnapshot[] = [...s.mms.keys()].map((id) => {
    const mm = s.mms.get(id) as Mm;
    const base = { id, exited: mm.exited, vmas: mm.vmas.toSnapshot(), pages: s.memory.pagesOf(mm, contents) };
    return mm.pasid !== 0 ? { id, pasid: mm.pasid, exited: base.exited, vmas: base.vmas, pages: base.pages } : base;
  });
  const frames = s.memory.frames;
  const free: number[] = [];
  const refs: { frame: number; count: number }[] = [];
  const pins: { frame: number; count: number }[] = [];
  // R3: a frame's references are its PTEs plus its pins; it is free when it has neither
  for (let f = 0; f < frames.total; f++) {
    if (frames.isFree(f)) free.push(f);
    const count = frames.refcount[f] + frames.pins[f];
    if (count !== 0) refs.push({ frame: f, count });
    if (frames.pins[f] !== 0) pins.push({ frame: f, count: frames.pins[f] });
  }
  const included = view.includeDevice === undefined ? s.devices : s.devices.filter(view.includeDevice);
  const devices: DeviceSnapshot[] = included.map((d) => {
    const ring = s.iommu.events[d.index];
    const assigned = view.assigned?.(d);
    const own = {
      name: d.config.name,
      mode: d.config.mode,
      removed: d.removed,
      availableInstances: d.availableInstances,
      slots: s.iommu.pasidTables[d.index].slots().map((slot) => {
        const fq = s.routes[d.index].get(slot.pasid);
        return fq === undefined ? slot : { ...slot, route: fq.id };
      }),
      // No count is 0: the last unbind deletes the entry.
      bonds: [...d.bonds].sort((a, b) => a[0] - b[0]).map(([mm, count]) => ({ mm, count })),
      lastServed: d.lastServed,
      events: ring.peek(),
      lost: ring.lost,
      nextEventSeq: ring.nextSeq,
    };
    if (assigned === undefined) return own;
    const { name, removed, ...rest } = own;
    return { name, removed, assignedTo: assigned.vm, ...rest, slots: assigned.slots };
  });
  const queues: QueueSnapshot[] = [...s.queues.keys()].map((id) => queueSnapshot(s, s.queues.get(id) as Queue));
  const group = (g: PageRequestGroup) => ({
    device: s.devices[g.device].config.name,
    pasid: g.pasid,
    prg: g.prg,
    requests: g.requests.map((r) => ({ addr: r.addr, access: r.access })),
  });
  const pageRequests = s.iommu.prq.groups().map(group);
  // Fault-queue ids are handed out increasing and never re-inserted: the map iterates ascending.
  const faultQueues = [...s.faultQueues.values()].map((fq) => ({
    id: fq.id,
    owner: fq.owner,
    undelivered: fq.undeliveredGroups().map(group),
    delivered: fq.deliveredGroups().map((d) => ({ cookie: d.cookie, group: group(d.group) })),
  }));
  return {
    nextPid: s.nextPid,
    processes,
    mms,
    frames: { total: frames.total, free, refs, pins },
    devices,
    queues,
    pageRequests,
    prqOverflow: s.iommu.prq.overflow,
    faultQueues,
    vms: view.vms ?? [],
  };
}

function queueSnapshot(s: SnapshotSources, q: Queue): QueueSnapshot {
  const rings = q.rings;
  const pending: PendingSnapshot[] = [];
  for (let k = 0; k < rings.pending; k++) {
    const slot = (rings.sqHead + k) % rings.depth;
    pending.push({ desc: rings.descriptorAt(slot), done: k === 0 ? q.headDone : 0, crc: k === 0 ? q.headCrc : 0 });
  }
  const completions = [];
  for (let k = 0; k < rings.unread; k++) completions.push(rings.completionAt((rings.cqHead + k) % rings.depth));
  const regions: { mmio?: Pid; dus?: Pid } = {};
  if (q.mmio !== 0) regions.mmio = q.mmio;
  if (q.dus !== 0) regions.dus = q.dus;
  const base = { id: q.id, device: s.devices[q.device].config.name, mm: q.mm.id, state: q.state };
  const withHw = q.state === 'zombie' ? base : { ...base, hwQueue: q.hwQueue };
  const full = { ...withHw, regions, pending, completions };
  const waiting = q.waitingPrg >= 0 ? { ...full, waitingPrg: q.waitingPrg } : full;
  const ss = q.staticShare;
  if (ss === undefined) return waiting;
  const share = { va: ss.va, pages: ss.frames.length, frames: [...ss.frames] };
  return { ...waiting, staticShare: ss.holder === 0 ? share : { ...share, holder: ss.holder } };
}
