// Bug 10 (SPEC §9): unbind clears the PASID slot but leaves the device's page requests for that
// PASID queued; once the PASID is reused, the stale group is answered against its next owner's mm.
// In this system a correct release drains the queue (and with it the PRQ) before unbinding, so the
// variant also stops a releasing queue the way hardware stops (serve until it waits, then drop the
// rest) without flushing the PRQ — the two halves of the real bug.
// Linux analogue: intel-svm unbind before intel_svm_drain_prq() existed — page requests still in the
// PRQ were handled after the PASID was freed and reallocated (the "drain PRQ on unbind" fix).

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Queue } from '../impl/queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose unbind leaves queued page requests behind. */
export class UnbindKeepsPageRequests extends WarpDriveSystem {
  override release(queue: Queue): void {
    if (queue.state === 'started') {
      // The bug, first half: the hardware queue stops without waiting for its page requests.
      const device = this.devices[queue.device];
      while (queue.pendingCount > 0 && queue.waitingPrg < 0) this.serveQueue(device, queue);
      queue.waitingPrg = -1;
      queue.state = 'init';
    }
    super.release(queue);
  }

  override discardPageRequests(device: Device, pasid?: number): void {
    // The bug, second half: unbind (the only caller naming a PASID) keeps the device's queued
    // groups of that PASID; device removal still discards everything.
    if (pasid !== undefined) return;
    super.discardPageRequests(device);
  }
}

/** Bug 10 of the zoo. */
export const bug10: ZooBug = {
  id: 10,
  name: 'unbind-keeps-page-requests',
  description: "unbind leaves the device's queued page requests of the PASID; they are answered against its next owner",
  analogue: 'intel-svm unbind before intel_svm_drain_prq(): stale PRQ entries handled after the PASID was reallocated',
  create: (config) => new UnbindKeepsPageRequests(config),
};
