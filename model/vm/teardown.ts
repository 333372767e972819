// Taking a device away from a VM and destroying a VM (SPEC §13, R18; SEMANTICS §S-14), in R18's
// order: (1) answer INVALID every group of the device in the host's PRQ and the VM's fault queue;
// (2) the guest's queues of it become zombies, (3) its guest slots and bonds are cleared and exited
// guest mms dropped — §6 removal inside the guest, the same code; (4) invalidation (the model has no
// caches); (5) the device is the host's again; (6, vmDestroy) the pins drop and the VM is gone.

import { zombifyQueues } from '../device/removal.ts';
import { respond } from '../iommu/fault-handler.ts';
import { takeGroups } from '../iommu/fault-routes.ts';
import { discardGroups } from '../iommu/page-requests.ts';
import { report, type Device, type ModelState, type PageRequestGroup, type Vm } from '../state.ts';
import { dropStage2 } from './stage2.ts';
import { liveVm } from './vms.ts';

/** R18 step 1: every group of the device in the host's PRQ (FIFO), then in the VM's fault queue, answered INVALID. */
function answerDeviceGroups(state: ModelState, vm: Vm, name: string): void {
  const ofDevice = (g: PageRequestGroup): boolean => g.device === name;
  const inPrq = state.prq.filter(ofDevice);
  discardGroups(state, ofDevice);
  const fq = state.faultQueues.get(vm.faultQueue);
  const inQueue = fq === undefined ? [] : takeGroups(fq, ofDevice);
  for (const group of [...inPrq, ...inQueue]) respond(state, group, 'invalid');
}

/** R18 steps 1-5 for one assigned device of `vm`. */
export function teardownDevice(state: ModelState, vm: Vm, device: Device): void {
  const name = device.config.name;
  const guestDevice = vm.guest.devices.get(name);
  if (guestDevice === undefined || device.assignedTo !== vm.id)
    throw new Error(`model bug: ${name} is not in VM ${vm.id}`);
  // 1. every outstanding group answered, before the queues go: left unanswered (bug 36), a group
  // holds its PRG index for ever and the host's S7 breaks
  answerDeviceGroups(state, vm, name);
  // 2-3. the guest's queues of the device become zombies; its slots and bonds go
  zombifyQueues(vm.guest, guestDevice);
  // 5. the device is the host's again
  vm.guest.devices.delete(name);
  delete device.assignedTo;
}

/** Guest queues of `vm` with pending work (for the `vmDestroyed` report). */
function queuesWithWork(vm: Vm): number {
  return [...vm.guest.queues.values()].filter((q) => q.state !== 'zombie' && q.pending.length > 0).length;
}

/** `vmDestroy(vm)`: ENOENT. R18 for each assigned device in config order, then the pins drop and the VM is deleted. */
export function vmDestroy(state: ModelState, vm: unknown): void {
  destroyVm(state, liveVm(state, vm));
}

/** Destroys a live VM (vmDestroy, or its VMM's exit). */
export function destroyVm(state: ModelState, vm: Vm): void {
  const working = queuesWithWork(vm);
  for (const device of state.devices.values()) if (device.assignedTo === vm.id) teardownDevice(state, vm, device);
  // 6. only now the pins: dropped before the devices are gone (bug 35), a frame the host reuses is
  // still reachable through the VM's translations
  dropStage2(
    state,
    vm,
    [...vm.stage2.keys()].sort((a, b) => a - b),
  );
  state.faultQueues.delete(vm.faultQueue);
  state.vms.delete(vm.id);
  report(state, { kind: 'vmDestroyed', vm: vm.id, queuesWithWork: working });
}

/** The VMM's exit (R18): its VMs are destroyed by ascending id. */
export function destroyVmsOf(state: ModelState, pid: number): void {
  const owned = [...state.vms.values()].filter((vm) => vm.vmm === pid).sort((a, b) => a.id - b.id);
  for (const vm of owned) destroyVm(state, vm);
}
