// A VM in the impl (SPEC §13, §17 R12-R19): its VMM, GPA size, stage 2, assigned devices (by
// config index), its fault queue (§12, owned by the VMM, where its guest's page requests wait), its
// virtual event queue (R17), and its guest kernel — the impl's own system code over its GPA pages.

import type { Pid, VmId } from '../../interface/index.ts';
import type { EventRing } from '../iommu/event-ring.ts';
import type { FaultQueue } from '../iommu/fault-queue.ts';
import type { GuestKernel } from './guest-kernel.ts';
import type { Stage2Table } from './stage2.ts';

/** One VM not yet destroyed. @internal */
export class Vm {
  readonly id: VmId;
  /** The VMM process. */
  readonly vmm: Pid;
  readonly gpaPages: number;
  /** GPA page → host frame (pinned) with the stage-2 protection. */
  readonly stage2: Stage2Table;
  /** Assigned devices: config indices, ascending. */
  readonly devices: number[] = [];
  /** The VM's fault queue (R8: host readFaults/respondFaults/destroy on it → EBUSY). */
  readonly faultQueue: FaultQueue;
  /** The virtual event queue: stage-1 faults of assigned `faults: 'none'` devices (R17). */
  readonly events: EventRing;
  /** The guest kernel; set right after construction (it needs the VM). */
  kernel!: GuestKernel;

  constructor(id: VmId, vmm: Pid, stage2: Stage2Table, faultQueue: FaultQueue, events: EventRing) {
    this.id = id;
    this.vmm = vmm;
    this.gpaPages = stage2.pages;
    this.stage2 = stage2;
    this.faultQueue = faultQueue;
    this.events = events;
  }

  /** Whether the device (config index) is assigned to this VM. */
  has(device: number): boolean {
    return this.devices.includes(device);
  }
}
