// VMs (SPEC §13, §17 R1, R13, R17; SEMANTICS §S-14): `vmCreate` makes a VM with an empty stage 2,
// no devices, a fault queue owned by the VMM and a guest state — the host's own record type over a
// frame pool of GPA pages backed by stage 2 — plus `vmInfo`, `vmReadEvents` and the VM lookup.

import {
  CONFIG_LIMITS,
  formatArgument,
  readPlainFields,
  type SpecObserver,
  type VmId,
  type VmInfo,
  type VmReadEventsResult,
} from '../../interface/index.ts';
import { checkTakeMax, fail, isInteger, liveProcess } from '../checks.ts';
import { takeEvents } from '../iommu/events.ts';
import type { GuestLink, ModelState, Stage2Entry, Vm } from '../state.ts';

/** The live VM `vm` names; ENOENT for anything else (wrong type, never made, destroyed), checked first (R13). */
export function liveVm(state: ModelState, vm: unknown): Vm {
  const record = isInteger(vm) ? state.vms.get(vm) : undefined;
  if (record === undefined) fail('ENOENT', `no VM ${formatArgument(vm)}`);
  return record;
}

/** `vmCreate`'s options (§S-14): a plain object of `gpaPages` in `[1, frames]` and optional `eventDepth`; EINVAL otherwise. */
function vmOptionsOf(state: ModelState, options: unknown): { gpaPages: number; eventDepth: number } {
  const read = readPlainFields(options, ['gpaPages', 'eventDepth']);
  if (!read.ok) fail('EINVAL', `invalid VM options: options ${read.problem}`);
  const { gpaPages, eventDepth = 16 } = read.fields;
  if (!isInteger(gpaPages) || gpaPages < 1 || gpaPages > state.config.frames)
    fail('EINVAL', `gpaPages ${formatArgument(gpaPages)} is not in [1, ${state.config.frames}]`);
  if (!isInteger(eventDepth) || eventDepth < 1 || eventDepth > CONFIG_LIMITS.maxEventDepth)
    fail('EINVAL', `eventDepth ${formatArgument(eventDepth)} is out of range`);
  return { gpaPages, eventDepth };
}

/** The guest's observer: the host's, with every guest event wrapped in `{ kind: 'guest', vm }`. */
function guestObserver(host: ModelState, vm: VmId): SpecObserver | undefined {
  const observer = host.observer;
  return observer === undefined ? undefined : (event) => observer({ kind: 'guest', vm, event });
}

/**
 * A fresh guest state: the host's record type with the VM's own namespaces (pids, queues, PASIDs),
 * no devices yet, no PRQ of its own (its groups go to the host's), and a frame pool of `gpaPages`
 * GPA pages whose bytes live where `stage2` says — the VM's stage 2 itself, not a copy.
 */
function createGuestState(
  host: ModelState,
  link: GuestLink,
  id: VmId,
  gpaPages: number,
  stage2: Map<number, Stage2Entry>,
): ModelState {
  const guest: ModelState = {
    config: { ...host.config, frames: gpaPages },
    observer: guestObserver(host, id),
    nextPid: 1,
    nextQueueId: 0,
    processes: new Map(),
    mms: new Map(),
    frames: {
      total: gpaPages,
      refs: new Int32Array(gpaPages),
      pins: new Int32Array(gpaPages),
      contents: new Map(),
      freeCount: 0, // no GPA page is free before stage 2 maps it
      stage2: { host: host.frames, entries: stage2 },
    },
    pasids: new Map(),
    pasidsEverAllocated: new Set(),
    devices: new Map(),
    queues: new Map(),
    prq: [],
    prqOverflow: false,
    faultQueues: new Map(),
    nextFaultQueueId: 1,
    vms: new Map(),
    nextVmId: 1,
    vm: link,
  };
  return guest;
}

/** `vmCreate(vmm, options)`: ESRCH; EINVAL options. Takes the next VM id and the next fault-queue id. */
export function vmCreate(state: ModelState, vmm: unknown, options: unknown): VmId {
  const process = liveProcess(state, vmm);
  const { gpaPages, eventDepth } = vmOptionsOf(state, options);
  const id = state.nextVmId++;
  const faultQueue = state.nextFaultQueueId++;
  state.faultQueues.set(faultQueue, {
    id: faultQueue,
    owner: process.pid,
    vm: id,
    undelivered: [],
    delivered: new Map(),
    highestCookie: 0,
  });
  const stage2 = new Map<number, Stage2Entry>();
  // the guest's link names the VM record made just below (read only after vmCreate returns)
  const link: GuestLink = {
    host: state,
    get vm(): Vm {
      return vm;
    },
  };
  const vm: Vm = {
    id,
    vmm: process.pid,
    gpaPages,
    stage2,
    faultQueue,
    events: [],
    lost: 0,
    nextEventSeq: 0,
    eventDepth,
    guest: createGuestState(state, link, id, gpaPages, stage2),
  };
  state.vms.set(id, vm);
  return id;
}

/** The devices assigned to `vm`, in config order. */
export function devicesOf(state: ModelState, vm: Vm): string[] {
  return [...state.devices.values()].filter((d) => d.assignedTo === vm.id).map((d) => d.config.name);
}

/** `vmInfo(vm)`: ENOENT. */
export function vmInfo(state: ModelState, vm: unknown): VmInfo {
  const record = liveVm(state, vm);
  return {
    vmm: record.vmm,
    gpaPages: record.gpaPages,
    mapped: [...record.stage2.keys()].sort((a, b) => a - b),
    devices: devicesOf(state, record),
    faultQueue: record.faultQueue,
  };
}

/** `vmReadEvents(vm, max = Infinity)`: ENOENT; EINVAL bad max; as `readEvents` on the VM's virtual queue (R17). */
export function vmReadEvents(state: ModelState, vm: unknown, max: unknown = Infinity): VmReadEventsResult {
  const record = liveVm(state, vm);
  checkTakeMax(max);
  return takeEvents(record, max);
}
