// Bug 18 (SPEC §9): removing the device unbinds every queue, and closing a zombie's fd later unbinds
// it again — the bond count goes negative and the mm (with its PASID) is never dropped, or is
// dropped while another device still holds a bond.
// Linux analogue: uacce_remove() and uacce_fops_release() both calling uacce_unbind_queue() on the
// same queue (the uacce remove/release races fixed by checking the queue state under the mutex).

import { WarpDriveSystem } from '../impl/index.ts';
import { unbind } from '../impl/iommu/bonds.ts';
import type { Queue } from '../impl/queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose zombie release unbinds a second time. */
export class RemoveCloseDoubleUnbind extends WarpDriveSystem {
  override release(queue: Queue): void {
    if (queue.state === 'zombie') {
      // The bug: release does not know removal already dropped the bond.
      unbind(this, this.devices[queue.device], queue.mm);
      this.dropMmIfUnused(queue.mm);
    }
    super.release(queue);
  }
}

/** Bug 18 of the zoo. */
export const bug18: ZooBug = {
  id: 18,
  name: 'remove-close-double-unbind',
  description: "closing a zombie's last reference unbinds again after removal already did",
  analogue: 'uacce_remove() and uacce_fops_release() both unbinding the same queue (uacce remove/release race fixes)',
  create: (config) => new RemoveCloseDoubleUnbind(config),
};
