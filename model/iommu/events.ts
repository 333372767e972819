// A device's fault-event queue for unrecoverable faults (SPEC §5, §S-8): every generated event
// takes the next seq; past eventDepth records it is dropped and counted in `lost`.

import type { Access, FaultKind, Pasid, ReadEventsResult } from '../../interface/index.ts';
import { checkTakeMax, presentDevice } from '../checks.ts';
import { report, type Device, type ModelState } from '../state.ts';

/** Generates one event: kept if the queue has room, else dropped and counted. */
export function recordFaultEvent(
  state: ModelState,
  device: Device,
  pasid: Pasid,
  addr: number,
  access: Access,
  kind: FaultKind,
): void {
  const seq = device.nextEventSeq++; // dropped events take a seq too, so gaps reveal losses
  if (device.events.length >= device.config.eventDepth) {
    device.lost++;
    report(state, { kind: 'eventLost', device: device.config.name });
    return;
  }
  device.events.push(Object.freeze({ seq, pasid, addr, access, kind }));
}

/** `readEvents(device, max)`: ENODEV unknown or removed; EINVAL bad max; up to `max` oldest events and the lost count, which resets. */
export function readEvents(state: ModelState, name: unknown, max: unknown = Infinity): ReadEventsResult {
  const device = presentDevice(state, name);
  checkTakeMax(max);
  const events = device.events.splice(0, Math.min(max, device.events.length));
  const lost = device.lost;
  device.lost = 0;
  return { events, lost };
}
