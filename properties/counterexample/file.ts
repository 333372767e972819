// The counterexample file: everything needed to reproduce a failure without fast-check — the
// config, the command data, the system under test — plus the fast-check seed, path and replayPath
// and the printed log. JSON, so `npm run replay -- FILE` and test/regressions/ can read it back.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SvaConfig } from '../../interface/index.ts';
import type { CommandData } from '../commands/data.ts';
import type { FailureRecord } from '../runner/failure.ts';

/** The format tag of counterexample files. @public */
export const COUNTEREXAMPLE_FORMAT = 'warpdrive-sva/counterexample@1';

/** A counterexample as stored on disk. @public */
export interface Counterexample {
  readonly format: typeof COUNTEREXAMPLE_FORMAT;
  /** The preset's name in the campaign mix, if it came from one. */
  readonly preset?: string;
  readonly config: SvaConfig;
  /** The system under test: `'impl'`, `'model'`, or a caller's label (replay then needs a factory). */
  readonly implementation: string;
  /**
   * fast-check's seed, path and commands replayPath for the failing property run: they re-run
   * fast-check's own shrunk sequence (before the deletion pass of properties/runner/minimize.ts), so
   * they are provenance; `commands` is what replays, and nothing replays through `replayPath`.
   */
  readonly seed: number;
  readonly path: string;
  readonly replayPath?: string;
  /** The named configuration's setup prelude, run after the opening spawn (R19); absent when none. */
  readonly prelude?: readonly CommandData[];
  /** The shrunk sequence (only the commands that ran). */
  readonly commands: readonly CommandData[];
  readonly failure: FailureRecord;
  /** The resolved run log as printed. */
  readonly log: readonly string[];
}

/** A file basename: letters, digits, `.`, `_` and `-` only. */
function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'counterexample';
}

/**
 * Writes `cx` as JSON into `dir` (created if needed) and returns the file's path. `name` is the
 * basename (e.g. `bug05-mprotect-no-invalidate`; default: preset, seed and a time stamp). When
 * `testSource` is given it is written beside it with the same basename and `.test.ts`.
 * @public
 */
export function writeCounterexample(cx: Counterexample, dir: string, name?: string, testSource?: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = safeName(name ?? `counterexample-${cx.preset ?? 'config'}-${cx.seed}-${stamp}`);
  const file = join(dir, `${base}.json`);
  writeFileSync(file, `${JSON.stringify(cx, null, 2)}\n`);
  if (testSource !== undefined) writeFileSync(testFileOf(file), testSource);
  return file;
}

/** The pasted-test file that goes with a counterexample file: same basename, `.test.ts`. @public */
export function testFileOf(file: string): string {
  return file.replace(/\.json$/, '') + '.test.ts';
}

/** Reads a counterexample file; throws a plain Error naming the file if it is not one. @public */
export function readCounterexample(file: string): Counterexample {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const cx = parsed as Partial<Counterexample>;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    cx.format !== COUNTEREXAMPLE_FORMAT ||
    !Array.isArray(cx.commands) ||
    typeof cx.config !== 'object'
  ) {
    throw new Error(`${file} is not a ${COUNTEREXAMPLE_FORMAT} file`);
  }
  return parsed as Counterexample;
}
