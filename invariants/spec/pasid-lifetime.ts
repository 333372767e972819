// S2 PASID lifetime (SPEC §7, §S-2, §S-4): an mm has a PASID from its first bind until it is
// dropped — so every bonded mm has one, and an exited mm with no bond left is already dropped —
// and a freed PASID appears in no slot, bond, page request or live queue.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S2: PASIDs live exactly as long as their mm, and nothing names a freed one. @public */
export function checkPasidLifetime(snapshot: SystemSnapshot, _config: ResolvedConfig): InvariantViolation | undefined {
  const pasidOfMm = new Map<number, number | undefined>(snapshot.mms.map((mm) => [mm.id, mm.pasid]));
  const livePasids = new Set<number>();
  for (const mm of snapshot.mms) if (mm.pasid !== undefined) livePasids.add(mm.pasid);
  const bondedMms = new Set<number>();
  for (const device of snapshot.devices) {
    for (const bond of device.bonds) {
      bondedMms.add(bond.mm);
      if (!pasidOfMm.has(bond.mm))
        return violation('S2', `device ${device.name} holds a bond to dropped mm ${bond.mm}`);
      // a 'noiommu' bond needs no PASID (R21)
      if (pasidOfMm.get(bond.mm) === undefined && device.mode !== 'noiommu')
        return violation('S2', `mm ${bond.mm} is bonded to device ${device.name} but has no PASID`);
    }
    for (const slot of device.slots) {
      if (!livePasids.has(slot.pasid))
        return violation('S2', `device ${device.name} has a slot for freed PASID ${slot.pasid}`);
      if (pasidOfMm.get(slot.mm) !== slot.pasid) {
        return violation(
          'S2',
          `slot of PASID ${slot.pasid} on device ${device.name} names mm ${slot.mm}, which does not hold that PASID`,
        );
      }
    }
  }
  for (const mm of snapshot.mms) {
    if (mm.exited && !bondedMms.has(mm.id)) {
      return violation(
        'S2',
        `mm ${mm.id} (PASID ${mm.pasid ?? 'none'}) has exited with no bond left but was not dropped`,
      );
    }
  }
  for (const group of snapshot.pageRequests) {
    if (!livePasids.has(group.pasid)) {
      return violation(
        'S2',
        `page-request group PRG ${group.prg} of device ${group.device} names freed PASID ${group.pasid}`,
      );
    }
  }
  const noiommu = new Set(snapshot.devices.filter((d) => d.mode === 'noiommu').map((d) => d.name));
  for (const queue of snapshot.queues) {
    if (queue.state === 'zombie' || noiommu.has(queue.device)) continue;
    if (pasidOfMm.get(queue.mm) === undefined) {
      return violation(
        'S2',
        `live queue ${queue.id} of device ${queue.device} belongs to mm ${queue.mm}, which has no PASID or was dropped`,
      );
    }
  }
  return undefined;
}
