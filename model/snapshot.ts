// The model's abstract state as a SystemSnapshot (§S-11): every list in its canonical order,
// optional keys absent when they do not apply, fresh objects so the caller cannot reach the state.

import {
  snapshotWantsContents,
  type DeviceSnapshot,
  type MmSnapshot,
  type PageRequestGroupSnapshot,
  type PageSnapshot,
  type ProcessSnapshot,
  type QueueSnapshot,
  type SnapshotOptions,
  type SystemSnapshot,
} from '../interface/index.ts';
import { availableInstances } from './device/removal.ts';
import { copyOfFrameBytes } from './memory/frames.ts';
import type { Device, Mm, ModelState, PageRequestGroup, Queue } from './state.ts';

const ascending = (a: number, b: number): number => a - b;

/** `snapshot(options)`: page bytes only with `contents: true`. */
export function snapshot(state: ModelState, options?: SnapshotOptions): SystemSnapshot {
  const contents = snapshotWantsContents(options); // EINVAL for anything but { contents?: boolean }
  const processes: ProcessSnapshot[] = [...state.processes.values()]
    .sort((a, b) => a.pid - b.pid)
    .map((p) => ({
      pid: p.pid,
      fds: [...p.fds.entries()].sort((a, b) => a[0] - b[0]).map(([fd, queue]) => ({ fd, queue })),
    }));
  const mms = [...state.mms.values()].sort((a, b) => a.id - b.id).map((mm) => mmSnapshot(state, mm, contents));
  const free: number[] = [];
  const refs: { frame: number; count: number }[] = [];
  for (let frame = 0; frame < state.frames.total; frame++) {
    const count = state.frames.refs[frame];
    if (count === 0) free.push(frame);
    else refs.push({ frame, count });
  }
  return {
    nextPid: state.nextPid,
    processes,
    mms,
    frames: { total: state.frames.total, free, refs, pins: [] },
    devices: [...state.devices.values()].map(deviceSnapshot),
    queues: [...state.queues.values()].sort((a, b) => a.id - b.id).map(queueSnapshot),
    pageRequests: state.prq.map(groupSnapshot),
    prqOverflow: state.prqOverflow,
    faultQueues: [...state.faultQueues.values()]
      .sort((a, b) => a.id - b.id)
      .map((fq) => ({
        id: fq.id,
        owner: fq.owner,
        undelivered: fq.undelivered.map(groupSnapshot),
        delivered: [...fq.delivered.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([cookie, g]) => ({ cookie, group: groupSnapshot(g) })),
      })),
    vms: [],
  };
}

function groupSnapshot(g: PageRequestGroup): PageRequestGroupSnapshot {
  const requests = g.requests.map((r) => ({ addr: r.addr, access: r.access }));
  return { device: g.device, pasid: g.pasid, prg: g.prg, requests };
}

function mmSnapshot(state: ModelState, mm: Mm, contents: boolean): MmSnapshot {
  const pages: PageSnapshot[] = [...mm.pages.keys()].sort(ascending).map((addr) => {
    const entry = mm.pages.get(addr);
    if (entry === undefined) throw new Error('model bug: page vanished during snapshot');
    if (entry.state === 'present') {
      return contents
        ? {
            addr,
            state: 'present',
            frame: entry.frame,
            bytes: copyOfFrameBytes(state.frames, entry.frame, state.config.pageSize),
          }
        : { addr, state: 'present', frame: entry.frame };
    }
    return contents ? { addr, state: 'swapped', bytes: entry.bytes.slice() } : { addr, state: 'swapped' };
  });
  const base = {
    id: mm.id,
    exited: mm.exited,
    vmas: mm.vmas.map((v) => ({ start: v.start, end: v.end, prot: v.prot })),
    pages,
  };
  return mm.pasid === undefined ? base : { ...base, pasid: mm.pasid };
}

function deviceSnapshot(device: Device): DeviceSnapshot {
  return {
    name: device.config.name,
    removed: device.removed,
    availableInstances: availableInstances(device),
    slots: [...device.slots.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([pasid, s]) =>
        s.route === undefined
          ? { pasid, state: s.state, mm: s.mm }
          : { pasid, state: s.state, mm: s.mm, route: s.route },
      ),
    bonds: [...device.bonds.entries()].sort((a, b) => a[0] - b[0]).map(([mm, count]) => ({ mm, count })),
    lastServed: device.lastServed,
    events: device.events.map((e) => ({ ...e })),
    lost: device.lost,
    nextEventSeq: device.nextEventSeq,
  };
}

function queueSnapshot(queue: Queue): QueueSnapshot {
  const regions: { mmio?: number; dus?: number } = {};
  if (queue.regions.mmio !== undefined) regions.mmio = queue.regions.mmio;
  if (queue.regions.dus !== undefined) regions.dus = queue.regions.dus;
  const snap: { -readonly [K in keyof QueueSnapshot]: QueueSnapshot[K] } = {
    id: queue.id,
    device: queue.device,
    mm: queue.mm,
    state: queue.state,
    regions,
    pending: queue.pending.map((p) => ({ desc: p.desc, done: p.done, crc: p.crc })),
    completions: [...queue.completions],
  };
  if (queue.hwQueue !== undefined) snap.hwQueue = queue.hwQueue;
  if (queue.waitingPrg !== undefined) snap.waitingPrg = queue.waitingPrg;
  return snap;
}
