// S3 Bonds (SPEC §7, §5, §S-5): bonds(device, mm) = the number of non-zombie queues of that device
// opened by that mm, and the device's PASID table has a slot exactly for its bonded mms — `sva`
// while the mm's process lives, `abort` after it exited.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S3: bond counts match live queues, and slots match bonds. @public */
export function checkBonds(snapshot: SystemSnapshot, _config: ResolvedConfig): InvariantViolation | undefined {
  const mmById = new Map(snapshot.mms.map((mm) => [mm.id, mm]));
  for (const device of snapshot.devices) {
    const expected = new Map<number, number>();
    for (const queue of snapshot.queues) {
      if (queue.device === device.name && queue.state !== 'zombie')
        expected.set(queue.mm, (expected.get(queue.mm) ?? 0) + 1);
    }
    const actual = new Map(device.bonds.map((b) => [b.mm, b.count]));
    for (const mm of new Set([...expected.keys(), ...actual.keys()])) {
      const want = expected.get(mm) ?? 0;
      const have = actual.get(mm) ?? 0;
      if (want !== have) {
        return violation(
          'S3',
          `device ${device.name} has ${have} bonds to mm ${mm} but ${want} live queues of that mm`,
        );
      }
    }
    const slotByMm = new Map(device.slots.map((s) => [s.mm, s]));
    // a 'noiommu' device has bonds but no PASID table at all (R21)
    if (device.mode === 'noiommu' && device.slots.length > 0)
      return violation('S3', `'noiommu' device ${device.name} has a slot for PASID ${device.slots[0].pasid}`);
    if (device.mode === 'noiommu') continue;
    for (const bond of device.bonds) {
      const mm = mmById.get(bond.mm);
      const slot = slotByMm.get(bond.mm);
      if (mm === undefined || slot === undefined || slot.pasid !== mm.pasid) {
        return violation(
          'S3',
          `device ${device.name} is bonded to mm ${bond.mm} (PASID ${mm?.pasid ?? 'none'}) but has no slot for it`,
        );
      }
      const state = mm.exited ? 'abort' : device.mode === 'sva' ? 'sva' : 'static';
      if (slot.state !== state) {
        return violation(
          'S3',
          `slot of PASID ${slot.pasid} on device ${device.name} is ${slot.state}, expected ${state} (mm ${mm.id} ${mm.exited ? 'exited' : 'live'})`,
        );
      }
    }
    for (const slot of device.slots) {
      if (!actual.has(slot.mm))
        return violation(
          'S3',
          `device ${device.name} has a slot for PASID ${slot.pasid} (mm ${slot.mm}) without a bond`,
        );
    }
  }
  return undefined;
}
