// Arbitraries for SPEC §14's modes: `mapSs` (fresh arena addresses, 1..3 pages, rarely unaligned,
// sometimes one page more than the free frames) and `ssDma` (small indexes, and the region's last
// page and its size — the first index outside it), and descriptor
// addresses aimed into the static-share region (`ss`) or at physical frames the snapshot shows
// present (`phys`: in 'noiommu' mode, other processes' pages). Drawn only for configs with a
// non-'sva' device, so that the random streams of every other config stay as they were.

import fc from 'fast-check';
import type { ResolvedConfig } from '../../interface/index.ts';
import type { AddrRef, CommandData } from '../commands/data.ts';
import { addrRef, fdRef, pageRange, pidRef } from './refs.ts';

/** How often the §14 commands are drawn, relative to COMMAND_WEIGHTS. @public */
export const LEGACY_WEIGHTS = Object.freeze({ mapSs: 4, ssDma: 3 });

/** Whether `config` has a 'pasid-static' or 'noiommu' device (the §14 commands are drawn only then). @public */
export function hasLegacyDevices(config: ResolvedConfig): boolean {
  return config.devices.some((d) => d.mode !== 'sva');
}

/** The data arbitraries of `mapSs` and `ssDma` for `config`. */
export function legacyArbitraries(
  config: ResolvedConfig,
): Record<keyof typeof LEGACY_WEIGHTS, fc.Arbitrary<CommandData>> {
  const fresh = addrRef(config, { areaWeight: 10, aligned: true });
  // the limits on both sides: one page more than the free frames (ENOMEM), the region's size (EINVAL)
  const pages = fc.oneof(
    { arbitrary: pageRange(config, 3), weight: 4 },
    { arbitrary: fc.constant({ pages: 'pastFree' as const, skew: 0 }), weight: 1 },
  );
  const index = fc.oneof(
    { arbitrary: fc.nat(3), weight: 2 },
    { arbitrary: fc.constantFrom<'end' | 'last'>('end', 'last'), weight: 2 },
  );
  return {
    mapSs: fc
      .record({ cmd: fc.constant('mapSs' as const), p: pidRef(), f: fdRef(), at: fresh })
      .chain((r) => pages.map((range) => ({ ...r, ...range }))),
    ssDma: fc.record({ cmd: fc.constant('ssDma' as const), p: pidRef(), f: fdRef(), index }),
  };
}

/**
 * A descriptor address for `config`: `plain` mostly; with a non-'sva' device, also one inside the
 * queue's static-share region or at a present frame's physical address (any byte of the page).
 */
export function legacyDescriptorAddr(config: ResolvedConfig, plain: fc.Arbitrary<AddrRef>): fc.Arbitrary<AddrRef> {
  if (!hasLegacyDevices(config)) return plain;
  const off = fc.integer({ min: 0, max: config.pageSize - 1 });
  return fc.oneof(
    { arbitrary: plain, weight: 5 },
    { arbitrary: fc.record({ ss: fc.nat(3), off }), weight: 4 },
    { arbitrary: fc.record({ phys: fc.nat(15), off }), weight: 2 },
  );
}
