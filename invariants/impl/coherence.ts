// I1 coherence (SPEC §7): every IOTLB/ATC entry (p, page) → (frame, perm) agrees with the current
// PTE of the mm owning p, with perm ⊆ the PTE's effective perm; an IOTLB entry needs an `sva` slot
// for p on some device, an ATC entry one on its own device.

import type { ImplInspection, Prot } from '../../impl/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

function permWithin(cached: Prot, allowed: Prot): boolean {
  return [...cached].every((letter) => allowed.includes(letter));
}

/** The first cached translation that disagrees with the page tables or the PASID tables, if any. @public */
export function checkCoherence(inspection: ImplInspection): InvariantViolation | undefined {
  const owners = new Map(
    inspection.pasidOwners.map((o) => [o.pasid, { mm: o.mm, ptes: new Map(o.ptes.map((p) => [p.addr, p])) }]),
  );
  const svaSlots = inspection.slots.filter((s) => s.state === 'sva');
  for (const cache of inspection.caches) {
    const where = cache.cache === 'iotlb' ? 'IOTLB' : `ATC of ${cache.device}`;
    for (const e of cache.entries) {
      const at = `${where} entry (PASID ${e.pasid}, page 0x${e.addr.toString(16)}) → frame ${e.frame} '${e.perm}'`;
      const slot = svaSlots.find((s) => s.pasid === e.pasid && (cache.cache === 'iotlb' || s.device === cache.device));
      if (slot === undefined) {
        return violation(
          'I1',
          `${at}, but PASID ${e.pasid} has no sva slot${cache.cache === 'atc' ? ` on ${cache.device}` : ''}`,
        );
      }
      const owner = owners.get(e.pasid);
      if (owner === undefined) return violation('I1', `${at}, but PASID ${e.pasid} is not allocated to any mm`);
      if (slot.mm !== owner.mm)
        return violation(
          'I1',
          `${at}: the sva slot on ${slot.device} points at mm ${slot.mm}, but mm ${owner.mm} owns PASID ${e.pasid}`,
        );
      const pte = owner.ptes.get(e.addr);
      if (pte === undefined) return violation('I1', `${at}, but mm ${owner.mm} has no present page there`);
      if (pte.frame !== e.frame)
        return violation('I1', `${at}, but mm ${owner.mm} maps that page to frame ${pte.frame}`);
      if (!permWithin(e.perm, pte.perm))
        return violation('I1', `${at}, wider than mm ${owner.mm}'s permission '${pte.perm}'`);
    }
  }
  return undefined;
}
