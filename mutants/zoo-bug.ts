// What one seeded bug of the zoo (SPEC §9) is: its number, a short name, what it breaks, the Linux
// or uacce bug it mirrors, and the factory of the faulty impl variant. The variants live here, in
// mutants/, never behind a flag in the shipped impl/.

import type { SystemFactory } from '../interface/index.ts';

/** One seeded bug: a faulty variant of the impl that the properties must catch. */
export interface ZooBug {
  /** The bug's number: SPEC §9 (1..22), issue 10 (41..44). */
  readonly id: number;
  /** A short kebab-case name, as in the file name `bugNN-name.ts`. */
  readonly name: string;
  /** One line: what the variant breaks. */
  readonly description: string;
  /** One line: the real Linux / uacce bug (or bug class) it mirrors. */
  readonly analogue: string;
  /** Makes a system with the bug. */
  readonly create: SystemFactory;
}
