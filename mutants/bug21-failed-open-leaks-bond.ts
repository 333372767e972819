// Bug 21 (SPEC §9): open binds the mm before asking for a hardware queue, and when none is free
// (EBUSY) it returns the error without unbinding — the bond (and the PASID slot) leak.
// Linux analogue: uacce_fops_open()'s error path after uacce_bind_queue() (iommu_sva_bind_device)
// when ops->get_queue fails — the out_with_bond unbind.

import { WarpDriveSystem } from '../impl/index.ts';
import { bind } from '../impl/iommu/bonds.ts';
import { isWarpDriveError, type DeviceName, type Fd, type Pid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose failed open keeps its bond. */
export class FailedOpenLeaksBond extends WarpDriveSystem {
  override open(pid: Pid, device: DeviceName): Fd {
    try {
      return super.open(pid, device);
    } catch (e) {
      // The bug: the bond taken before get_queue is not dropped on EBUSY.
      if (isWarpDriveError(e, 'EBUSY')) bind(this, this.presentDevice(device), this.liveProcess(pid).mm);
      throw e;
    }
  }
}

/** Bug 21 of the zoo. */
export const bug21: ZooBug = {
  id: 21,
  name: 'failed-open-leaks-bond',
  description: 'an open failing with EBUSY (no hardware queue) leaks its bond',
  analogue: 'uacce_fops_open() not unbinding (out_with_bond) when ops->get_queue fails',
  create: (config) => new FailedOpenLeaksBond(config),
};
