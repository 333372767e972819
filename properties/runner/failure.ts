// A failed check in a property run: what kind of check failed, at which command, and the detail a
// person needs to see the first difference (model said X, impl said Y; or the invariant broken).

/** Which check failed. @public */
export type FailureKind = 'mismatch' | 'crash' | 'invariant' | 'refinement' | 'liveness';

/** A failed check, thrown by the runner and caught by fast-check (then shrunk) or by replay. @public */
export class SequenceFailure extends Error {
  readonly kind: FailureKind;
  /** The 1-based command number at which it failed (`commands + 1` for the end-of-sequence checks). */
  readonly step: number;
  /** What was wrong, in one or a few lines. */
  readonly detail: string;

  constructor(kind: FailureKind, step: number, detail: string) {
    super(`${kind} at step ${step}: ${detail}`);
    this.name = 'SequenceFailure';
    this.kind = kind;
    this.step = step;
    this.detail = detail;
  }
}

/** The plain record of a failure (what a counterexample file stores). @public */
export interface FailureRecord {
  readonly kind: FailureKind;
  readonly step: number;
  readonly detail: string;
}

/** A failure as a record; any other thrown value becomes a `crash`. @public */
export function failureRecord(e: unknown, step: number): FailureRecord {
  if (e instanceof SequenceFailure) return { kind: e.kind, step: e.step, detail: e.detail };
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { kind: 'crash', step, detail: `the runner itself threw ${detail}` };
}
