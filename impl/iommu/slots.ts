// Slot changes at exit in the impl (SPEC §5 "Slots", §S-7 step 2): every sva(mm) slot of the exiting
// mm becomes abort, its cached translations dropped, so the device cannot walk a torn-down mm.

import type { Mm } from '../memory/mm.ts';
import type { WarpDriveSystem } from '../system.ts';
import { isStaticSlot, isSvaSlot, slotMm } from './pasid-table.ts';

/** Every `sva(mm)` slot becomes `abort` (§S-7 step 2). @internal */
export function abortSlotsOf(sys: WarpDriveSystem, mm: Mm): void {
  // Stryker disable next-line ConditionalExpression: PASID 0 is never allocated, so no slot holds it
  if (mm.pasid === 0) return;
  for (const device of sys.devices) {
    const table = sys.iommu.pasidTables[device.index];
    const slot = table.get(mm.pasid);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: the slot is empty, abort or sva(mm) (docs/MUTATION.md)
    if ((isSvaSlot(slot) || isStaticSlot(slot)) && slotMm(slot) === mm.id) {
      sys.detachRoute(device, mm.pasid); // exit's abort ends the route (§12 detach)
      table.setAbort(mm.pasid);
      sys.iommu.invalidatePasidFor(device.index, mm.pasid);
    }
  }
}
