// Bug 30 (SPEC §13): a stage-2 change flushes the IOTLB but not the ATC of the devices assigned
// through the nested domain, so an ATS device keeps translating to the old host frame.
// Linux analogue: 5e54e861f16f — ATC invalidation missing for devices attached via a nested domain.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Vm } from '../impl/vm/vms.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose stage-2 invalidation skips the ATCs. */
export class UnmapRamKeepsAtc extends WarpDriveSystem {
  protected override invalidateStage2(vm: Vm, first: number, pages: number): void {
    // The bug: the IOTLB only.
    this.nestedIotlb.invalidateStage2(vm.id, first, pages);
    this.nestedIotlb.invalidateCombinedThrough(vm.id, first, pages);
  }
}

/** Bug 30 of the zoo. */
export const bug30: ZooBug = {
  id: 30,
  name: 'unmap-ram-keeps-atc',
  description: 'a stage-2 change flushes the IOTLB but not the ATC of the devices assigned to the VM',
  analogue: 'Linux 5e54e861f16f: no ATC invalidation for devices attached through a nested domain',
  create: (config) => new UnmapRamKeepsAtc(config),
};
