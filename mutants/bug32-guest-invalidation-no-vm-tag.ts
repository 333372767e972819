// Bug 32 (SPEC §13): a guest's invalidation is applied with the guest's PASID but without the VM
// tag — every other VM's entries of that PASID and range are dropped, the guest's own are kept, so
// its device keeps a translation the guest kernel removed.
// Linux analogue: a vIOMMU cache invalidation forwarded without the VMID/domain tag.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Vm } from '../impl/vm/vms.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose guest invalidations hit the other VMs. */
export class GuestInvalidationNoVmTag extends WarpDriveSystem {
  override invalidateGuestRange(vm: Vm, pasid: number, first: number, pages: number): void {
    // The bug: the tag matched is "some VM" — every VM but the one that asked.
    for (const other of this.vms.values()) {
      if (other.id === vm.id) continue;
      this.nestedIotlb.invalidateRange(other.id, pasid, first, pages);
      for (const d of other.devices) this.nestedAtcs[d]?.invalidateRange(other.id, pasid, first, pages);
    }
  }
}

/** Bug 32 of the zoo. */
export const bug32: ZooBug = {
  id: 32,
  name: 'guest-invalidation-no-vm-tag',
  description: "a guest invalidation drops another VM's entries of that PASID and keeps its own",
  analogue: 'a vIOMMU invalidation forwarded with the guest PASID but without the VMID tag',
  create: (config) => new GuestInvalidationNoVmTag(config),
};
