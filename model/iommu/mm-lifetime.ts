// When an mm is dropped (§S-2, §S-5 step 4, §S-7 step 5): its process has exited and no bond to it
// remains on any device. Only then is its PASID free again (an IOMMU rule: it lives beside the bonds).

import type { ModelState } from '../state.ts';
import { totalBondsOfMm } from './bonds.ts';
import { freePasid } from './pasids.ts';

/** Drops mm `mmId` (freeing its PASID) if its process has exited and no bond to it remains. */
export function dropMmIfUnused(state: ModelState, mmId: number): void {
  const mm = state.mms.get(mmId);
  if (mm === undefined || !mm.exited || totalBondsOfMm(state, mmId) > 0) return;
  // the PASID goes back only here, never at exit: freed while a bond remains, the next open reuses it
  // and the old device's work reaches the new mm (bug 8)
  freePasid(state, mm);
  state.mms.delete(mmId);
}
