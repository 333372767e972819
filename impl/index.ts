// warpdrive-sva: the optimized WarpDrive (uacce) shared-virtual-addressing system, what
// `import 'warpdrive-sva'` gives. `createSystem(config)` makes one; the interface types, presets,
// `resolveConfig` and `WarpDriveError` are re-exported.

import type { SvaConfig } from '../interface/index.ts';
import type { ImplOptions } from './state.ts';
import { WarpDriveSystem, type ImplSystem } from './system.ts';
// The guest kernel extends the system; loading it registers it with the VM operations (SPEC §13).
import './vm/guest-kernel.ts';

export * from '../interface/index.ts';
export type { ImplSystem } from './system.ts';
export { WarpDriveSystem } from './system.ts';
export type { ImplComponents, ImplOptions } from './state.ts';
export { defaultComponents } from './state.ts';
export type * from './inspection-types.ts';
export { TranslationCache, type CacheEntry } from './iommu/translation-cache.ts';
export type { CacheKind } from './iommu/iommu.ts';
export { QueueRings } from './device/queue-rings.ts';
export type { InvalidationReason } from './memory/mmu-notifier.ts';
// Internal records, exported as types so a variant (SPEC §9) can override a protected step.
export type { Mm } from './memory/mm.ts';
export type { Device } from './device.ts';
export type { Queue } from './queue.ts';
export type { PageRequestGroup } from './iommu/page-request-queue.ts';
export type { SlotValue } from './iommu/pasid-table.ts';
export { Iommu, IOTLB_ENTRIES, ATC_ENTRIES } from './iommu/iommu.ts';
// SVA inside a VM (SPEC §13): the nested cache a variant may inject, and the records its steps take.
export { NestedTranslationCache, type NestedCacheEntry } from './vm/nested-cache.ts';
export { GuestKernel } from './vm/guest-kernel.ts';
export type { Vm } from './vm/vms.ts';
export { Memory } from './memory/memory.ts';

/**
 * Makes a system from a config (defaults for missing fields; EINVAL for an invalid one). `options`
 * may replace internal parts (a seeded-bug variant injects a faulty cache or ring this way).
 * @public
 */
export function createSystem(config?: SvaConfig, options?: ImplOptions): ImplSystem {
  return new WarpDriveSystem(config, options);
}
