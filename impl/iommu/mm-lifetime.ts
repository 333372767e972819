// When an mm is dropped in the impl (§S-2, §S-5 step 4, §S-7 step 5): its process has exited and no
// bond to it remains on any device. Only then is its PASID free again — freeing it while a bond
// remains lets the next open reuse it and the old device work reach the new mm (bug 8).

import type { MmId } from '../../interface/index.ts';
import type { Mm } from '../memory/mm.ts';
import type { PasidAllocator } from './pasid-allocator.ts';

/** Drops `mm` (freeing its PASID) if its process has exited and no bond remains. Idempotent. @internal */
export function dropMmIfUnused(mms: Map<MmId, Mm>, pasids: PasidAllocator, mm: Mm): void {
  if (!mm.exited || mm.bonds !== 0) return;
  mms.delete(mm.id);
  if (mm.pasid !== 0) pasids.free(mm.pasid);
  mm.pasid = 0; // a dropped mm's id is never reused and its PASID reads 0 from now on
}
