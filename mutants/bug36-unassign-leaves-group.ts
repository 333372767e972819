// Bug 36 (SPEC §13, R18 step 1): vmUnassign answers the device's groups in the host's PRQ but
// leaves those in the VM's fault queue unanswered: the guest's waiting queue (now a zombie) is
// gone, the group lingers, and its PRG index stays taken.
// Linux analogue: iommufd vIOMMU/fault detach not auto-responding the pending faults of the device.

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Vm } from '../impl/vm/vms.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose unassign skips the VM fault queue's groups. */
export class UnassignLeavesGroup extends WarpDriveSystem {
  private unassigning = false;

  override vmUnassign(vm: number, device: string): void {
    this.unassigning = true;
    try {
      super.vmUnassign(vm, device);
    } finally {
      this.unassigning = false;
    }
  }

  protected override answerDeviceGroups(v: Vm, dev: Device): void {
    if (!this.unassigning) return super.answerDeviceGroups(v, dev);
    // The bug: the host's PRQ only.
    for (const g of this.iommu.prq.discard((d) => d === dev.index)) v.kernel.answerGroup(g, false);
  }
}

/** Bug 36 of the zoo. */
export const bug36: ZooBug = {
  id: 36,
  name: 'unassign-leaves-group',
  description: "vmUnassign leaves the device's groups in the VM's fault queue unanswered",
  analogue: 'iommufd fault detach without auto-responding the pending faults of the device',
  create: (config) => new UnassignLeavesGroup(config),
};
