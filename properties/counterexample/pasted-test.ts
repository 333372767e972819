// The pasted test of a fresh counterexample, as the campaign prints and writes it (issue 11): the
// source for the `.test.ts` beside the JSON and the text the report shows. Writing the test must
// never hide the failure itself, so an error while tracing becomes a note instead of a throw.

import { join } from 'node:path';
import type { Counterexample } from './file.ts';
import { counterexampleTest, testTargetFor } from './vitest-test.ts';

/** The pasted test's source (undefined when it could not be made) and the report's text about it. */
export interface PastedTest {
  readonly source?: string;
  readonly text: string;
}

/**
 * The pasted test for `cx`, for a file in `dir` named `name` (its system import is relative to it).
 *
 * @internal
 */
export function pastedTest(cx: Counterexample, dir: string | undefined, name: string | undefined): PastedTest {
  try {
    const testFile = join(dir ?? '.', `${name ?? 'counterexample'}.test.ts`);
    const source = counterexampleTest(cx, testTargetFor(cx.implementation, testFile));
    return { source, text: `A vitest test of it (paste into a test file; it fails on the buggy system):\n${source}` };
  } catch (e) {
    const why = e instanceof Error ? e.message : 'a non-Error';
    return { text: `(no pasted test: tracing the counterexample threw ${why})` };
  }
}
