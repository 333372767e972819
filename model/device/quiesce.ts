// quiesce (SPEC §6, §S-9, R10): alternate the host's handleFaults(), every live VM's guest handler
// (by id) and one deviceStep per present device, in config order, until nothing moves. A livelock is
// a bug, so an absurd number of rounds stops with an Error.

import { handleGroups, handleVmGroups } from '../iommu/fault-handler.ts';
import type { ModelState } from '../state.ts';
import { deviceStep } from './engine.ts';

/** Rounds after which quiesce gives up: far beyond any bounded amount of work the properties create. */
export const QUIESCE_ROUND_LIMIT = 10_000_000;

/** `quiesce()`: returns the number of rounds (the last one moved nothing). */
export function quiesce(state: ModelState): number {
  let rounds = 0;
  let moved: boolean;
  do {
    if (++rounds > QUIESCE_ROUND_LIMIT)
      throw new Error(`quiesce: no fixpoint after ${QUIESCE_ROUND_LIMIT} rounds (livelock)`);
    moved = handleGroups(state, Infinity) > 0;
    // the guests' handlers too (R10), or a stage-1 fault would wait in its VM's queue for ever
    if (state.vms.size > 0) {
      const vms = [...state.vms.values()].sort((a, b) => a.id - b.id);
      for (const vm of vms) moved = handleVmGroups(state, vm, Infinity) > 0 || moved;
    }
    for (const device of state.devices.values()) {
      if (!device.removed) moved = deviceStep(state, device.config.name) || moved;
    }
  } while (moved);
  return rounds;
}
