// Bug 8 (SPEC §9): exit frees the mm's PASID although a bond remains (a forked child still holds an
// fd of the queue), so the next process to open a device is given the same PASID.
// Linux analogue: freeing the PASID from the mm-exit path while a device bond still held it (early
// intel-svm ioasid handling) — why Linux ties the PASID to the mm's lifetime (mm_pasid_drop).

import { WarpDriveSystem } from '../impl/index.ts';
import type { Pid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose exit frees the PASID even while bonds remain. */
export class PasidFreedAtExit extends WarpDriveSystem {
  override exit(pid: Pid): void {
    const mm = this.liveProcess(pid).mm;
    super.exit(pid);
    // The bug: the mm survives (bonds remain) but its PASID goes back to the allocator.
    if (this.mms.get(mm.id) === mm && mm.pasid !== 0) this.iommu.pasids.free(mm.pasid);
  }
}

/** Bug 8 of the zoo. */
export const bug08: ZooBug = {
  id: 8,
  name: 'pasid-freed-at-exit',
  description: 'exit frees the PASID while a bond remains (fd inherited by a fork child), so it is reused',
  analogue:
    'PASID freed on mm exit while still bound (early intel-svm/ioasid), fixed by mm-lifetime PASIDs (mm_pasid_drop)',
  create: (config) => new PasidFreedAtExit(config),
};
