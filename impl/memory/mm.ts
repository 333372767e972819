// An mm: the VMAs and page table of one process (named by the pid it was created for, §S-2), plus
// the IOMMU-facing facts the rest of the impl keeps on it (PASID, bonds, exited).

import type { MmId } from '../../interface/index.ts';
import { RadixPageTable, type PageTableGeometry, type PageTablePool } from './page-table.ts';
import { VmaSet } from './vma-set.ts';

/** One address space. @public */
export class Mm {
  /** The mm id: the pid of the process it was created for. */
  readonly id: MmId;
  /** Virtual page → entry (see page-table.ts for the encoding). */
  readonly pageTable: RadixPageTable;
  /** The mm's areas. */
  vmas: VmaSet;
  /** The PASID, 0 while it has none (§S-4). */
  pasid = 0;
  /** Bonds to this mm summed over every device (§S-5: the mm is dropped at 0 once exited). */
  bonds = 0;
  /** The owning process has exited (§S-7). */
  exited = false;
  /** Static-share ranges `[start, end)` in bytes (SPEC §14, impl/memory/pinned.ts); usually empty. */
  readonly pinned: { readonly start: number; readonly end: number }[] = [];

  /** `pool`: where the page table takes and leaves its tables (one per system; default a private one). */
  constructor(id: MmId, geometry: PageTableGeometry, vmas: VmaSet = new VmaSet(), pool?: PageTablePool) {
    this.id = id;
    this.pageTable = new RadixPageTable(geometry, pool);
    this.vmas = vmas;
  }
}
