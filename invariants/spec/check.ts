// The shape every spec invariant shares: a predicate over the abstract state (and the resolved
// config) that returns the first violation it finds, or undefined.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import type { InvariantViolation } from '../violation.ts';

/** One of S1-S7 over a `SystemSnapshot` (model's or impl's). @public */
export type SpecInvariantCheck = (snapshot: SystemSnapshot, config: ResolvedConfig) => InvariantViolation | undefined;
