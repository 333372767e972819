// The model's abstract state as a SystemSnapshot (§S-11, §S-14): every list in its canonical order,
// optional keys absent when they do not apply, fresh objects so the caller cannot reach the state.
// Each VM carries its guest's SystemSnapshot, made by this same function over the guest's state.

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
  type VmSnapshot,
} from '../interface/index.ts';
import { availableInstances } from './device/removal.ts';
import { copyOfFrameBytes, isFreeFrame } from './memory/frames.ts';
import type { Device, FramePool, Mm, ModelState, PageRequestGroup, Queue, Vm } from './state.ts';

const ascending = (a: number, b: number): number => a - b;

/** `snapshot(options)`: page bytes only with `contents: true`. */
export function snapshot(state: ModelState, options?: SnapshotOptions): SystemSnapshot {
  const contents = snapshotWantsContents(options); // EINVAL for anything but { contents?: boolean }
  return systemSnapshot(state, contents);
}

/** The abstract state of one kernel's state record (the host's, or a guest's). */
function systemSnapshot(state: ModelState, contents: boolean): SystemSnapshot {
  const processes: ProcessSnapshot[] = [...state.processes.values()]
    .sort((a, b) => a.pid - b.pid)
    .map((p) => ({
      pid: p.pid,
      fds: [...p.fds.entries()].sort((a, b) => a[0] - b[0]).map(([fd, queue]) => ({ fd, queue })),
    }));
  const mms = [...state.mms.values()].sort((a, b) => a.id - b.id).map((mm) => mmSnapshot(state, mm, contents));
  return {
    nextPid: state.nextPid,
    processes,
    mms,
    frames: framesSnapshot(state.frames),
    devices: [...state.devices.values()].map((d) => deviceSnapshot(state, d)),
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
    vms: [...state.vms.values()].sort((a, b) => a.id - b.id).map((vm) => vmSnapshot(state, vm, contents)),
  };
}

/**
 * Free frames (no PTE, no pin; a GPA page also mapped `rw` by stage 2, R2), references = PTEs + pins
 * (R3), and the pins. A guest's GPA page that is neither (unmapped, unused) is in neither list.
 */
function framesSnapshot(pool: FramePool): SystemSnapshot['frames'] {
  const free: number[] = [];
  const refs: { frame: number; count: number }[] = [];
  const pins: { frame: number; count: number }[] = [];
  for (let frame = 0; frame < pool.total; frame++) {
    const count = pool.refs[frame] + pool.pins[frame];
    if (isFreeFrame(pool, frame)) free.push(frame);
    else if (count > 0) refs.push({ frame, count });
    if (pool.pins[frame] > 0) pins.push({ frame, count: pool.pins[frame] });
  }
  return { total: pool.total, free, refs, pins };
}

/** A VM (R1): stage 2 ascending, its devices in config order, its virtual events and its guest's state. */
function vmSnapshot(state: ModelState, vm: Vm, contents: boolean): VmSnapshot {
  return {
    id: vm.id,
    vmm: vm.vmm,
    gpaPages: vm.gpaPages,
    stage2: [...vm.stage2.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([gpa, e]) => ({ gpa, frame: e.frame, prot: e.prot })),
    devices: [...state.devices.values()].filter((d) => d.assignedTo === vm.id).map((d) => d.config.name),
    faultQueue: vm.faultQueue,
    events: vm.events.map((e) => ({ ...e })),
    lost: vm.lost,
    nextEventSeq: vm.nextEventSeq,
    eventDepth: vm.eventDepth,
    guest: systemSnapshot(vm.guest, contents),
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

/**
 * A device as `state` sees it. The host's record of an assigned device (§S-14) names its VM and
 * shows each guest slot as `nested` with the guest's mm; bonds and hardware queues stay the host's (none held).
 */
function deviceSnapshot(state: ModelState, device: Device): DeviceSnapshot {
  const base = deviceSnapshotOf(device);
  if (device.assignedTo === undefined) return base;
  const guestDevice = state.vms.get(device.assignedTo)?.guest.devices.get(device.config.name);
  if (guestDevice === undefined) throw new Error(`model bug: ${device.config.name} half assigned`);
  const slots = [...guestDevice.slots.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([pasid, s]) => ({ pasid, state: 'nested' as const, mm: s.mm }));
  return { ...base, assignedTo: device.assignedTo, slots };
}

function deviceSnapshotOf(device: Device): DeviceSnapshot {
  return {
    name: device.config.name,
    mode: device.config.mode,
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
  const ss = queue.staticShare;
  if (ss !== undefined) {
    const base = { va: ss.va, pages: ss.frames.length, frames: [...ss.frames] };
    snap.staticShare = ss.holder === undefined ? base : { ...base, holder: ss.holder };
  }
  return snap;
}
