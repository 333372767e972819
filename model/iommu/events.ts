// Fault-event queues for unrecoverable faults (SPEC §5, §S-8): every generated event takes the next
// seq; past the depth it is dropped and counted in `lost`. A device's queue (host records; a stage-2
// fault of an assigned device adds `stage: 2` and `gpa`, R15) and a VM's virtual queue (stage-1
// faults of its `faults: 'none'` devices, R17, §S-14) follow the same rule.

import type { Access, FaultEvent, FaultKind, Pasid, ReadEventsResult } from '../../interface/index.ts';
import { checkTakeMax, presentDevice } from '../checks.ts';
import { report, type Device, type ModelState, type Vm } from '../state.ts';

/** A queue of fault records with its depth and counters. */
interface EventQueue<E> {
  readonly events: E[];
  lost: number;
  nextEventSeq: number;
}

/** Takes the next seq and keeps the record if there is room; whether it was kept. */
function push<E>(queue: EventQueue<E>, depth: number, make: (seq: number) => E): boolean {
  const seq = queue.nextEventSeq++; // dropped events take a seq too, so gaps reveal losses
  if (queue.events.length >= depth) {
    queue.lost++;
    return false;
  }
  queue.events.push(Object.freeze(make(seq)));
  return true;
}

/** Generates one event of a device (host record): kept if the queue has room, else dropped and counted. */
export function recordFaultEvent(
  state: ModelState,
  device: Device,
  pasid: Pasid,
  addr: number,
  access: Access,
  kind: FaultKind,
  stage2?: { readonly gpa: number },
): void {
  const kept = push<FaultEvent>(device, device.config.eventDepth, (seq) =>
    stage2 === undefined
      ? { seq, pasid, addr, access, kind }
      : { seq, pasid, addr, access, kind, stage: 2, gpa: stage2.gpa },
  );
  if (!kept) report(state, { kind: 'eventLost', device: device.config.name });
}

/** Generates one stage-1 event of an assigned `faults: 'none'` device in its VM's virtual queue (R17). */
export function recordVmEvent(
  state: ModelState,
  vm: Vm,
  device: Device,
  pasid: Pasid,
  addr: number,
  access: Access,
  kind: FaultKind,
): void {
  const name = device.config.name;
  const kept = push(vm, vm.eventDepth, (seq) => ({ seq, pasid, addr, access, kind, stage: 1 as const, device: name }));
  if (!kept) report(state, { kind: 'eventLost', device: name });
}

/** Takes up to `max` oldest records and the lost count, which resets. */
export function takeEvents<E>(queue: EventQueue<E>, max: number): { events: E[]; lost: number } {
  const events = queue.events.splice(0, Math.min(max, queue.events.length));
  const lost = queue.lost;
  queue.lost = 0;
  return { events, lost };
}

/** `readEvents(device, max)`: ENODEV unknown or removed; EINVAL bad max; up to `max` oldest events and the lost count, which resets. */
export function readEvents(state: ModelState, name: unknown, max: unknown = Infinity): ReadEventsResult {
  const device = presentDevice(state, name);
  checkTakeMax(max);
  return takeEvents(device, max);
}
