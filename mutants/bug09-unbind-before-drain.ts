// Bug 9 (SPEC §9): release unbinds (clears the PASID slot) before draining the queue, so the
// descriptors the drain was meant to finish are aborted instead of done.
// Linux analogue: uacce release ordering — uacce_unbind_queue() (iommu_sva_unbind_device) must come
// after uacce_put_queue() stops the hardware queue; unbinding first tears the PASID out from under
// in-flight work.

import { drainQueue } from '../impl/device/drain.ts';
import { dropWork, freeHardwareQueue } from '../impl/device/release.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import { unbind } from '../impl/iommu/bonds.ts';
import type { Queue } from '../impl/queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose release unbinds first. */
export class UnbindBeforeDrain extends WarpDriveSystem {
  override release(queue: Queue): void {
    if (queue.state === 'zombie') return super.release(queue);
    const device = this.devices[queue.device];
    // The bug: unbind comes before the drain.
    unbind(this, device, queue.mm);
    if (queue.state === 'started') drainQueue(this, queue);
    else dropWork(queue);
    freeHardwareQueue(device, queue);
    this.dropMmIfUnused(queue.mm);
    this.queues.delete(queue.id);
  }
}

/** Bug 9 of the zoo. */
export const bug09: ZooBug = {
  id: 9,
  name: 'unbind-before-drain',
  description: 'release unbinds the PASID before draining, so pending descriptors abort',
  analogue: 'uacce release calling uacce_unbind_queue before uacce_put_queue has stopped the hardware queue',
  create: (config) => new UnbindBeforeDrain(config),
};
