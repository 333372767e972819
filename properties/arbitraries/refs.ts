// Arbitraries of the references a command carries: processes, fds, devices, addresses, protections
// and regions. Bad values (exited pid, unknown fd, unaligned address, bad prot) come at a low rate.

import fc from 'fast-check';
import { PROTS, type ResolvedConfig } from '../../interface/index.ts';
import { arenaPages } from '../commands/arena.ts';
import type { AddrRef, DeviceRef, FdRef, PidRef, ProtArg, RegionArg } from '../commands/data.ts';

/**
 * A process reference: mostly a live one, spread over the live processes (an index modulo their
 * count; a little extra weight on the first, where queues get deep) so that a second process has
 * work in flight when the first exits, drains or loses its device; rarely a bad pid.
 */
export function pidRef(): fc.Arbitrary<PidRef> {
  return fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    { arbitrary: fc.nat(11), weight: 54 },
    { arbitrary: fc.constantFrom<PidRef>('exited', 'unknown'), weight: 1 },
  );
}

/** An fd reference: mostly an open one (spread over them, the first a little more), rarely an fd the process does not have. */
export function fdRef(): fc.Arbitrary<FdRef> {
  return fc.oneof(
    { arbitrary: fc.constant(0), weight: 10 },
    { arbitrary: fc.nat(11), weight: 40 },
    { arbitrary: fc.constant<FdRef>('unknown'), weight: 1 },
  );
}

/** A device reference: mostly a configured device, rarely an unknown name. */
export function deviceRef(): fc.Arbitrary<DeviceRef> {
  return fc.oneof({ arbitrary: fc.nat(7), weight: 50 }, { arbitrary: fc.constant<DeviceRef>('unknown'), weight: 1 });
}

/** Where an address is drawn: mostly inside live areas (`areaWeight`) or anywhere in the arena. */
export interface AddrOptions {
  /** Relative weight of `area` references against arena (`raw`) ones, out of 100. */
  readonly areaWeight: number;
  /** Page-aligned (rarely unaligned, to check EINVAL) rather than any byte. */
  readonly aligned: boolean;
}

/** An address reference for `config` (see `AddrRef`). */
export function addrRef(config: ResolvedConfig, options: AddrOptions): fc.Arbitrary<AddrRef> {
  const ps = config.pageSize;
  const off = options.aligned
    ? fc.oneof({ arbitrary: fc.constant(0), weight: 40 }, { arbitrary: fc.integer({ min: 1, max: ps - 1 }), weight: 1 })
    : fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: ps - 1 }), weight: 3 },
        // Near the end of a page, so that accesses cross into the next one.
        { arbitrary: fc.integer({ min: Math.max(0, ps - 16), max: ps - 1 }), weight: 1 },
      );
  const area = fc.record({ area: fc.nat(5), page: fc.nat(15), off });
  // Rarely, a real page's address one whole address space higher: it must fault, never alias.
  const alias = fc.record({ area: fc.nat(5), page: fc.nat(15), off, alias: fc.constant<true>(true) });
  // One page past the arena, so that the end of a small address space is reachable; the arena's
  // last page and the one past it drawn more often (the limit on both sides).
  const pages = arenaPages(config);
  const raw = fc.oneof(
    { arbitrary: fc.record({ raw: fc.nat(pages), off }), weight: 6 },
    { arbitrary: fc.record({ raw: fc.constantFrom(pages - 1, pages), off }), weight: 1 },
  );
  // The last pages of the whole address space (in a large one, far above the arena).
  const top = fc.record({ top: fc.nat(1), off });
  return fc.oneof(
    { arbitrary: area, weight: options.areaWeight },
    { arbitrary: raw, weight: 100 - options.areaWeight },
    { arbitrary: alias, weight: 2 },
    { arbitrary: top, weight: 1 },
  );
}

/** A protection: any valid `Prot` (the read-write ones more often), rarely an invalid string. */
export function protArg(): fc.Arbitrary<ProtArg> {
  return fc.oneof(
    { arbitrary: fc.constantFrom<ProtArg>('rw', 'r', 'rwx'), weight: 12 },
    { arbitrary: fc.constantFrom<ProtArg>(...PROTS), weight: 6 },
    { arbitrary: fc.constant<ProtArg>('bad'), weight: 1 },
  );
}

/** A region: `'mmio'` or `'dus'`, rarely an unknown name. */
export function regionArg(): fc.Arbitrary<RegionArg> {
  return fc.oneof(
    { arbitrary: fc.constantFrom<RegionArg>('mmio', 'dus'), weight: 30 },
    { arbitrary: fc.constant<RegionArg>('bad'), weight: 1 },
  );
}

/**
 * A length in pages with a skew: mostly `1..maxPages` whole pages, rarely a large range (up to the
 * arena and past it, so that range invalidation meets more pages than a cache has entries), rarely
 * zero or unaligned (EINVAL).
 */
export function pageRange(config: ResolvedConfig, maxPages: number): fc.Arbitrary<{ pages: number; skew: number }> {
  return fc.oneof(
    { arbitrary: fc.record({ pages: fc.integer({ min: 1, max: maxPages }), skew: fc.constant(0) }), weight: 40 },
    {
      arbitrary: fc.record({
        pages: fc.integer({ min: maxPages + 1, max: Math.max(maxPages + 1, 2 * arenaPages(config)) }),
        skew: fc.constant(0),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ pages: fc.constant(0), skew: fc.constant(0) }), weight: 1 },
    { arbitrary: fc.record({ pages: fc.nat(2), skew: fc.integer({ min: 1, max: config.pageSize - 1 }) }), weight: 1 },
  );
}
