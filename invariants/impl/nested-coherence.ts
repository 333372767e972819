// I4 (R4, R16): every nested cache entry of the impl equals the current two-stage walk. A combined
// entry (VM, PASID ≥ 1, guest page) → host frame: the guest mm holding that PASID in the VM maps the
// page to GPA page g (the one the entry records), stage 2 maps g to that frame, and the entry's
// permission ⊆ stage 1 (guest COW drops `w`) ∩ stage 2. A stage-2 entry (PASID 0, GPA page) → the
// frame stage 2 maps now, permission ⊆ its prot. A combined entry also needs a nested slot of its
// PASID (on its ATC's device; for the IOTLB, on any device of the VM). Read against the impl's own
// abstract state.

import type { SystemSnapshot, VmSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** One nested cache entry as the impl lists it (permission as R=1, W=2, X=4 bits). @public */
export interface NestedEntryView {
  readonly vm: number;
  readonly pasid: number;
  readonly page: number;
  readonly gpaPage: number;
  readonly frame: number;
  readonly perm: number;
}

/** A nested cache: the IOTLB or a device's ATC. @public */
export interface NestedCacheView {
  readonly cache: string;
  readonly entries: readonly NestedEntryView[];
}

/** The permission letters of R/W/X bits. */
function letters(bits: number): string {
  return `${bits & 1 ? 'r' : ''}${bits & 2 ? 'w' : ''}${bits & 4 ? 'x' : ''}`;
}

/** Whether every letter of `bits` is in `prot`. */
function within(bits: number, prot: string): boolean {
  return [...letters(bits)].every((l) => prot.includes(l));
}

/** Stage 1 of guest mm `pasid` at guest page `page`: its GPA page and effective prot, if present. */
function stage1(vm: VmSnapshot, pasid: number, page: number, pageSize: number) {
  const mm = vm.guest.mms.find((m) => m.pasid === pasid);
  const addr = page * pageSize;
  const pte = mm?.pages.find((p) => p.addr === addr && p.state === 'present');
  if (mm === undefined || pte?.frame === undefined) return undefined;
  const vma = mm.vmas.find((v) => v.start <= addr && addr < v.end);
  const shared = (vm.guest.frames.refs.find((r) => r.frame === pte.frame)?.count ?? 0) > 1;
  const prot = (vma?.prot ?? '').replace(shared ? 'w' : '', '');
  return { gpa: pte.frame, prot };
}

/** I4: the first nested entry that disagrees with the current two stages, if any. @public */
export function checkNestedCoherence(
  caches: readonly NestedCacheView[],
  snapshot: SystemSnapshot,
  pageSize: number,
): InvariantViolation | undefined {
  for (const cache of caches) {
    for (const e of cache.entries) {
      const at = `${cache.cache} entry (VM ${e.vm}, PASID ${e.pasid}, page ${e.page}) → frame ${e.frame} '${letters(e.perm)}'`;
      const vm = snapshot.vms.find((v) => v.id === e.vm);
      if (vm === undefined) return violation('I4', `${at}, but VM ${e.vm} does not exist`);
      // a combined entry is used through a nested slot of its PASID: on its ATC's device, or (IOTLB) on any of the VM's
      const device = /^ATC (\d+)$/.exec(cache.cache)?.[1];
      const bound = snapshot.devices.some(
        (d, k) =>
          d.assignedTo === e.vm &&
          (device === undefined || Number(device) === k) &&
          d.slots.some((s) => s.state === 'nested' && s.pasid === e.pasid),
      );
      if (e.pasid !== 0 && !bound) return violation('I4', `${at}, but no device of VM ${e.vm} has a slot for it`);
      const g = e.pasid === 0 ? e.page : stage1(vm, e.pasid, e.page, pageSize);
      if (g === undefined) return violation('I4', `${at}, but stage 1 of guest PASID ${e.pasid} maps nothing there`);
      const gpa = typeof g === 'number' ? g : g.gpa;
      if (typeof g !== 'number' && (g.gpa !== e.gpaPage || !within(e.perm, g.prot)))
        return violation('I4', `${at}, but stage 1 now gives GPA page ${g.gpa} '${g.prot}'`);
      const s2 = vm.stage2.find((x) => x.gpa === gpa);
      if (s2 === undefined) return violation('I4', `${at}, but stage 2 no longer maps GPA page ${gpa}`);
      if (s2.frame !== e.frame || !within(e.perm, s2.prot))
        return violation('I4', `${at}, but stage 2 maps GPA page ${gpa} to frame ${s2.frame} '${s2.prot}'`);
    }
  }
  return undefined;
}
