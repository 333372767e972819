// Bug 37 (SPEC §14): release frees a queue's static-share frames but leaves the region in the
// 'pasid-static' device's table, so the PASID's next owner reaches freed (and reused) frames.
// Linux analogue: WarpDrive's early static-share release path unmapping the pages from the process
// while the IOMMU domain kept the iommu_map() of them (a missing iommu_unmap on queue release).

import { WarpDriveSystem, type Queue } from '../impl/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose release forgets the device-table side of the static-share region. */
export class ReleaseKeepsStaticTable extends WarpDriveSystem {
  override release(queue: Queue): void {
    const ss = queue.staticShare;
    const pasid = queue.mm.pasid;
    super.release(queue);
    // The bug: the device table still maps the region's pages to the frames just freed.
    if (ss !== undefined && this.devices[queue.device].config.mode === 'pasid-static')
      this.iommu.staticTables[queue.device].map(pasid, ss.va / this.pageSize, ss.frames);
  }
}

/** Bug 37 of the zoo. */
export const bug37: ZooBug = {
  id: 37,
  name: 'release-keeps-static-table',
  description:
    "release leaves the static-share region in the device table (the next opener's DMA reaches freed frames)",
  analogue: 'static-share release unmapping the pages from the process but not iommu_unmap()-ing them from the domain',
  create: (config) => new ReleaseKeepsStaticTable(config),
};
