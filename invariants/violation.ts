// What an invariant check returns when it finds a broken invariant: its name and the detail a
// person needs (which PASID, which frame), never a bare boolean.

/**
 * The invariants of SPEC §7, §12 and §13: S1-S7, U1-U4 and N3 on the abstract state, I1-I4, N1 and N2 on
 * the impl, R refinement; and K, §14's 'noiommu' isolation check, which is expected to fail (R20).
 * @public
 */
export type InvariantName =
  | 'S1'
  | 'S2'
  | 'S3'
  | 'S4'
  | 'S5'
  | 'S6'
  | 'S7'
  | 'U1'
  | 'U2'
  | 'U3'
  | 'U4'
  | 'N1'
  | 'N2'
  | 'N3'
  | 'I1'
  | 'I2'
  | 'I3'
  | 'I4'
  | 'K'
  | 'R';

/** A broken invariant. @public */
export interface InvariantViolation {
  readonly invariant: InvariantName;
  /** One readable sentence: what is wrong, naming the PASID, frame, queue or device. */
  readonly detail: string;
}

/** Makes a violation. @public */
export function violation(invariant: InvariantName, detail: string): InvariantViolation {
  return { invariant, detail };
}

/** Renders a violation as one line, e.g. `S6 frame 3 has 2 references but 1 PTE points at it`. @public */
export function formatViolation(v: InvariantViolation): string {
  return `${v.invariant} ${v.detail}`;
}
