// A 'pasid-static' device's table in the impl (SPEC §14, R22): per PASID, the union of the mm's
// static-share regions on the device, page → pinned frame. A hit is the frame (`rw`, never cached:
// the device has no ATC and the IOTLB holds only sva walks, I1); a miss is an unrecoverable fault.
// Hazard: entries left after the region's release (bug 37) reach freed frames the next owner reuses.

import type { Pasid } from '../../interface/index.ts';

/** One device's static-share table. @public */
export class StaticTable {
  private readonly byPasid = new Map<Pasid, Map<number, number>>();

  /** Maps `frames` at pages `first, first + 1, …` for `pasid`. */
  map(pasid: Pasid, first: number, frames: readonly number[]): void {
    let pages = this.byPasid.get(pasid);
    if (pages === undefined) this.byPasid.set(pasid, (pages = new Map()));
    frames.forEach((frame, i) => pages.set(first + i, frame));
  }

  /** Unmaps `count` pages from `first` for `pasid`. */
  unmap(pasid: Pasid, first: number, count: number): void {
    const pages = this.byPasid.get(pasid);
    if (pages === undefined) return;
    for (let i = 0; i < count; i++) pages.delete(first + i);
    if (pages.size === 0) this.byPasid.delete(pasid);
  }

  /** The frame of `page` for `pasid`, or -1. */
  frameOf(pasid: Pasid, page: number): number {
    return this.byPasid.get(pasid)?.get(page) ?? -1;
  }
}
