// Bug 44 (issue 10, flag after discard): a removal discards the device's queued page-request groups
// but keeps the PRQ overflow flag, even when that empties the queue (§S-8: the flag clears when the
// queue empties). deviceInfo().prqOverflow then reports an overflow nothing queued explains.
// Linux analogue: PRQ overflow state not reset when the queue is drained on device teardown
// (intel-svm's PRQ overflow bit handling, arm-smmu-v3 evtq/priq overflow tracking).

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Pasid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose removal leaves the overflow flag set. */
export class OverflowFlagSurvivesRemoval extends WarpDriveSystem {
  override discardPageRequests(device: Device, pasid?: Pasid): void {
    const overflow = this.iommu.prq.overflow;
    super.discardPageRequests(device, pasid);
    // The bug: the removal's discard restores the flag the emptied queue cleared.
    if (pasid === undefined) this.iommu.prq.overflow = overflow;
  }
}

/** Bug 44 of the zoo. */
export const bug44: ZooBug = {
  id: 44,
  name: 'overflow-flag-survives-removal',
  description: 'removing a device discards its groups but leaves the PRQ overflow flag set',
  analogue: 'PRQ overflow state not reset when the queue is flushed at device teardown (intel-svm/arm-smmu-v3 PRI)',
  create: (config) => new OverflowFlagSurvivesRemoval(config),
};
