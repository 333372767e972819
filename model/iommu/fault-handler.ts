// The kernel's I/O page-fault handler (SPEC §5 "Handling", §S-8): takes groups FIFO, resolves each
// against the mm of the slot (never the "current" process), and sends exactly one response per
// group to the queue waiting on (device, PRG). A group of a device assigned to a VM goes to that VM's
// fault queue (R6: the host never resolves a guest mm); the guest's handler (`handleVmGroups`, the
// VMM relaying) resolves it with this same code inside the guest (SPEC §13, §S-14).

import { checkTakeMax } from '../checks.ts';
import { completeHead } from '../device/completions.ts';
import { destinationOf, sourceOf } from '../device/descriptors.ts';
import { makePresent } from '../memory/demand-paging.ts';
import { vmaAt } from '../memory/vmas.ts';
import { report, type Device, type ModelState, type PageRequestGroup, type Vm } from '../state.ts';
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
    if (device.assignedTo !== undefined) {
      handleAssignedGroup(state, device.assignedTo, group);
      continue;
    }
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
 * R6 for a device assigned to VM `vmId`: a guest slot holding a live guest mm → the group joins the
 * VM's fault queue (taken, not answered); else INVALID. Resolving it here (bug 14's cousin) would
 * map host frames into nobody's page table.
 */
function handleAssignedGroup(state: ModelState, vmId: number, group: PageRequestGroup): void {
  const vm = state.vms.get(vmId);
  const fq = vm === undefined ? undefined : state.faultQueues.get(vm.faultQueue);
  if (vm === undefined || fq === undefined) throw new Error(`model bug: group of a device of dead VM ${vmId}`);
  const slot = vm.guest.devices.get(group.device)?.slots.get(group.pasid);
  if (slot?.state === 'sva') {
    fq.undelivered.push(group);
    report(state, { kind: 'faultRouted', device: group.device, pasid: group.pasid, prg: group.prg, queue: fq.id });
    return;
  }
  report(state, { kind: 'pageResponse', device: group.device, prg: group.prg, response: 'invalid' });
  respond(state, group, 'invalid');
}

/**
 * `guest(vm).handleFaults(max)` after its checks (§S-14): the VMM takes up to `max` groups from the
 * head of the VM's fault queue; the guest kernel resolves each against the guest mm of its slot
 * (this file's own `resolveGroup`, run over the guest's state), and the VMM answers it by cookie.
 * The cookie is the lowest free one and is freed by the answer at once, so it never shows.
 */
export function handleVmGroups(host: ModelState, vm: Vm, max: number): number {
  const fq = host.faultQueues.get(vm.faultQueue);
  if (fq === undefined) throw new Error(`model bug: VM ${vm.id} lost its fault queue`);
  let taken = 0;
  while (taken < max && fq.undelivered.length > 0) {
    const group = fq.undelivered.shift();
    if (group === undefined) break;
    taken++;
    const device = vm.guest.devices.get(group.device);
    const response = device === undefined ? 'invalid' : resolveGroup(vm.guest, device, group);
    report(vm.guest, { kind: 'pageResponse', device: group.device, prg: group.prg, response });
    respond(host, group, response);
  }
  return taken;
}

/**
 * INVALID unless the slot is `sva(mm)`; then each request in order: an access the mm's area does
 * not allow, or no free frame → INVALID, skipping the rest (earlier ones stay resolved). In a guest,
 * also a COW copy whose source GPA page stage 2 does not map readable (R14, inside `makePresent`).
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
  // an assigned device's queues are the guest's (R6: answered back into the guest's queue)
  const assignedTo = state.devices.get(group.device)?.assignedTo;
  const owner = assignedTo === undefined ? state : state.vms.get(assignedTo)?.guest;
  if (owner === undefined) throw new Error(`model bug: answer for a device of dead VM ${assignedTo}`);
  for (const queue of owner.queues.values()) {
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
