// Descriptor well-formedness (§S-9): a plain object with `op` in copy | fill | crc32 and exactly the
// fields of its op, addresses and lengths non-negative safe integers, a byte value, a uint32 tag.
// Checked on every `send`, so it allocates nothing (no key list is built).

import type { Descriptor } from '../../interface/index.ts';

function isCount(x: unknown): boolean {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** How many fields a descriptor of `op` has; 0 for an unknown op. */
function fieldCount(op: unknown): number {
  return op === 'copy' || op === 'fill' ? 5 : op === 'crc32' ? 4 : 0;
}

/** Whether `key` is a field of a descriptor of `op` (a known op). */
function isFieldOf(op: unknown, key: string): boolean {
  switch (key) {
    case 'op': case 'len': case 'tag': return true;
    case 'src': return op !== 'fill';
    case 'dst': return op !== 'crc32';
    case 'value': return op === 'fill';
    default: return false;
  }
}

/** Whether `d` is a well-formed descriptor. */
export function isWellFormedDescriptor(d: unknown): d is Descriptor {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  const proto: unknown = Object.getPrototypeOf(d);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = d as Record<string, unknown>;
  const op = record.op;
  const fields = fieldCount(op);
  if (fields === 0) return false;
  // exactly the op's fields: every own enumerable key is one of them, and there are as many
  let keys = 0;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (!isFieldOf(op, key)) return false;
    keys++;
  }
  if (keys !== fields) return false;
  if (!isCount(record.len) || !isCount(record.tag) || (record.tag as number) > 0xffffffff) return false;
  if (op !== 'fill' && !isCount(record.src)) return false;
  if (op !== 'crc32' && !isCount(record.dst)) return false;
  if (op === 'fill' && !(isCount(record.value) && (record.value as number) <= 255)) return false;
  return true;
}
