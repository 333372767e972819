// Bug 29 (SPEC §13): vmUnmapRam flushes only the entries tagged with the stage-2 domain, not the
// combined (guest VA → host frame) entries cached under the guest's tags, so the device keeps
// reaching the host frame after the VMM took the guest RAM away (and the frame is reused).
// Linux analogue: 821985301124 — a nesting parent's unmap not flushing the nested domains' tags.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Vm } from '../impl/vm/vms.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose vmUnmapRam leaves the combined entries. */
export class UnmapRamKeepsCombined extends WarpDriveSystem {
  private unmapping = false;

  override vmUnmapRam(vm: number, gpa: number, length: number): void {
    this.unmapping = true;
    try {
      super.vmUnmapRam(vm, gpa, length);
    } finally {
      this.unmapping = false;
    }
  }

  protected override invalidateStage2(vm: Vm, first: number, pages: number): void {
    if (!this.unmapping) return super.invalidateStage2(vm, first, pages);
    // The bug: only the stage-2 domain's own entries (PASID 0) are flushed.
    this.nestedIotlb.invalidateStage2(vm.id, first, pages);
    for (const d of vm.devices) this.nestedAtcs[d]?.invalidateStage2(vm.id, first, pages);
  }
}

/** Bug 29 of the zoo. */
export const bug29: ZooBug = {
  id: 29,
  name: 'unmap-ram-keeps-combined',
  description: "vmUnmapRam flushes the stage-2 domain's entries but not the combined ones under the guest's tags",
  analogue: 'Linux 821985301124: nesting-parent unmap not flushing the nested domains (guest-tagged) entries',
  create: (config) => new UnmapRamKeepsCombined(config),
};
