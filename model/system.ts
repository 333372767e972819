// Wires the model's small functions into an SvaSystem over one ModelState: the executable
// specification of SPEC §3-§8 as refined by docs/SEMANTICS.md.

import { resolveConfig, type SpecObserver, type SvaConfig, type SvaSystem } from '../interface/index.ts';
import { liveProcess, mmOfProcess, observerOf } from './checks.ts';
import { deviceStep } from './device/engine.ts';
import { open, poll, queueInfo, recv, send, startQueue, stopQueue } from './device/queues.ts';
import { quiesce } from './device/quiesce.ts';
import { mapRegion, unmapRegion } from './device/regions.ts';
import { close } from './device/release.ts';
import { deviceInfo, removeDevice } from './device/removal.ts';
import { exit } from './exit.ts';
import { readEvents } from './iommu/events.ts';
import { handleFaults } from './iommu/fault-handler.ts';
import {
  faultQueueCreate,
  faultQueueDestroy,
  pollFaults,
  readFaults,
  replaceFaultRoute,
  respondFaults,
  routeFaults,
} from './iommu/fault-queues.ts';
import { read, write } from './memory/cpu-access.ts';
import { fork } from './memory/fork.ts';
import { migrate } from './memory/migrate.ts';
import { mmap, mprotect, munmap, spawn } from './memory/mm.ts';
import { reclaim } from './memory/reclaim.ts';
import { snapshot } from './snapshot.ts';
import { createState } from './state.ts';
import { vmOps } from './vm/vm-ops.ts';

/** Options of `createModel`. @public */
export interface ModelOptions {
  /** Receives every `SpecEvent` at the moment it happens. */
  readonly observer?: SpecObserver;
}

/**
 * Makes a fresh model (the executable specification) from a config; EINVAL for an invalid config.
 * Every operation checks all its preconditions before it changes anything; every method is a
 * closure over the state, so it works unbound (§S-1).
 * @public
 */
export function createModel(config?: SvaConfig, options?: ModelOptions): SvaSystem {
  const resolved = resolveConfig(config);
  const state = createState(resolved, observerOf(options));
  return {
    config: state.config,
    spawn: () => spawn(state),
    mmap: (pid, addr, length, prot) => mmap(state, pid, addr, length, prot),
    munmap: (pid, addr, length) => munmap(state, pid, addr, length),
    mprotect: (pid, addr, length, prot) => mprotect(state, pid, addr, length, prot),
    read: (pid, addr, length) => read(state, pid, addr, length),
    write: (pid, addr, bytes) => write(state, pid, addr, bytes),
    fork: (pid) => fork(state, pid),
    reclaim: (pid, addr) => reclaim(state, pid, addr),
    migrate: (pid, addr) => migrate(state, pid, addr),
    exit: (pid) => exit(state, pid),
    open: (pid, device) => open(state, pid, device),
    startQueue: (pid, fd) => startQueue(state, pid, fd),
    stopQueue: (pid, fd) => stopQueue(state, pid, fd),
    mapRegion: (pid, fd, region) => mapRegion(state, pid, fd, region),
    unmapRegion: (pid, fd, region) => unmapRegion(state, pid, fd, region),
    close: (pid, fd) => close(state, pid, fd),
    send: (pid, fd, descs) => send(state, pid, fd, descs),
    recv: (pid, fd, max) => recv(state, pid, fd, max),
    poll: (pid, fd) => poll(state, pid, fd),
    removeDevice: (device) => removeDevice(state, device),
    deviceStep: (device) => deviceStep(state, device),
    handleFaults: (max) => handleFaults(state, max),
    quiesce: () => quiesce(state),
    readEvents: (device, max) => readEvents(state, device, max),
    faultQueueCreate: (pid, flags) => faultQueueCreate(state, pid, flags),
    routeFaults: (pid, fd, fq) => routeFaults(state, pid, fd, fq),
    replaceFaultRoute: (pid, fd, target) => replaceFaultRoute(state, pid, fd, target),
    readFaults: (fq, maxRecords) => readFaults(state, fq, maxRecords),
    respondFaults: (fq, responses) => respondFaults(state, fq, responses),
    pollFaults: (fq) => pollFaults(state, fq),
    faultQueueDestroy: (fq) => faultQueueDestroy(state, fq),
    pasidOf: (pid) => mmOfProcess(state, liveProcess(state, pid)).pasid,
    queueInfo: (pid, fd) => queueInfo(state, pid, fd),
    deviceInfo: (device) => deviceInfo(state, device),
    processes: () => [...state.processes.keys()].sort((a, b) => a - b),
    snapshot: (options) => snapshot(state, options),
    ...vmOps(),
  };
}
