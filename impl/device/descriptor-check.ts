// Descriptor well-formedness (§S-9): a plain object with `op` in copy | fill | crc32 and exactly the
// fields of its op, addresses and lengths non-negative safe integers, a byte value, a uint32 tag.

import type { Descriptor } from '../../interface/index.ts';

const FIELDS: Readonly<Record<string, readonly string[]>> = {
  copy: ['dst', 'len', 'op', 'src', 'tag'],
  fill: ['dst', 'len', 'op', 'tag', 'value'],
  crc32: ['len', 'op', 'src', 'tag'],
};

function isCount(x: unknown): boolean {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** Whether `d` is a well-formed descriptor. */
export function isWellFormedDescriptor(d: unknown): d is Descriptor {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  const proto: unknown = Object.getPrototypeOf(d);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = d as Record<string, unknown>;
  const op = record.op;
  if (typeof op !== 'string' || !Object.hasOwn(FIELDS, op)) return false;
  const keys = Object.keys(record).sort();
  const expected = FIELDS[op];
  if (keys.length !== expected.length || keys.some((k, i) => k !== expected[i])) return false;
  if (!isCount(record.len) || !isCount(record.tag) || (record.tag as number) > 0xffffffff) return false;
  if (op !== 'fill' && !isCount(record.src)) return false;
  if (op !== 'crc32' && !isCount(record.dst)) return false;
  if (op === 'fill' && !(isCount(record.value) && (record.value as number) <= 255)) return false;
  return true;
}
