// Bug 31 (SPEC §13): a stage-2 change of the VM's devices (vmUnassign, removal) flushes the VM's
// stage-2 entries but not its combined stage-1 entries, so translations of the guest's PASIDs
// outlive the slots they were made through.
// Linux analogue: SMMUv3 invalidating with a stage-2 VMID command where CMD_TLBI_NH_ALL was needed.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Vm } from '../impl/vm/vm.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose teardown flush keeps the combined entries. */
export class TeardownKeepsCombined extends WarpDriveSystem {
  protected override invalidateVmDevice(vm: Vm, device: number): void {
    // The bug: the stage-2 entries (PASID 0) only, as if the walk cache were all there is.
    this.nestedIotlb.invalidateStage2(vm.id, 0, vm.stage2.frame.length);
    this.nestedAtcs[device]?.invalidateStage2(vm.id, 0, vm.stage2.frame.length);
  }
}

/** Bug 31 of the zoo. */
export const bug31: ZooBug = {
  id: 31,
  name: 'teardown-keeps-combined',
  description: "unassign/removal flushes the VM's stage-2 entries but not its combined stage-1 entries",
  analogue: 'SMMUv3 stage-2 (VMID) invalidation where NH_ALL for the stage-1 entries was needed',
  create: (config) => new TeardownKeepsCombined(config),
};
