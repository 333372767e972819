// Bonds in the impl (SPEC §5 "Bonds", §S-5): a bond (device, mm) per open queue; the first sets the
// slot of the mm's PASID to sva(mm); the last discards the device's queued groups of the PASID and
// clears the slot, dropping its cached translations — discard before the clear: otherwise a late
// group of the old owner would be answered against the slot's next owner (bug 10).

import type { Device } from '../device.ts';
import type { Mm } from '../memory/mm.ts';
import type { WarpDriveSystem } from '../system.ts';

/** Adds a bond (device, mm). @internal */
export function bind(sys: WarpDriveSystem, device: Device, mm: Mm): void {
  const count = device.bonds.get(mm.id) ?? 0;
  const mode = device.config.mode;
  // R21: a 'noiommu' bond has no slot; R22: a 'pasid-static' slot is static(mm)
  if (count === 0 && mode === 'pasid-static') sys.iommu.pasidTables[device.index].setStatic(mm.pasid, mm.id);
  // Stryker disable next-line ConditionalExpression: a later bond would rewrite the slot with the same sva(mm)
  else if (count === 0 && mode === 'sva') sys.iommu.pasidTables[device.index].setSva(mm.pasid, mm.id);
  device.bonds.set(mm.id, count + 1);
  mm.bonds++;
}

/** Drops a bond; the last one discards the PASID's groups and clears its slot. @internal */
export function unbind(sys: WarpDriveSystem, device: Device, mm: Mm): void {
  const count = (device.bonds.get(mm.id) ?? 0) - 1;
  mm.bonds--;
  if (count > 0) {
    device.bonds.set(mm.id, count);
    return;
  }
  device.bonds.delete(mm.id);
  if (device.config.mode === 'noiommu') return; // no slot, no PASID (R21)
  sys.detachRoute(device, mm.pasid); // §12 detach, before the slot can be reused
  sys.discardPageRequests(device, mm.pasid);
  sys.iommu.pasidTables[device.index].clear(mm.pasid);
  sys.iommu.invalidatePasidFor(device.index, mm.pasid);
}
