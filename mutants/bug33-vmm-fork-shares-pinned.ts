// Bug 33 (SPEC §13, R3): the VMM's fork leaves a pinned page copy-on-write shared instead of giving
// the child a copy at once; the VMM's next write breaks COW into a new frame, and the guest's DMA
// lands in the pinned frame the VMM no longer owns (the child does).
// Linux analogue: CVE-2020-29374 — GUP-pinned pages COW-shared across fork.

import { WarpDriveSystem } from '../impl/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose fork ignores pins. */
export class VmmForkSharesPinned extends WarpDriveSystem {
  override fork(pid: number): number {
    // The bug: fork does not see the pins (as a fork before the COW-vs-pin fixes).
    const pins = this.memory.frames.pins;
    const saved = pins.slice();
    pins.fill(0);
    try {
      return super.fork(pid);
    } finally {
      pins.set(saved);
    }
  }
}

/** Bug 33 of the zoo. */
export const bug33: ZooBug = {
  id: 33,
  name: 'vmm-fork-shares-pinned',
  description: "the VMM's fork leaves a pinned page COW-shared: the guest's DMA lands in the child's page",
  analogue: 'CVE-2020-29374: GUP-pinned pages shared copy-on-write across fork',
  create: (config) => new VmmForkSharesPinned(config),
};
