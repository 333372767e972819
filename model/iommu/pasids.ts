// The PASID space (SPEC §5, §S-4): one PASID per mm, the lowest free value in [1, 2^pasidBits),
// kept until the mm is dropped. PASID 0 is never given out.

import type { Pasid } from '../../interface/index.ts';
import { fail } from '../checks.ts';
import { report, type Mm, type ModelState } from '../state.ts';

/** The mm's PASID, allocating the lowest free one if it has none; ENOSPC (nothing changed) if none is free. */
export function ensurePasid(state: ModelState, mm: Mm): Pasid {
  if (mm.pasid !== undefined) return mm.pasid;
  const limit = 2 ** state.config.pasidBits;
  for (let pasid = 1; pasid < limit; pasid++) {
    if (state.pasids.has(pasid)) continue;
    state.pasids.set(pasid, mm.id);
    mm.pasid = pasid;
    const reused = state.pasidsEverAllocated.has(pasid);
    state.pasidsEverAllocated.add(pasid);
    report(state, { kind: 'pasidAllocated', pasid, mm: mm.id, reused });
    return pasid;
  }
  fail('ENOSPC', `PASID space of ${state.config.pasidBits} bits exhausted`);
}

/** Frees the mm's PASID (only when the mm is dropped). */
export function freePasid(state: ModelState, mm: Mm): void {
  if (mm.pasid === undefined) return;
  state.pasids.delete(mm.pasid);
  mm.pasid = undefined;
}
