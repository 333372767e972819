// The mmu-notifier hook: the memory layer calls it for every page-table change that removes or
// narrows a translation, before the old frame can be reused (SPEC §5 "Caches"). The IOMMU side
// invalidates its IOTLB and every ATC for the mm's PASID in that range.

import type { Mm } from './mm.ts';

/** Why a range of an mm's translations is being invalidated. @public */
export type InvalidationReason = 'munmap' | 'mprotect' | 'fork' | 'cow' | 'reclaim' | 'migrate' | 'exit';

/** Invalidates every cached translation of `mm` for virtual pages `[firstPage, firstPage + pages)`. */
export type MmuNotifier = (mm: Mm, firstPage: number, pages: number, reason: InvalidationReason) => void;
