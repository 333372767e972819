// Bug 35 (SPEC §13, R18): vmDestroy drops the pins before the invalidation, and the invalidation
// is computed from what stage 2 still maps — nothing — so the VM's cached translations survive
// while their host frames go back to the pool for reuse.
// Linux analogue: iommufd IOAS unmap unpinning pages before the domain's IOTLB flush completed.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Vm } from '../impl/vm/vms.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose vmDestroy unpins first. */
export class DestroyUnpinsFirst extends WarpDriveSystem {
  protected override destroyVm(v: Vm): void {
    for (const d of [...v.devices]) this.teardownDevice(v, this.devices[d]);
    const frames = v.stage2.mapped().map((g) => v.stage2.unmap(g));
    this.dropPins(frames);
    // The bug: the flush after the unpin covers the entries stage 2 still has (none).
    for (const g of v.stage2.mapped()) this.invalidateStage2(v, g, 1);
    this.faultQueues.delete(v.faultQueue.id);
    this.vms.delete(v.id);
  }

  /** Teardown without its own flush (the VM-wide flush is destroy's, which the bug skips). */
  protected override invalidateVmDevice(vm: Vm, device: number): void {
    if (this.vms.has(vm.id) && this.destroying !== vm.id) super.invalidateVmDevice(vm, device);
  }

  private destroying = 0;

  override vmDestroy(vm: number): void {
    this.destroying = vm;
    try {
      super.vmDestroy(vm);
    } finally {
      this.destroying = 0;
    }
  }
}

/** Bug 35 of the zoo. */
export const bug35: ZooBug = {
  id: 35,
  name: 'destroy-unpins-first',
  description: 'vmDestroy drops the pins before the invalidation, which then flushes nothing',
  analogue: 'iommufd unmap unpinning pages before the IOTLB flush of the domain completed',
  create: (config) => new DestroyUnpinsFirst(config),
};
