// Bug 14 (SPEC §9): the fault handler resolves a page request against the "current" process (the
// newest live one) instead of the mm bound to the request's PASID.
// Linux analogue: resolving device faults with `current->mm` in a kernel thread / workqueue instead
// of the bond's mm (the reason iommu-sva looks the mm up by PASID: iommu_sva_find / iopf's domain->mm).

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { SlotValue } from '../impl/iommu/pasid-table.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { Pasid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose fault handler uses the newest live process's mm. */
export class FaultWrongMm extends WarpDriveSystem {
  protected override mmForPageRequest(device: Device, pasid: Pasid, slot: SlotValue): Mm | undefined {
    // The bug: "current" — the most recently created live process — not the slot's mm.
    let current: Mm | undefined;
    let newest = 0;
    for (const [pid, proc] of this.processTable) {
      if (pid > newest) {
        newest = pid;
        current = proc.mm;
      }
    }
    return current ?? super.mmForPageRequest(device, pasid, slot);
  }
}

/** Bug 14 of the zoo. */
export const bug14: ZooBug = {
  id: 14,
  name: 'fault-wrong-mm',
  description: "page requests are resolved against the newest live process's mm, not the PASID's",
  analogue: 'device faults resolved with current->mm instead of the mm bound to the PASID',
  create: (config) => new FaultWrongMm(config),
};
