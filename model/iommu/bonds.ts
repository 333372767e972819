// Bonds (device, mm) with a reference count (SPEC §5, §S-5): the first bond sets the device's slot
// for the mm's PASID to sva(mm); the last unbind discards the device's page requests for it and clears the slot.

import { hostOf, type Device, type Mm, type ModelState } from '../state.ts';
import { detachRoute, takeGroups } from './fault-routes.ts';
import { discardGroups } from './page-requests.ts';

/** Bonds held by mm `mmId` over every device. */
export function totalBondsOfMm(state: ModelState, mmId: number): number {
  let total = 0;
  for (const device of state.devices.values()) total += device.bonds.get(mmId) ?? 0;
  return total;
}

/** One more bond of (device, mm); the first sets the slot to `sva(mm)`. The mm has a PASID. */
export function bind(device: Device, mm: Mm): void {
  const count = device.bonds.get(mm.id) ?? 0;
  device.bonds.set(mm.id, count + 1);
  // R21: a 'noiommu' bond has no slot (and needs no PASID); R22: a 'pasid-static' slot is 'static'
  if (device.config.mode === 'noiommu') return;
  if (mm.pasid === undefined) throw new Error(`model bug: binding mm ${mm.id} without a PASID`);
  if (count === 0) device.slots.set(mm.pasid, { state: device.config.mode === 'sva' ? 'sva' : 'static', mm: mm.id });
}

/**
 * One bond less of (device, mm); at zero every group of (device, PASID) still queued is discarded
 * and the slot cleared (§S-5 step 3).
 */
export function unbind(state: ModelState, device: Device, mm: Mm): void {
  const count = device.bonds.get(mm.id) ?? 0;
  if (count <= 0) throw new Error(`model bug: unbinding mm ${mm.id} from ${device.config.name} without a bond`);
  if (count > 1) {
    device.bonds.set(mm.id, count - 1);
    return;
  }
  device.bonds.delete(mm.id);
  if (device.config.mode === 'noiommu') return; // no slot, no PASID (R21)
  const pasid = mm.pasid;
  if (pasid === undefined) throw new Error(`model bug: bonded mm ${mm.id} has no PASID`);
  const slot = device.slots.get(pasid);
  if (slot !== undefined) detachRoute(state, device, pasid, slot, 'unbind'); // §12 detach: before the slot is reused
  // the last unbind discards the PASID's queued groups: left queued (bug 10), a late group is
  // answered against the slot's next owner
  const ofThisSlot = (g: { device: string; pasid: number }): boolean =>
    g.device === device.config.name && g.pasid === pasid;
  discardGroups(hostOf(state), ofThisSlot); // a guest's groups wait in the host's PRQ (§S-14)
  const vmQueue = state.vm === undefined ? undefined : hostOf(state).faultQueues.get(state.vm.vm.faultQueue);
  if (vmQueue !== undefined) takeGroups(vmQueue, ofThisSlot); // …or in its VM's fault queue
  device.slots.delete(pasid);
}
