// Device address translation through a PASID-table slot (SPEC §5, §S-8): slot not `sva` → abort;
// else walk the slot's mm: present with the permission → the frame; not present → translation
// fault; present without the permission (COW pages for `w` included) → permission fault.
// Inside a guest (SPEC §13 "Translation of a guest access", §S-14) that walk is stage 1 and gives a
// GPA page; stage 2 then maps it: no entry → stage-2 translation fault, a prot without the access →
// stage-2 permission fault, else the host frame. An access succeeds only when both stages grant it.

import type { Access, FaultKind, Pasid } from '../../interface/index.ts';
import { presentWithPermission } from '../memory/page-table.ts';
import type { Device, ModelState } from '../state.ts';
import { slotOf } from './slots.ts';
import { staticFrameOf } from './static-table.ts';

/**
 * The outcome of translating one access. `frame` is a frame of the state's own pool (a GPA page in a
 * guest: its bytes are reached through stage 2). A stage-2 fault names the GPA byte address.
 */
export type Translation =
  | { readonly outcome: 'frame'; readonly frame: number }
  | { readonly outcome: 'fault'; readonly fault: FaultKind; readonly stage2?: { readonly gpa: number } }
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
  const { pageSize } = state.config;
  const page = addr - (addr % pageSize);
  const entry = mm.pages.get(page);
  if (entry === undefined || entry.state !== 'present') return { outcome: 'fault', fault: 'translation' };
  // the access's own permission, on every path: checking `r` for a write lets DMA through read-only
  // and COW-shared pages (bug 41's burst)
  if (!presentWithPermission(state, mm, page, access)) return { outcome: 'fault', fault: 'permission' };
  const stage2 = state.frames.stage2;
  if (stage2 !== undefined) {
    // stage 2 as it is now: a combined cache entry kept after vmUnmapRam (bugs 29-31) reaches a host
    // frame this VM no longer owns
    const gpa = entry.frame * pageSize + (addr % pageSize);
    const s2 = stage2.entries.get(entry.frame);
    if (s2 === undefined) return { outcome: 'fault', fault: 'translation', stage2: { gpa } };
    if (!s2.prot.includes(access)) return { outcome: 'fault', fault: 'permission', stage2: { gpa } };
  }
  return { outcome: 'frame', frame: entry.frame };
}
