// Device PASID-table slots (SPEC §5): `sva(mm)` while bonded, `abort` once the mm is torn down.

import type { Pasid } from '../../interface/index.ts';
import type { Device, ModelState, Slot } from '../state.ts';
import { detachRoute } from './fault-routes.ts';

/** The slot of `pasid` on `device`, if set. */
export function slotOf(device: Device, pasid: Pasid): Slot | undefined {
  return device.slots.get(pasid);
}

/**
 * Every `sva` slot holding mm `mmId`, on every device, becomes `abort` (§S-7 step 2); a routed one
 * is detached first (R8: its groups in the fault queue answered INVALID, the route ended).
 */
export function abortSlotsOfMm(state: ModelState, mmId: number): void {
  for (const device of state.devices.values()) {
    for (const [pasid, slot] of device.slots) {
      // a 'static' slot is torn down with its mm like an sva one (R22)
      if (slot.mm !== mmId || slot.state === 'abort') continue;
      // the owner exiting with its own slot routed to its own queue: R8's detach before the destroy
      const owner = slot.route === undefined ? undefined : state.faultQueues.get(slot.route)?.owner;
      detachRoute(state, device, pasid, slot, owner === mmId ? 'ownerExit' : 'abort');
      slot.state = 'abort';
    }
  }
}
