// Fault events in the impl (SPEC §5 "Events", §S-8): a device's events are taken oldest first with
// the count lost to overflow, which resets when read.

import type { ReadEventsResult } from '../../interface/index.ts';
import type { EventRing } from './event-ring.ts';

/** Takes up to `max` events of the ring and its lost count (which resets). @internal */
export function readEvents(ring: EventRing, max: number): ReadEventsResult {
  const events = ring.take(max);
  const lost = ring.lost;
  ring.lost = 0;
  return { events, lost };
}
