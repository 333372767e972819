// Where a fault queue's groups go without the user (SPEC §12, §17 R5, R8, R9; §S-12): answered
// INVALID on replace, when the slot's route ends with the slot (last unbind, exit's abort), by a
// drain, by destroy and at the owner's exit; discarded when the device is removed. Each answer goes
// to the queue waiting on (device, PRG), exactly as `handleFaults` would answer it.

import type { FaultAutoResponseReason } from '../../interface/index.ts';
import { report, type Device, type FaultQueue, type ModelState, type PageRequestGroup, type Slot } from '../state.ts';
import { respond } from './fault-handler.ts';

/** Which groups a removal selects. */
type GroupFilter = (group: PageRequestGroup) => boolean;

/** Removes the groups `which` selects from the queue (undelivered and delivered; cookies freed), in read order. */
export function takeGroups(fq: FaultQueue, which: GroupFilter): PageRequestGroup[] {
  const taken: PageRequestGroup[] = [];
  for (const cookie of [...fq.delivered.keys()].sort((a, b) => a - b)) {
    const group = fq.delivered.get(cookie);
    if (group !== undefined && which(group)) {
      fq.delivered.delete(cookie);
      taken.push(group);
    }
  }
  const kept = fq.undelivered.filter((g) => !which(g));
  taken.push(...fq.undelivered.filter(which));
  fq.undelivered.splice(0, fq.undelivered.length, ...kept);
  return taken;
}

/** Answers INVALID every group of `fq` that `which` selects (delivered by cookie, then undelivered FIFO). */
export function autoRespond(
  state: ModelState,
  fq: FaultQueue,
  which: GroupFilter,
  reason: FaultAutoResponseReason,
): void {
  const groups = takeGroups(fq, which);
  for (const group of groups) respond(state, group, 'invalid');
  if (groups.length > 0) report(state, { kind: 'faultAutoResponse', queue: fq.id, reason, groups: groups.length });
}

/** The groups of one slot: (device, PASID). */
export function ofSlot(device: Device, pasid: number): GroupFilter {
  return (g) => g.device === device.config.name && g.pasid === pasid;
}

/**
 * Ends a slot's route (the slot is cleared or aborted, SPEC §12 "Detach"): every group of the slot
 * in its fault queue is answered INVALID, then the slot routes to the kernel again.
 */
export function detachRoute(
  state: ModelState,
  device: Device,
  pasid: number,
  slot: Slot,
  reason: FaultAutoResponseReason,
): void {
  if (slot.route === undefined) return;
  const fq = state.faultQueues.get(slot.route);
  if (fq === undefined) throw new Error(`model bug: slot ${pasid} routes to destroyed fault queue ${slot.route}`);
  autoRespond(state, fq, ofSlot(device, pasid), reason);
  delete slot.route;
}

/** Device removal (R8): every group of the device leaves every fault queue unanswered (cookies freed). */
export function discardDeviceGroups(state: ModelState, device: Device): void {
  for (const fq of state.faultQueues.values()) takeGroups(fq, (g) => g.device === device.config.name);
}

/**
 * A drain never waits on user space (R9): the group the draining queue waits on, if it sits in a
 * fault queue, is answered INVALID (its descriptor completes `fault`).
 */
export function answerDrainingQueue(state: ModelState, device: Device, prg: number | undefined): void {
  if (prg === undefined) return;
  for (const fq of state.faultQueues.values()) {
    if (fq.vm !== undefined) continue; // a VM's queue is the guest's handler's (R9): it answered already
    autoRespond(state, fq, (g) => g.device === device.config.name && g.prg === prg, 'drain');
  }
}

/**
 * The owner's exit (R8, §S-12): every slot still routed to one of its queues goes back to the
 * kernel, then its queues are destroyed by ascending id, each answering INVALID every group left —
 * which is the detach's auto-response (the same answers at the same moment).
 */
export function destroyQueuesOf(state: ModelState, pid: number): void {
  const owned = [...state.faultQueues.values()].filter((fq) => fq.owner === pid).sort((a, b) => a.id - b.id);
  if (owned.length === 0) return;
  const ids = new Set(owned.map((fq) => fq.id));
  for (const device of state.devices.values()) {
    for (const slot of device.slots.values()) if (slot.route !== undefined && ids.has(slot.route)) delete slot.route;
  }
  for (const fq of owned) {
    autoRespond(state, fq, () => true, 'ownerExit');
    state.faultQueues.delete(fq.id);
  }
}
