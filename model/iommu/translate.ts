// Device address translation through a PASID-table slot (SPEC §5, §S-8): slot not `sva` → abort;
// else walk the slot's mm: present with the permission → the frame; not present → translation
// fault; present without the permission (COW pages for `w` included) → permission fault.

import type { Access, FaultKind, Pasid } from '../../interface/index.ts';
import { presentWithPermission } from '../memory/page-table.ts';
import type { Device, ModelState } from '../state.ts';
import { slotOf } from './slots.ts';
import { staticFrameOf } from './static-table.ts';

/** The outcome of translating one access. */
export type Translation =
  | { readonly outcome: 'frame'; readonly frame: number }
  | { readonly outcome: 'fault'; readonly fault: FaultKind }
  | { readonly outcome: 'abort' };

/** Translates a device access of kind `access` to `addr` for `pasid` on `device`. */
export function translate(state: ModelState, device: Device, pasid: Pasid, addr: number, access: Access): Translation {
  const slot = slotOf(device, pasid);
  if (slot?.state === 'static') {
    // R22: only the mm's static-share regions on this device; no page table walk, no device faults
    const frame = staticFrameOf(state, device, slot.mm, addr);
    return frame === undefined ? { outcome: 'fault', fault: 'translation' } : { outcome: 'frame', frame };
  }
  if (slot === undefined || slot.state !== 'sva') return { outcome: 'abort' };
  const mm = state.mms.get(slot.mm);
  if (mm === undefined)
    throw new Error(`model bug: slot ${pasid} of ${device.config.name} names dropped mm ${slot.mm}`);
  // every translation walks the page table as it is now: an impl cache entry that outlives munmap,
  // mprotect, fork's COW or migrate (bugs 1-7) reaches a frame this walk no longer gives
  const page = addr - (addr % state.config.pageSize);
  const entry = mm.pages.get(page);
  if (entry === undefined || entry.state !== 'present') return { outcome: 'fault', fault: 'translation' };
  // the access's own permission, on every path: checking `r` for a write lets DMA through read-only
  // and COW-shared pages (bug 41's burst)
  if (!presentWithPermission(state, mm, page, access)) return { outcome: 'fault', fault: 'permission' };
  return { outcome: 'frame', frame: entry.frame };
}
