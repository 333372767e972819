// The IOMMU's translation of a device access (SPEC §5 "Translation", §S-8): the device's ATC (ats
// devices), then the IOTLB, then a walk of the slot's mm, filling both caches on the way back. A
// cached entry narrower than the access is a miss. The hot path of every DMA chunk: allocation-free.

import type { Mm } from '../memory/mm.ts';
import { entryFrame } from '../memory/page-table.ts';
import { SystemState } from '../state.ts';

/** `translate` result: the page is not present (absent or swapped). @internal */
export const TRANSLATION_FAULT = -1;
/** `translate` result: present without the permission (COW pages for `w` included). @internal */
export const PERMISSION_FAULT = -2;

/** The system with its IOMMU translation. @internal */
export abstract class Translation extends SystemState {
  /**
   * Translates (pasid, page) for `need` on device `device`: ATC (ats devices), then IOTLB, then a
   * walk of `mm`'s page table, filling the caches. A cached entry narrower than `need` is a miss.
   * Returns the frame, TRANSLATION_FAULT or PERMISSION_FAULT. Allocation-free.
   */
  protected translate(device: number, pasid: number, mm: Mm, page: number, need: number): number {
    const atc = this.iommu.atcs[device];
    if (atc !== null) {
      const k = atc.lookup(pasid, page, need);
      if (k >= 0) return atc.frame[k];
    }
    const iotlb = this.iommu.iotlb;
    const j = iotlb.lookup(pasid, page, need);
    if (j >= 0) {
      const frame = iotlb.frame[j];
      if (atc !== null) atc.insert(pasid, page, frame, iotlb.perm[j]);
      return frame;
    }
    const entry = mm.pageTable.get(page);
    if (entry <= 0) return TRANSLATION_FAULT;
    const perm = this.memory.effectivePerm(entry);
    if ((perm & need) !== need) return PERMISSION_FAULT;
    const frame = entryFrame(entry);
    iotlb.insert(pasid, page, frame, perm);
    if (atc !== null) atc.insert(pasid, page, frame, perm);
    return frame;
  }
}
