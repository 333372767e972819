// Adapters from the runner to the invariant checkers: S1-S7 over a snapshot (`checkSpecInvariants`)
// and I1-I3 over an impl's internals (`checkImplInvariants`), the latter only for a system that
// offers the impl's inspection hook (detected structurally, so any SvaSystem can be checked).

import type { ResolvedConfig, SvaSystem, SystemSnapshot } from '../../interface/index.ts';
import * as invariants from '../../invariants/index.ts';
import { checkSpecInvariants, type InvariantViolation } from '../../invariants/index.ts';

type Checker = (...args: unknown[]) => unknown;

/** A checker exported by invariants/, looked up by name so the runner works while it is being written. */
function checker(name: string): Checker | undefined {
  const f = (invariants as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as Checker) : undefined;
}

/** A checker's answer as a list: it may return one violation, a list, or nothing. */
function asList(result: unknown): InvariantViolation[] {
  if (result === undefined || result === null) return [];
  if (Array.isArray(result)) return result as InvariantViolation[];
  return [result as InvariantViolation];
}

/** Violations of S1-S7 in `snapshot` (empty when all hold). @public */
export function specViolations(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation[] {
  return checkSpecInvariants(snapshot, config);
}

/** The name of the impl's inspection hook (`ImplSystem.inspect()`, impl/system.ts). */
const INSPECTION_HOOKS = ['inspect'];

/** Whether `sys` offers the impl's inspection hook, so that I1-I3 apply to it. @public */
export function hasInspectionHook(sys: SvaSystem): boolean {
  return INSPECTION_HOOKS.some((k) => method(sys, k) !== undefined);
}

/** A method of `sys` by name, if it has one. */
function method(sys: SvaSystem, name: string): ((...args: unknown[]) => unknown) | undefined {
  const f = (sys as unknown as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as (...args: unknown[]) => unknown).bind(sys) : undefined;
}

/** Starts the impl's DMA audit (for I2) when `sys` offers it; recording costs nothing when off. */
export function startDmaAudit(sys: SvaSystem): void {
  method(sys, 'setDmaAudit')?.(true);
}

/**
 * Violations of I1-I3 (and K with `noiommuIsolation`, R20) in `sys` (empty when all hold, or when `sys` has no inspection hook). The
 * DMA accesses checked are then forgotten, so that each check reads only the last command's.
 * @public
 */
export function implViolations(
  sys: SvaSystem,
  options: { readonly noiommuIsolation?: boolean } = {},
): InvariantViolation[] {
  const check = checker('checkImplInvariants');
  if (check === undefined || !hasInspectionHook(sys)) return [];
  const found = asList(check(sys, options));
  method(sys, 'clearDmaAudit')?.();
  return found;
}
