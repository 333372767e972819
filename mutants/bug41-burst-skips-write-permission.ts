// Bug 41 (issue 10, audit-off path): the burst — quiesce's fast-forward, the path every library user
// runs — translates the destination with the read permission only, so a run writes into a frame
// the mm maps read-only or copy-on-write shared. deviceStep, drain and handleFaults are untouched.
// Linux analogue: a fast path that skips the write check the slow path makes (get_user_pages_fast
// without pte_write, the dirty-COW class; IOMMU map fast paths that dropped the DMA direction).

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import { PERM_R } from '../impl/memory/prot-bits.ts';
import type { Queue } from '../impl/queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose burst asks for read permission where it writes. */
export class BurstSkipsWritePermission extends WarpDriveSystem {
  private inBurst = false;

  protected override serveBurst(device: Device, queue: Queue, maxSteps: number): number {
    this.inBurst = true;
    try {
      return super.serveBurst(device, queue, maxSteps);
    } finally {
      this.inBurst = false;
    }
  }

  protected override translate(device: number, pasid: number, mm: Mm, page: number, need: number): number {
    // The bug: inside a burst every translation is checked for `r` only.
    return super.translate(device, pasid, mm, page, this.inBurst ? PERM_R : need);
  }
}

/** Bug 41 of the zoo. */
export const bug41: ZooBug = {
  id: 41,
  name: 'burst-skips-write-permission',
  description: "quiesce's burst path writes through read-only and COW-shared translations (deviceStep is right)",
  analogue: 'a fast path skipping the write check of the slow path (gup-fast without pte_write, the dirty-COW class)',
  create: (config) => new BurstSkipsWritePermission(config),
};
