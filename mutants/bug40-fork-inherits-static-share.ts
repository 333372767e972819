// Bug 40 (SPEC §14): fork gives the child the static-share region as copy-on-write, like any other
// area: both PTEs lose `w` and the frame has two references, so the parent's next CPU write breaks
// COW onto a new frame while the device keeps DMAing into the old one, now the child's.
// Linux analogue: CVE-2020-29374's class — pinned DMA pages shared COW across fork (the fix made
// fork copy pinned pages at once).

import { WarpDriveSystem } from '../impl/index.ts';
import { entryFrame } from '../impl/memory/page-table.ts';
import { PERM_R, PERM_W } from '../impl/memory/prot-bits.ts';
import type { Pid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose fork shares the pinned region copy-on-write with the child. */
export class ForkInheritsStaticShare extends WarpDriveSystem {
  override fork(pid: Pid): Pid {
    const parent = this.liveProcess(pid).mm;
    const child = super.fork(pid);
    const childMm = this.liveProcess(child).mm;
    const ps = this.pageSize;
    for (const r of parent.pinned) {
      // The bug: the region's area and pages go to the child, sharing each frame.
      childMm.vmas.insert(r.start, r.end, PERM_R | PERM_W);
      for (let vpn = r.start / ps; vpn < r.end / ps; vpn++) {
        const entry = parent.pageTable.get(vpn);
        if (entry <= 0 || !childMm.pageTable.reserveTables(vpn, vpn)) continue;
        childMm.pageTable.set(vpn, entry);
        this.memory.frames.retain(entryFrame(entry));
      }
      this.iommu.invalidateRange(parent.pasid, r.start / ps, (r.end - r.start) / ps);
    }
    return child;
  }
}

/** Bug 40 of the zoo. */
export const bug40: ZooBug = {
  id: 40,
  name: 'fork-inherits-static-share',
  description: 'the static-share region is inherited by fork as COW',
  analogue: 'CVE-2020-29374 class: pinned DMA pages left copy-on-write shared across fork',
  create: (config) => new ForkInheritsStaticShare(config),
};
