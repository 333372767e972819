// A guest kernel's view of the IOMMU (SPEC §13, R16): its own PASID space and PASID tables, the
// host's page-request queue (a guest's device raises its page requests into the one physical queue),
// and invalidations that reach the host's nested caches with the VM's tag. The guest kernel issues
// them synchronously inside its operation, as a guest driver calls its vIOMMU.

import type { Pasid, ResolvedConfig } from '../../interface/index.ts';
import { Iommu, type IommuComponents } from '../iommu/iommu.ts';
import type { PageRequestQueue } from '../iommu/page-request-queue.ts';

/** Where a guest's invalidations go: the host's nested caches, tagged by VM. @internal */
export interface GuestInvalidation {
  /** The guest's page-table change of (pasid, pages [first, first + pages)). */
  guestRange(pasid: Pasid, first: number, pages: number): void;
  /** A guest slot of `device` cleared or aborted. */
  guestPasid(device: number, pasid: Pasid): void;
}

/** The IOMMU as a guest kernel drives it. @internal */
export class GuestIommu extends Iommu {
  private readonly sink: GuestInvalidation;

  constructor(config: ResolvedConfig, components: IommuComponents, prq: PageRequestQueue, sink: GuestInvalidation) {
    super(config, components, prq);
    this.sink = sink;
  }

  /** A guest page-table change: that guest PASID's nested entries for the range (R16). */
  override invalidateRange(pasid: Pasid, first: number, pages: number): void {
    this.sink.guestRange(pasid, first, pages);
  }

  /** A guest slot cleared or aborted: every nested entry of that guest PASID the device can use. */
  override invalidatePasidFor(device: number, pasid: Pasid): void {
    this.sink.guestPasid(device, pasid);
  }
}
