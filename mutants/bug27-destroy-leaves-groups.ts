// Bug 27 (SPEC §12): destroy frees the queue without answering what is left — at the owner's exit
// the groups still in its fault queues vanish unanswered and their devices wait forever.
// Linux analogue: iommufd_fault_destroy() freeing the fault object without responding to the
// groups on its deliver list and in its response xarray.

import { WarpDriveSystem } from '../impl/index.ts';
import type { FaultQueue } from '../impl/iommu/fault-queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose destroy drops the remaining groups. */
export class DestroyLeavesGroups extends WarpDriveSystem {
  protected override destroyFaultQueue(queue: FaultQueue): void {
    this.faultQueues.delete(queue.id); // the bug: no auto-response
  }
}

/** Bug 27 of the zoo. */
export const bug27: ZooBug = {
  id: 27,
  name: 'destroy-leaves-groups',
  description: "fault-queue destroy (and the owner's exit) frees the queue without answering its groups",
  analogue: 'iommufd_fault_destroy() without the final auto-response of delivered and pending groups',
  create: (config) => new DestroyLeavesGroups(config),
};
