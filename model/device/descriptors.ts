// Descriptor well-formedness (§S-9): a plain object with `op` in copy|fill|crc32 and exactly the
// fields of its op, each an own data property; addresses and len non-negative safe integers, value
// a byte, tag a uint32.

import { isPlainObject, ownDataValue, ownEnumerableKeys, type Descriptor } from '../../interface/index.ts';

const FIELDS: Readonly<Record<Descriptor['op'], readonly string[]>> = {
  copy: ['dst', 'len', 'op', 'src', 'tag'],
  fill: ['dst', 'len', 'op', 'tag', 'value'],
  crc32: ['len', 'op', 'src', 'tag'],
};

function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * A private frozen copy of `d` if it is a well-formed descriptor, else undefined. Each field is an
 * own data property read once (§S-1 "caller objects": an accessor is malformed and never called),
 * so what was checked is what is queued.
 */
export function descriptorFrom(d: unknown): Descriptor | undefined {
  if (!isPlainObject(d)) return undefined;
  const op = ownDataValue(d, 'op');
  if (op !== 'copy' && op !== 'fill' && op !== 'crc32') return undefined;
  const keys = ownEnumerableKeys(d)?.sort();
  const expected = FIELDS[op];
  if (keys === undefined || keys.length !== expected.length || keys.some((k, i) => k !== expected[i])) return undefined;
  const field = (key: string): unknown => ownDataValue(d, key);
  const len = field('len');
  const tag = field('tag');
  if (!isNonNegativeInteger(len) || !isNonNegativeInteger(tag) || tag > 0xffffffff) return undefined;
  switch (op) {
    case 'copy': {
      const src = field('src');
      const dst = field('dst');
      if (!isNonNegativeInteger(src) || !isNonNegativeInteger(dst)) return undefined;
      return Object.freeze({ op, src, dst, len, tag });
    }
    case 'fill': {
      const dst = field('dst');
      const value = field('value');
      if (!isNonNegativeInteger(dst) || !isNonNegativeInteger(value) || value > 255) return undefined;
      return Object.freeze({ op, dst, len, value, tag });
    }
    case 'crc32': {
      const src = field('src');
      if (!isNonNegativeInteger(src)) return undefined;
      return Object.freeze({ op, src, len, tag });
    }
  }
}

/** Whether `d` is a well-formed descriptor. */
export function isWellFormedDescriptor(d: unknown): d is Descriptor {
  return descriptorFrom(d) !== undefined;
}

/** The descriptor's source start address (copy, crc32), or undefined (fill reads nothing). */
export function sourceOf(d: Descriptor): number | undefined {
  return d.op === 'fill' ? undefined : d.src;
}

/** The descriptor's destination start address (copy, fill), or undefined (crc32 writes nothing). */
export function destinationOf(d: Descriptor): number | undefined {
  return d.op === 'crc32' ? undefined : d.dst;
}
