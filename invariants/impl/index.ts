// I1-I3 (SPEC §7) over the impl's inspection hook: coherence of the translation caches, isolation
// of every DMA access, and the ring encoding of every queue.

import type { ImplSystem } from '../../impl/index.ts';
import type { InvariantViolation } from '../violation.ts';
import { checkCoherence } from './coherence.ts';
import { checkIsolation } from './isolation.ts';
import { checkContainment, checkNestedIsolation } from './nested-isolation.ts';
import { checkRingEncoding } from './ring-encoding.ts';

export { checkCoherence } from './coherence.ts';
export { checkIsolation } from './isolation.ts';
export { checkContainment, checkNestedIsolation } from './nested-isolation.ts';
export { checkNestedCoherence, type NestedCacheView, type NestedEntryView } from './nested-coherence.ts';
export { checkRingEncoding } from './ring-encoding.ts';

/**
 * Every violated impl invariant of the system's current internals (I1; I2, N1 and N2 over the DMA
 * accesses recorded so far; I3), at most one per invariant; empty when all hold. Does not clear the audit.
 * @public
 */
export function checkImplInvariants(system: ImplSystem): InvariantViolation[] {
  const inspection = system.inspect();
  const found: InvariantViolation[] = [];
  for (const check of [checkCoherence, checkIsolation, checkContainment, checkNestedIsolation, checkRingEncoding]) {
    const v = check(inspection);
    if (v !== undefined) found.push(v);
  }
  return found;
}
