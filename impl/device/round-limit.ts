// The livelock guard of quiesce and drain (§S-9): a bound on rounds no correct run reaches — every
// byte of pending work, a few steps per chunk (fault, answer, retry), per device. Passing it means
// a livelock, which is a bug, so it throws an internal Error (never a WarpDriveError).

import type { Queue } from '../queue.ts';

/** The round bound for the pending work of `queues` on `devices` devices. @internal */
export function roundLimit(queues: Iterable<Queue>, devices: number): number {
  let work = 0;
  for (const queue of queues) {
    const rings = queue.rings;
    // Stryker disable next-line EqualityOperator: reading one slot past the pending ones only raises the bound
    for (let k = 0; k < queue.pendingCount; k++) work += rings.sqLen[(rings.sqHead + k) % rings.depth] + 1;
  }
  return 1000 + 8 * work * devices;
}

// Stryker disable all: livelock guard, no correct run reaches the limit; internal Error text (docs/MUTATION.md)
/** Throws the livelock Error once `rounds` passes `limit`: of quiesce, or of the drain of `queue`. @internal */
export function guardRounds(rounds: number, limit: number, queue?: Queue): void {
  if (rounds <= limit) return;
  const what = queue === undefined ? 'quiesce' : `drain of queue ${queue.id}`;
  throw new Error(`${what}: no progress after ${limit} rounds (livelock)`);
}
// Stryker restore all
