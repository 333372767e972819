// Arbitraries of descriptors for `send`: copies, fills and CRCs over live areas (some crossing page
// boundaries, some empty, some longer than the device's maxLen), and rarely a malformed one.

import fc from 'fast-check';
import type { ResolvedConfig } from '../../interface/index.ts';
import type { DescriptorData, DescriptorSpec, MalformedKind } from '../commands/data.ts';
import { legacyDescriptorAddr } from './legacy.ts';
import { addrRef } from './refs.ts';

const MALFORMED: readonly MalformedKind[] = [
  'badOp',
  'negativeLen',
  'fractionalSrc',
  'extraField',
  'missingTag',
  'bigValue',
  'bigTag',
];

/**
 * A descriptor length: mostly within a page or two, sometimes 0; the limits on both sides — `-1`,
 * `-2`, `-3` (= maxLen + 1 `invalid`, maxLen, maxLen − 1, resolved against the queue's device) and a
 * page multiple ± 1 — are drawn often enough that each is reached in every few sequences.
 */
function descriptorLen(config: ResolvedConfig): fc.Arbitrary<number> {
  const ps = config.pageSize;
  const small = config.devices.every((d) => d.maxLen <= 8 * ps);
  return fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: Math.max(1, ps >> 2) }), weight: 6 },
    { arbitrary: fc.integer({ min: 1, max: 3 * ps }), weight: 6 },
    { arbitrary: fc.constant(0), weight: 1 },
    // maxLen and maxLen − 1 only where they are a few pages: a 64 KiB descriptor costs hundreds of
    // chunks, and the liveness bound of a livelocking variant grows with it.
    { arbitrary: small ? fc.constantFrom(-1, -2, -3) : fc.constant(-1), weight: 2 },
    {
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(-1, 0, 1)).map(([k, d]) => k * ps + d),
      weight: 2,
    },
  );
}

/** A well-formed descriptor spec for `config`. */
export function descriptorSpec(config: ResolvedConfig): fc.Arbitrary<DescriptorSpec> {
  const addr = legacyDescriptorAddr(config, addrRef(config, { areaWeight: 90, aligned: false }));
  return fc.record({
    op: fc.constantFrom<DescriptorSpec['op']>('copy', 'fill', 'crc32'),
    src: addr,
    dst: addr,
    len: descriptorLen(config),
    value: fc.integer({ min: 0, max: 255 }),
    tag: fc.nat(0xffff),
  });
}

/** One descriptor: well-formed, or (1 in 60) malformed. */
export function descriptorData(config: ResolvedConfig): fc.Arbitrary<DescriptorData> {
  return fc.oneof(
    { arbitrary: descriptorSpec(config), weight: 60 },
    { arbitrary: fc.record({ malformed: fc.constantFrom(...MALFORMED) }), weight: 1 },
  );
}

/**
 * The descriptors of one `send`: usually 1..3, sometimes enough to fill a ring — exactly
 * `ringDepth − 1` (the most a ring holds) or `ringDepth` (one too many) of some device — rarely none (EINVAL).
 */
export function descriptorList(config: ResolvedConfig): fc.Arbitrary<DescriptorData[]> {
  const depths = [...new Set(config.devices.map((d) => d.ringDepth))].filter((d) => d <= 20);
  const maxRing = Math.max(...config.devices.map((d) => d.ringDepth));
  const exact = depths.flatMap((d) => [d - 1, d]).filter((n) => n >= 1);
  return fc.oneof(
    { arbitrary: fc.array(descriptorData(config), { minLength: 1, maxLength: 3 }), weight: 20 },
    { arbitrary: fc.array(descriptorData(config), { minLength: 1, maxLength: Math.min(maxRing, 20) }), weight: 3 },
    ...(exact.length === 0
      ? []
      : [
          {
            arbitrary: fc
              .constantFrom(...exact)
              .chain((n) => fc.array(descriptorData(config), { minLength: n, maxLength: n })),
            weight: 2,
          },
        ]),
    { arbitrary: fc.constant<DescriptorData[]>([]), weight: 1 },
  );
}
