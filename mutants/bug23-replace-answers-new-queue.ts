// Bug 23 (SPEC §12): replace auto-responds on the new queue instead of the old one — the slot's
// groups left in the old queue are never answered, so their devices wait forever.
// Linux analogue: iommufd_fault_domain_replace_dev() calling iommufd_auto_response_faults() on the
// new hwpt's fault object instead of the old one's.

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { FaultQueue } from '../impl/iommu/fault-queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose replace answers the wrong queue's groups. */
export class ReplaceAnswersNewQueue extends WarpDriveSystem {
  protected override replaceRoute(device: Device, pasid: number, old: FaultQueue, next: FaultQueue | undefined): void {
    // The bug: the auto-response runs on the target (nothing of this slot is there; none for 'kernel').
    if (next !== undefined) super.replaceRoute(device, pasid, next, next);
    if (next === undefined) this.routes[device.index].delete(pasid);
    else this.routes[device.index].set(pasid, next);
    void old;
  }
}

/** Bug 23 of the zoo. */
export const bug23: ZooBug = {
  id: 23,
  name: 'replace-answers-new-queue',
  description: "replaceFaultRoute auto-responds on the new queue, so the old queue's groups of the slot hang",
  analogue: 'iommufd hwpt replace auto-responding the new fault object instead of the old one',
  create: (config) => new ReplaceAnswersNewQueue(config),
};
