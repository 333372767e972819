// Protections as bit sets (r = 1, w = 2, x = 4): the form page-table entries and caches store.

import type { Access, Prot } from '../../interface/index.ts';

/** Read permission bit. */
export const PERM_R = 1;
/** Write permission bit. */
export const PERM_W = 2;
/** Execute permission bit. */
export const PERM_X = 4;

const PROT_BY_BITS: readonly Prot[] = ['', 'r', 'w', 'rw', 'x', 'rx', 'wx', 'rwx'];

/** The bit set of a valid `Prot` string. */
export function protToBits(prot: Prot): number {
  let bits = 0;
  if (prot.includes('r')) bits |= PERM_R;
  if (prot.includes('w')) bits |= PERM_W;
  if (prot.includes('x')) bits |= PERM_X;
  return bits;
}

/** The `Prot` string of a bit set (letters in `rwx` order). */
export function bitsToProt(bits: number): Prot {
  return PROT_BY_BITS[bits & 7];
}

/** The permission bit an access needs. */
export function accessBit(access: Access): number {
  return access === 'r' ? PERM_R : PERM_W;
}
