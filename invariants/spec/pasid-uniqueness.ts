// S1 PASID uniqueness (SPEC §7): live PASIDs are distinct, each owned by one un-dropped mm, and in
// [1, 2^pasidBits).

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S1: every PASID an un-dropped mm holds is in range and held by no other mm. @public */
export function checkPasidUniqueness(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  const owner = new Map<number, number>();
  const limit = 2 ** config.pasidBits;
  for (const mm of snapshot.mms) {
    if (mm.pasid === undefined) continue;
    if (!Number.isSafeInteger(mm.pasid) || mm.pasid < 1 || mm.pasid >= limit) {
      return violation('S1', `PASID ${mm.pasid} of mm ${mm.id} is outside [1, ${limit})`);
    }
    const other = owner.get(mm.pasid);
    if (other !== undefined) return violation('S1', `PASID ${mm.pasid} is held by both mm ${other} and mm ${mm.id}`);
    owner.set(mm.pasid, mm.id);
  }
  return undefined;
}
