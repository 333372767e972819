// Wires the model's small functions into an SvaSystem over one ModelState: the executable
// specification of SPEC §3-§8 and §12-§13 as refined by docs/SEMANTICS.md. The process, memory and
// queue operations are `processOps`, the same ones every guest runs (§S-14).

import { resolveConfig, type SpecObserver, type SvaConfig, type SvaSystem } from '../interface/index.ts';
import { observerOf } from './checks.ts';
import { deviceStep } from './device/engine.ts';
import { quiesce } from './device/quiesce.ts';
import { deviceInfo, removeDevice } from './device/removal.ts';
import { mapSs, ssDma } from './device/static-share.ts';
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
import { snapshot } from './snapshot.ts';
import { createState } from './state.ts';
import { processOps } from './vm/process-ops.ts';
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
    ...processOps(() => state),
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
    mapSs: (pid, fd, va, length) => mapSs(state, pid, fd, va, length),
    ssDma: (pid, fd, index) => ssDma(state, pid, fd, index),
    deviceInfo: (device) => deviceInfo(state, device),
    snapshot: (options) => snapshot(state, options),
    ...vmOps(state),
  };
}
