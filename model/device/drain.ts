// Drain (SPEC §6, §S-6, R9): until the queue has no pending descriptor, handle every queued
// page-request group (the host's handler; for a guest's queue then that guest's handler too, §S-14),
// answer INVALID this queue's group if it sits in a user fault queue (R9), then serve this queue
// once — without moving the device's round-robin pointer.

import { handleGroups, handleVmGroups } from '../iommu/fault-handler.ts';
import { answerDrainingQueue } from '../iommu/fault-routes.ts';
import { hostOf, type Device, type ModelState, type Queue } from '../state.ts';
import { serveQueue } from './engine.ts';

/** Drains a started queue. Stops early only if the queue waits on a PRG with an empty PRQ (impossible when correct). */
export function drainQueue(state: ModelState, device: Device, queue: Queue): void {
  const host = hostOf(state);
  while (queue.pending.length > 0) {
    handleGroups(host, Infinity);
    // a guest's group sits in its VM's fault queue after the host's pass: the guest answers it
    if (state.vm !== undefined) handleVmGroups(host, state.vm.vm, Infinity);
    answerDrainingQueue(host, device, queue.waitingPrg); // R9: a drain never waits on user space
    if (queue.pending.length === 0) return; // an INVALID response may have completed the last descriptor
    if (queue.waitingPrg !== undefined) return; // every group was just answered, so this cannot happen
    serveQueue(state, device, queue);
  }
}
