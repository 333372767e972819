// S1-S7 (SPEC §7) over SystemSnapshot: each check alone, and `checkSpecInvariants` running all.
// They use only the snapshot and the resolved config, so they run on the model and on the impl.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import type { InvariantViolation } from '../violation.ts';
import { checkBonds } from './bonds.ts';
import type { SpecInvariantCheck } from './check.ts';
import { checkFaultQueues } from './fault-queues.ts';
import { checkFrames } from './frames.ts';
import { checkHardwareQueues } from './hardware-queues.ts';
import { checkPageRequests } from './page-requests.ts';
import { checkPasidLifetime } from './pasid-lifetime.ts';
import { checkPasidUniqueness } from './pasid-uniqueness.ts';
import { checkRings } from './rings.ts';

export type { SpecInvariantCheck } from './check.ts';
export { checkFaultQueues, checkFaultRecords } from './fault-queues.ts';
export {
  checkBonds,
  checkFrames,
  checkHardwareQueues,
  checkPageRequests,
  checkPasidLifetime,
  checkPasidUniqueness,
  checkRings,
};

/** S1-S7 in order. @public */
export const SPEC_INVARIANTS: readonly {
  readonly name: 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7';
  readonly check: SpecInvariantCheck;
}[] = [
  { name: 'S1', check: checkPasidUniqueness },
  { name: 'S2', check: checkPasidLifetime },
  { name: 'S3', check: checkBonds },
  { name: 'S4', check: checkHardwareQueues },
  { name: 'S5', check: checkRings },
  { name: 'S6', check: checkFrames },
  { name: 'S7', check: checkPageRequests },
];

/**
 * Runs S1-S7, and U1-U4 when fault queues or routes exist, on a snapshot; returns every violation
 * found (at most one per invariant), empty when all hold.
 * @public
 */
export function checkSpecInvariants(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation[] {
  const found: InvariantViolation[] = [];
  for (const { check } of SPEC_INVARIANTS) {
    const v = check(snapshot, config);
    if (v !== undefined) found.push(v);
  }
  if (snapshot.faultQueues.length > 0 || snapshot.devices.some((d) => d.slots.some((s) => s.route !== undefined))) {
    found.push(...checkFaultQueues(snapshot, config)); // U1-U4 (SPEC §12): nothing to check without fault queues
  }
  return found;
}
