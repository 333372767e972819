// Drain in the impl (SPEC §6, §S-6): until the queue has no pending descriptor, handle every queued
// page-request group, then serve this queue once — without moving the device's round-robin pointer.

import type { Queue } from '../queue.ts';
import type { WarpDriveSystem } from '../system.ts';
import { guardRounds, roundLimit } from './round-limit.ts';

/** Drains a started queue; stops if it still waits with the PRQ empty (only a seeded bug). @internal */
export function drainQueue(sys: WarpDriveSystem, queue: Queue): void {
  const device = sys.devices[queue.device];
  const limit = roundLimit(sys.queues.values(), sys.devices.length);
  // Stryker disable next-line UpdateOperator: only feeds the livelock guard (docs/MUTATION.md)
  for (let rounds = 0; queue.pendingCount > 0; rounds++) {
    guardRounds(rounds, limit, queue);
    sys.drainFaults(); // R9: the host's handleFaults, then a guest queue's guest's
    sys.answerDrainingQueue(queue); // R9: a drain never waits on user space
    // Stryker disable next-line ConditionalExpression,EqualityOperator: every group was just answered (docs/MUTATION.md)
    if (queue.waitingPrg >= 0) return;
    if (queue.pendingCount > 0) sys.serveQueue(device, queue);
  }
}
