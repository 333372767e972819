// Drain (SPEC §6, §S-6): until the queue has no pending descriptor, handle every queued page-request
// group, answer INVALID this queue's group if it sits in a fault queue (R9), then serve this queue
// once — without moving the device's round-robin pointer.

import { handleGroups } from '../iommu/fault-handler.ts';
import { answerDrainingQueue } from '../iommu/fault-routes.ts';
import type { Device, ModelState, Queue } from '../state.ts';
import { serveQueue } from './engine.ts';

/** Drains a started queue. Stops early only if the queue waits on a PRG with an empty PRQ (impossible when correct). */
export function drainQueue(state: ModelState, device: Device, queue: Queue): void {
  while (queue.pending.length > 0) {
    handleGroups(state, Infinity);
    answerDrainingQueue(state, device, queue.waitingPrg); // R9: a drain never waits on user space
    if (queue.pending.length === 0) return; // an INVALID response may have completed the last descriptor
    if (queue.waitingPrg !== undefined) return; // every group was just answered, so this cannot happen
    serveQueue(state, device, queue);
  }
}
