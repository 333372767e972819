// Bug 31 (SPEC §13): a stage-2 change flushes the VM's stage-2 entries everywhere but its combined
// stage-1 entries only in the IOTLB — an assigned ATS device's ATC keeps its guest-VA translations
// through the GPA page the VMM removed.
// Linux analogue: SMMUv3 issuing a stage-2 (by-IPA) invalidation where CMD_TLBI_NH_ALL was needed
// for the stage-1 entries cached under the VM's VMID.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Vm } from '../impl/vm/vms.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose stage-2 flush leaves the ATCs' combined entries. */
export class Stage2KeepsAtcCombined extends WarpDriveSystem {
  protected override invalidateStage2(vm: Vm, first: number, pages: number): void {
    this.nestedIotlb.invalidateStage2(vm.id, first, pages);
    this.nestedIotlb.invalidateCombinedThrough(vm.id, first, pages);
    // The bug: the ATCs get the stage-2 (IPA) invalidation only, not the stage-1 (NH_ALL) one.
    for (const d of vm.devices) this.nestedAtcs[d]?.invalidateStage2(vm.id, first, pages);
  }
}

/** Bug 31 of the zoo. */
export const bug31: ZooBug = {
  id: 31,
  name: 'stage2-keeps-atc-combined',
  description: "a stage-2 change flushes the VM's stage-2 entries but not the combined stage-1 entries of its ATCs",
  analogue: 'SMMUv3 stage-2 by-IPA invalidation where NH_ALL for the stage-1 entries of the VMID was needed',
  create: (config) => new Stage2KeepsAtcCombined(config),
};
