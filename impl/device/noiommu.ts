// A 'noiommu' device's addressing in the impl (SPEC §14, R21, §S-14): a descriptor address is
// physical, so the frame is the address's page number — no PASID, no walk, no cache; a page past the
// last frame is an unrecoverable translation fault (event with PASID 0). Every frame is reachable:
// the hole check K exists to find.

import { TRANSLATION_FAULT } from '../iommu/translate.ts';

/** The frame physical page `page` names, or TRANSLATION_FAULT past the last of `frames`. @internal */
export function physicalFrame(frames: number, page: number): number {
  return page < frames ? page : TRANSLATION_FAULT;
}
