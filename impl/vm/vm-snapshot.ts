// The VM part of the abstraction function (SPEC §13, R1): each VM with its stage 2 (by GPA page),
// devices, fault queue, virtual events and its guest's own SystemSnapshot (the guest kernel's state
// read by the same impl/snapshot.ts: frames are GPA pages, devices those assigned to the VM, no
// page-request queue or fault queues of its own — its groups sit in the host's), and how the host
// shows an assigned device (assignedTo, its guest slots as `nested`).

import {
  snapshotWantsContents,
  type SlotSnapshot,
  type SnapshotOptions,
  type SystemSnapshot,
  type VmSnapshot,
} from '../../interface/index.ts';
import type { Device } from '../device.ts';
import { bitsToProt } from '../memory/prot-bits.ts';
import { buildSnapshot } from '../snapshot.ts';
import type { GuestKernel } from './guest-kernel.ts';
import type { VmOps } from './vm-ops.ts';

/** The guest kernel's abstract state. @internal */
export function guestSnapshot(kernel: GuestKernel, options?: SnapshotOptions): SystemSnapshot {
  const host = kernel.host;
  const vm = kernel.vm;
  const snap = buildSnapshot(kernel.sources(), snapshotWantsContents(options), {
    includeDevice: (d) => host.devices[d.index].assignedTo === vm.id,
  });
  return { ...snap, pageRequests: [], prqOverflow: false, faultQueues: [], vms: [] };
}

/** Every VM of the host, ascending by id. @internal */
export function vmSnapshots(host: VmOps, contents: boolean): VmSnapshot[] {
  return [...host.vms.values()].map((vm) => {
    const devices = vm.events.peekDevices();
    return {
      id: vm.id,
      vmm: vm.vmm,
      gpaPages: vm.gpaPages,
      stage2: vm.stage2
        .mapped()
        .map((g) => ({ gpa: g, frame: vm.stage2.frame[g], prot: bitsToProt(vm.stage2.perm[g]) })),
      devices: vm.devices.map((d) => host.devices[d].config.name),
      faultQueue: vm.faultQueue.id,
      events: vm.events.peek().map((e, k) => ({ ...e, device: host.devices[devices[k]].config.name })),
      lost: vm.events.lost,
      nextEventSeq: vm.events.nextSeq,
      eventDepth: vm.events.capacity,
      guest: vm.kernel.snapshot(contents ? { contents: true } : undefined),
    };
  });
}

/** How the host shows an assigned device: its VM, and the guest's slots of it as `nested`. @internal */
export function assignedView(
  host: VmOps,
  device: Device,
): { readonly vm: number; readonly slots: readonly SlotSnapshot[] } | undefined {
  if (device.assignedTo === 0) return undefined;
  const vm = host.vms.get(device.assignedTo);
  if (vm === undefined) return undefined;
  const slots = vm.kernel.iommu.pasidTables[device.index]
    .slots()
    .map((slot): SlotSnapshot => ({ pasid: slot.pasid, state: 'nested', mm: slot.mm }));
  return { vm: vm.id, slots };
}
