// The kernel's I/O page-fault handler (SPEC §5 "Handling", §S-8): takes groups FIFO, resolves each
// against the mm of the slot (never the "current" process), and sends exactly one response per
// group to the queue waiting on (device, PRG).

import { checkTakeMax } from '../checks.ts';
import { completeHead } from '../device/completions.ts';
import { destinationOf, sourceOf } from '../device/descriptors.ts';
import { makePresent } from '../memory/demand-paging.ts';
import { vmaAt } from '../memory/vmas.ts';
import { report, type Device, type ModelState, type PageRequestGroup } from '../state.ts';
import { takeOldestGroup } from './page-requests.ts';
import { slotOf } from './slots.ts';

/** `handleFaults(max)`: EINVAL for a bad max; handles up to `max` groups; returns how many were taken. */
export function handleFaults(state: ModelState, max: unknown = Infinity): number {
  checkTakeMax(max);
  return handleGroups(state, max);
}

/** Handles up to `max` groups in FIFO order (a discarded group counts as taken). */
export function handleGroups(state: ModelState, max: number): number {
  let taken = 0;
  while (taken < max && state.prq.length > 0) {
    const group = takeOldestGroup(state);
    if (group === undefined) break;
    taken++;
    const device = state.devices.get(group.device);
    if (device === undefined || device.removed) continue; // a removed device's group is discarded
    // R6: a routed slot (always sva: the route ends with the slot) hands the group to user space
    const slot = slotOf(device, group.pasid);
    const fq = slot?.state === 'sva' && slot.route !== undefined ? state.faultQueues.get(slot.route) : undefined;
    if (fq !== undefined) {
      fq.undelivered.push(group);
      report(state, { kind: 'faultRouted', device: group.device, pasid: group.pasid, prg: group.prg, queue: fq.id });
      continue;
    }
    const response = resolveGroup(state, device, group);
    report(state, { kind: 'pageResponse', device: group.device, prg: group.prg, response });
    respond(state, group, response);
  }
  return taken;
}

/**
 * INVALID unless the slot is `sva(mm)`; then each request in order: an access the mm's area does
 * not allow, or no free frame → INVALID, skipping the rest (earlier ones stay resolved).
 */
function resolveGroup(state: ModelState, device: Device, group: PageRequestGroup): 'success' | 'invalid' {
  const slot = slotOf(device, group.pasid);
  if (slot === undefined || slot.state !== 'sva') return 'invalid';
  // the slot's mm, never the "current" process's: resolving against another mm (bug 14) maps pages
  // into the wrong address space
  const mm = state.mms.get(slot.mm);
  if (mm === undefined) throw new Error(`model bug: sva slot ${group.pasid} names dropped mm ${slot.mm}`);
  for (const request of group.requests) {
    const vma = vmaAt(mm, request.addr);
    // the area must allow the access, not merely exist: else a write to a read-only area succeeds (bug 13)
    if (vma === undefined || !vma.prot.includes(request.access)) return 'invalid';
    if (!makePresent(state, mm, request.addr, request.access, 'device')) return 'invalid';
  }
  return 'success';
}

/**
 * Answers a group (by `handleFaults`, a user's `respondFaults`, or an auto-response, §S-12).
 * The response reaches the queue waiting on (device, PRG): it stops waiting; SUCCESS → it retries
 * at its next turn; INVALID → its head completes `fault` at the exact address of the group's first
 * request (current source for `r`, destination for `w`).
 */
export function respond(state: ModelState, group: PageRequestGroup, response: 'success' | 'invalid'): void {
  for (const queue of state.queues.values()) {
    // only the queue waiting on this PRG index: a response to another index (bug 11) wakes the wrong
    // queue and leaves this one waiting forever
    if (queue.device !== group.device || queue.state === 'zombie' || queue.waitingPrg !== group.prg) continue;
    queue.waitingPrg = undefined;
    // INVALID is a response too: never sent (bug 12), the queue waits forever and quiesce livelocks
    if (response === 'invalid') {
      const head = queue.pending[0];
      const first = group.requests[0];
      if (head === undefined || first === undefined) throw new Error(`model bug: queue ${queue.id} waits with no head`);
      const base = first.access === 'r' ? sourceOf(head.desc) : destinationOf(head.desc);
      if (base === undefined) throw new Error(`model bug: ${first.access} request for a ${head.desc.op} descriptor`);
      completeHead(queue, 'fault', { faultAddr: base + head.done });
    }
    return;
  }
}
