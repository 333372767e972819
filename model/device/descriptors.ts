// Descriptor well-formedness (§S-9): a plain object with `op` in copy|fill|crc32 and exactly the
// fields of its op; addresses and len non-negative safe integers, value a byte, tag a uint32.

import type { Descriptor } from '../../interface/index.ts';

const FIELDS: Readonly<Record<Descriptor['op'], readonly string[]>> = {
  copy: ['dst', 'len', 'op', 'src', 'tag'],
  fill: ['dst', 'len', 'op', 'tag', 'value'],
  crc32: ['len', 'op', 'src', 'tag'],
};

function isNonNegativeInteger(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Whether `d` is a well-formed descriptor. */
export function isWellFormedDescriptor(d: unknown): d is Descriptor {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  const proto: unknown = Object.getPrototypeOf(d);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = d as Record<string, unknown>;
  const op = record.op;
  if (op !== 'copy' && op !== 'fill' && op !== 'crc32') return false;
  const keys = Object.keys(record).sort();
  const expected = FIELDS[op];
  if (keys.length !== expected.length || keys.some((k, i) => k !== expected[i])) return false;
  if (!isNonNegativeInteger(record.len)) return false;
  if (!isNonNegativeInteger(record.tag) || (record.tag as number) > 0xffffffff) return false;
  if (op !== 'fill' && !isNonNegativeInteger(record.src)) return false;
  if (op !== 'crc32' && !isNonNegativeInteger(record.dst)) return false;
  if (op === 'fill' && (!isNonNegativeInteger(record.value) || (record.value as number) > 255)) return false;
  return true;
}

/** A frozen copy of a well-formed descriptor, so later changes by the caller do not reach the ring. */
export function copyOfDescriptor(d: Descriptor): Descriptor {
  switch (d.op) {
    case 'copy': return Object.freeze({ op: 'copy', src: d.src, dst: d.dst, len: d.len, tag: d.tag });
    case 'fill': return Object.freeze({ op: 'fill', dst: d.dst, len: d.len, value: d.value, tag: d.tag });
    case 'crc32': return Object.freeze({ op: 'crc32', src: d.src, len: d.len, tag: d.tag });
  }
}

/** The descriptor's source start address (copy, crc32), or undefined (fill reads nothing). */
export function sourceOf(d: Descriptor): number | undefined {
  return d.op === 'fill' ? undefined : d.src;
}

/** The descriptor's destination start address (copy, fill), or undefined (crc32 writes nothing). */
export function destinationOf(d: Descriptor): number | undefined {
  return d.op === 'crc32' ? undefined : d.dst;
}
