// Arbitraries for SPEC §14's modes: `mapSs` (fresh arena addresses, 1..3 pages, rarely unaligned)
// and `ssDma` (indexes up to one past a 3-page region: the limit bug 39 gets wrong), and descriptor
// addresses aimed into the static-share region (`ss`) or at physical frames the snapshot shows
// present (`phys`: in 'noiommu' mode, other processes' pages). Drawn only for configs with a
// non-'sva' device, so that the random streams of every other config stay as they were.

import fc from 'fast-check';
import type { ResolvedConfig } from '../../interface/index.ts';
import type { AddrRef, CommandData } from '../commands/data.ts';
import { addrRef, fdRef, pageRange, pidRef } from './refs.ts';

/** How often the §14 commands are drawn, relative to COMMAND_WEIGHTS. @public */
export const LEGACY_WEIGHTS = Object.freeze({ mapSs: 3, ssDma: 1.5 });

/** Whether `config` has a 'pasid-static' or 'noiommu' device (the §14 commands are drawn only then). @public */
export function hasLegacyDevices(config: ResolvedConfig): boolean {
  return config.devices.some((d) => d.mode !== 'sva');
}

/** The data arbitraries of `mapSs` and `ssDma` for `config`. */
export function legacyArbitraries(
  config: ResolvedConfig,
): Record<keyof typeof LEGACY_WEIGHTS, fc.Arbitrary<CommandData>> {
  const fresh = addrRef(config, { areaWeight: 10, aligned: true });
  return {
    mapSs: fc
      .record({ cmd: fc.constant('mapSs' as const), p: pidRef(), f: fdRef(), at: fresh })
      .chain((r) => pageRange(config, 3).map((range) => ({ ...r, ...range }))),
    ssDma: fc.record({ cmd: fc.constant('ssDma' as const), p: pidRef(), f: fdRef(), index: fc.nat(3) }),
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
