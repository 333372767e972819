// Builds the inspection record (inspection.ts) from the impl's internals: cache contents, the page
// tables of PASID owners, PASID-table slots, ring registers and the DMA audit log.

import type { MmId, QueueId } from '../interface/index.ts';
import type { Device } from './device.ts';
import type { CacheView, DmaAccessRecord, ImplInspection, PteView, RingView, SlotView } from './inspection-types.ts';
import type { Iommu } from './iommu/iommu.ts';
import type { TranslationCache } from './iommu/translation-cache.ts';
import type { Memory } from './memory/memory.ts';
import type { Mm } from './memory/mm.ts';
import { entryFrame } from './memory/page-table.ts';
import { bitsToProt } from './memory/prot-bits.ts';
import type { Queue } from './queue.ts';

/** The parts of a system the inspection reads. */
export interface InspectionSources {
  readonly mms: ReadonlyMap<MmId, Mm>;
  readonly memory: Memory;
  readonly iommu: Iommu;
  readonly devices: readonly Device[];
  readonly queues: ReadonlyMap<QueueId, Queue>;
}

/** The inspection record of a system. */
export function buildInspection(
  s: InspectionSources,
  audit: readonly DmaAccessRecord[],
  nested: Pick<ImplInspection, 'nestedCaches' | 'vms'> = { nestedCaches: [], vms: [] },
): ImplInspection {
  const ps = s.memory.pageSize;
  const view = (cache: TranslationCache) =>
    cache.entries().map((e) => ({ pasid: e.pasid, addr: e.page * ps, frame: e.frame, perm: bitsToProt(e.perm) }));
  const caches: CacheView[] = [{ cache: 'iotlb', entries: view(s.iommu.iotlb) }];
  s.devices.forEach((d) => {
    const atc = s.iommu.atcs[d.index];
    if (atc !== null) caches.push({ cache: 'atc', device: d.config.name, entries: view(atc) });
  });
  const pasidOwners = s.iommu.pasids.live().map(({ pasid, mm }) => {
    const owner = s.mms.get(mm);
    const ptes: PteView[] = [];
    owner?.pageTable.forEach(0, s.memory.geometry.pages, (vpn, entry) => {
      // Stryker disable next-line EqualityOperator: forEach visits non-zero entries only, so entry >= 0 is entry > 0
      if (entry > 0)
        ptes.push({ addr: vpn * ps, frame: entryFrame(entry), perm: bitsToProt(s.memory.effectivePerm(entry)) });
    });
    return { pasid, mm, ptes };
  });
  const slots: SlotView[] = s.devices.flatMap((d) =>
    s.iommu.pasidTables[d.index].slots().map((slot) => ({ device: d.config.name, ...slot })),
  );
  // Queue ids are handed out increasing and never re-inserted: the map iterates ascending by id.
  const rings: RingView[] = [...s.queues.values()].map((q) => ({
    queue: q.id,
    device: s.devices[q.device].config.name,
    state: q.state,
    depth: q.rings.depth,
    sqHead: q.rings.sqHead,
    sqTail: q.rings.sqTail,
    cqHead: q.rings.cqHead,
    cqTail: q.rings.cqTail,
    producerPhase: q.rings.producerPhase,
    consumerPhase: q.rings.consumerPhase,
    cqPhases: [...q.rings.cqPhase],
    used: q.rings.used,
    pending: q.pendingCount,
    unread: q.unreadCount,
  }));
  return { pageSize: ps, caches, pasidOwners, slots, rings, dmaAudit: audit.slice(), ...nested };
}
