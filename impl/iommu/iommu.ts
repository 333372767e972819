// The IOMMU: the PASID allocator, one IOTLB, the page-request queue, and per device a PASID table,
// an ATC (for `ats` devices) and a fault-event ring. Invalidation reaches the IOTLB and every ATC.

import type { Pasid, ResolvedConfig } from '../../interface/index.ts';
import { EventRing } from './event-ring.ts';
import { PageRequestQueue } from './page-request-queue.ts';
import { PasidAllocator } from './pasid-allocator.ts';
import { PasidTable } from './pasid-table.ts';
import { StaticTable } from './static-table.ts';
import { TranslationCache } from './translation-cache.ts';

/** Entries of the IOTLB. @public */
export const IOTLB_ENTRIES = 256;
/** Entries of each device's ATC. @public */
export const ATC_ENTRIES = 64;

/** Where a translation cache sits. @public */
export type CacheKind = 'iotlb' | 'atc';

/** Factories for the IOMMU's replaceable parts (a seeded-bug variant swaps one in, SPEC §9). */
export interface IommuComponents {
  /** Makes the IOTLB or one device's ATC. */
  readonly translationCache: (kind: CacheKind, size: number) => TranslationCache;
}

/** The default parts. */
export const defaultIommuComponents: IommuComponents = {
  translationCache: (_kind, size) => new TranslationCache(size),
};

/** The IOMMU state of a system. @public */
export class Iommu {
  /** The PASID space (global width). */
  readonly pasids: PasidAllocator;
  /** The IOMMU-side translation cache, shared by every device. */
  readonly iotlb: TranslationCache;
  /** The page-request queue. */
  readonly prq: PageRequestQueue;
  /** Per device (config order): its PASID table. */
  readonly pasidTables: readonly PasidTable[];
  /** Per device: its ATC, or null without `ats`. */
  readonly atcs: readonly (TranslationCache | null)[];
  /** Per device: its fault-event ring. */
  readonly events: readonly EventRing[];
  /** Per device: its static-share table ('pasid-static' devices, SPEC §14). */
  readonly staticTables: readonly StaticTable[];

  /** `prq`: a guest kernel's IOMMU view shares the host's page-request queue (SPEC §13). */
  constructor(config: ResolvedConfig, components: IommuComponents = defaultIommuComponents, prq?: PageRequestQueue) {
    this.pasids = new PasidAllocator(config.pasidBits);
    this.iotlb = components.translationCache('iotlb', IOTLB_ENTRIES);
    this.prq = prq ?? new PageRequestQueue(config.prqDepth);
    this.pasidTables = config.devices.map(() => new PasidTable());
    this.atcs = config.devices.map((d) => (d.ats ? components.translationCache('atc', ATC_ENTRIES) : null));
    this.events = config.devices.map((d) => new EventRing(d.eventDepth));
    this.staticTables = config.devices.map(() => new StaticTable());
  }

  /** Invalidates (pasid, pages [first, first + pages)) in the IOTLB and in every ATC. */
  invalidateRange(pasid: Pasid, first: number, pages: number): void {
    this.iotlb.invalidateRange(pasid, first, pages);
    for (const atc of this.atcs) if (atc !== null) atc.invalidateRange(pasid, first, pages);
  }

  /** Drops every cached translation of `pasid` that `device` can use: the IOTLB's and its ATC's. */
  invalidatePasidFor(device: number, pasid: Pasid): void {
    this.iotlb.invalidatePasid(pasid);
    this.atcs[device]?.invalidatePasid(pasid);
  }
}
