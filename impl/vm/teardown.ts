// Taking a device away from a VM and destroying a VM in the impl (SPEC §13, R18, SEMANTICS §S-14),
// in R18's order: (1) every group of the device in the host's PRQ and the VM's fault queue answered
// INVALID; (2) its guest queues zombies, (3) guest slots and bonds cleared and exited guest mms
// dropped — §6 removal inside the guest, the same code; (4) everything cached for the VM through the
// device invalidated; (5) the device is the host's again; (6, vmDestroy) the stage-2 entries go and
// their pins drop — after the invalidation, never before (bug 35). Removal of an assigned device and
// the VMM's exit come here too. Each step is a protected method: a seeded bug is a one-method subclass.

import type { Pid, VmId } from '../../interface/index.ts';
import { removeDevice } from '../device/removal.ts';
import type { Device } from '../device.ts';
import { NestedEngine } from './nested-engine.ts';
import type { Vm } from './vms.ts';

/** The system with VM teardown. @internal */
export abstract class VmTeardown extends NestedEngine {
  /** VMs not yet destroyed, by id (ascending: ids increase and are never reused). */
  readonly vms = new Map<VmId, Vm>();

  /** Removal of an assigned device (SPEC §13): §6 removal inside the guest, its groups discarded; it leaves the VM. */
  protected removeAssignedDevice(dev: Device): void {
    const v = this.vms.get(dev.assignedTo) as Vm;
    const gdev = v.kernel.devices[dev.index];
    for (const g of v.faultQueue.removeWhere((x) => x.device === dev.index)) {
      gdev.prgOutstanding[g.prg] = 0;
      gdev.prgWaiter[g.prg] = undefined;
    }
    removeDevice(v.kernel, gdev); // zombies, PRQ groups discarded, guest slots and bonds cleared
    this.invalidateVmDevice(v, dev.index);
    this.leaveVm(v, dev);
  }

  /** vmDestroy: slots blocked, every device torn down (R18 1-5), then everything cached invalidated and the pins dropped. */
  protected destroyVm(v: Vm): void {
    for (const d of [...v.devices]) this.teardownDevice(v, this.devices[d]);
    const mapped = v.stage2.mapped();
    const frames = mapped.map((g) => v.stage2.unmap(g));
    this.nestedIotlb.invalidateVm(v.id);
    for (const atc of this.nestedAtcs) atc?.invalidateVm(v.id);
    this.dropPins(frames);
    this.faultQueues.delete(v.faultQueue.id);
    this.vms.delete(v.id);
  }

  /** R18 steps 1-5 for one device of the VM. */
  protected teardownDevice(v: Vm, dev: Device): void {
    this.answerDeviceGroups(v, dev);
    const gdev = v.kernel.devices[dev.index];
    removeDevice(v.kernel, gdev); // (2) zombies, (3) guest slots, bonds and exited mms
    gdev.removed = false; // the device is only gone from this VM; it may be assigned again
    gdev.lastServed = -1;
    this.invalidateVmDevice(v, dev.index); // (4)
    this.leaveVm(v, dev); // (5)
  }

  /** R18 step 1: every group of the device in the host's page-request queue and the VM's fault queue answered INVALID. */
  protected answerDeviceGroups(v: Vm, dev: Device): void {
    const kernel = v.kernel;
    for (const g of this.iommu.prq.discard((d) => d === dev.index)) kernel.answerGroup(g, false);
    for (const g of v.faultQueue.removeWhere((x) => x.device === dev.index)) kernel.answerGroup(g, false);
  }

  /** The pins of stage-2 entries already removed and invalidated drop (frames may be free again). */
  protected dropPins(frames: readonly number[]): void {
    for (const f of frames) this.memory.frames.unpin(f);
  }

  /** The device is the host's again. */
  private leaveVm(v: Vm, dev: Device): void {
    dev.assignedTo = 0;
    v.devices.splice(v.devices.indexOf(dev.index), 1);
  }

  /** The VMM's exit destroys its VMs by ascending id (R18), right after it stops being live. @internal */
  destroyVmsOf(pid: Pid): void {
    for (const v of [...this.vms.values()]) if (v.vmm === pid) this.destroyVm(v);
  }
}
