// I1-I3 (SPEC §7) over the impl's inspection hook: coherence of the translation caches, isolation
// of every DMA access, and the ring encoding of every queue.

import type { ImplSystem } from '../../impl/index.ts';
import type { InvariantViolation } from '../violation.ts';
import { checkCoherence } from './coherence.ts';
import { checkIsolation } from './isolation.ts';
import { checkContainment, checkNestedIsolation } from './nested-isolation.ts';
import { checkNoiommuIsolation } from './noiommu-isolation.ts';
import { checkRingEncoding } from './ring-encoding.ts';

export { checkCoherence } from './coherence.ts';
export { checkIsolation } from './isolation.ts';
export { checkContainment, checkNestedIsolation } from './nested-isolation.ts';
export { checkNestedCoherence, type NestedCacheView, type NestedEntryView } from './nested-coherence.ts';
export { checkNoiommuIsolation } from './noiommu-isolation.ts';
export { checkRingEncoding } from './ring-encoding.ts';

/** Options of `checkImplInvariants`. @public */
export interface ImplInvariantOptions {
  /** Also run check K over 'noiommu' DMA (R20: off by default; expected to fail). */
  readonly noiommuIsolation?: boolean;
}

/**
 * Every violated impl invariant of the system's current internals (I1; I2, N1 and N2 over the DMA
 * accesses recorded so far; I3; and K when asked), at most one per invariant; empty when all hold.
 * Does not clear the audit.
 * @public
 */
export function checkImplInvariants(system: ImplSystem, options: ImplInvariantOptions = {}): InvariantViolation[] {
  const inspection = system.inspect();
  const found: InvariantViolation[] = [];
  const checks = [checkCoherence, checkIsolation, checkContainment, checkNestedIsolation, checkRingEncoding];
  if (options.noiommuIsolation === true) checks.push(checkNoiommuIsolation);
  for (const check of checks) {
    const v = check(inspection);
    if (v !== undefined) found.push(v);
  }
  return found;
}
