// Bug 15 (SPEC §9): when a page-request group does not fit the PRQ, the overflow flag is set but
// the automatic SUCCESS response is not sent, so the device waits on a PRG nobody will answer.
// Linux analogue: PRQ-overflow handling that dropped the requests without responding — the PCIe
// PRI rule (and intel-svm's/arm-smmu-v3's "auto-respond when the queue overflows") exists for this.

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Queue } from '../impl/queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose PRQ overflow drops the group silently. */
export class OverflowNoResponse extends WarpDriveSystem {
  protected override issuePageRequests(
    device: Device,
    queue: Queue,
    prg: number,
    srcPage: number,
    dstPage: number,
  ): void {
    const size = (srcPage >= 0 ? 1 : 0) + (dstPage >= 0 ? 1 : 0);
    if (this.iommu.prq.fits(size)) return super.issuePageRequests(device, queue, prg, srcPage, dstPage);
    queue.waitingPrg = prg;
    device.prgWaiter[prg] = queue;
    // The bug: the overflow is flagged, the group dropped, and no response is ever sent.
    this.iommu.prq.overflow = true;
  }
}

/** Bug 15 of the zoo. */
export const bug15: ZooBug = {
  id: 15,
  name: 'overflow-no-response',
  description: 'a group that overflows the PRQ is dropped without the automatic SUCCESS: the device hangs',
  analogue: 'PRQ overflow dropping page requests without the auto-response PCIe PRI requires',
  create: (config) => new OverflowNoResponse(config),
};
