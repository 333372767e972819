// Replaying a counterexample: the stored command data run again, model against the system under
// test, with every check — the same failure must come back (or the bug has been fixed).

import { resolveConfig, type SystemFactory } from '../../interface/index.ts';
import { NAMED_CONFIGS } from '../campaign/mix.ts';
import { replaySequence, type SequenceReport } from '../runner/sequence.ts';
import { readCounterexample, type Counterexample } from './file.ts';

/** Options of `replayCounterexample`. @public */
export interface ReplayOptions {
  /** The system under test (the CLI picks it from the file's `implementation`: `'impl'` or `'model'`). */
  readonly implementation: SystemFactory;
  /** Mid-run refinement period (default 1: compare after every command, to find the first divergence). */
  readonly refineEvery?: number;
  /** `'full'` (default) or `'paranoid'` (every check after every command), as in `RunOptions`. */
  readonly checks?: 'full' | 'paranoid';
}

/** Replays `cx` (or the file at that path) and reports what happened. @public */
export function replayCounterexample(cx: Counterexample | string, options: ReplayOptions): SequenceReport {
  const record = typeof cx === 'string' ? readCounterexample(cx) : cx;
  // the `noiommu` preset's check K comes back with its name (R20)
  const named = record.preset === undefined ? undefined : NAMED_CONFIGS[record.preset];
  return replaySequence(resolveConfig(record.config), record.commands, {
    implementation: options.implementation,
    ...(named?.noiommuIsolation === true ? { noiommuIsolation: true } : {}),
    refineEvery: options.refineEvery ?? 1,
    ...(record.prelude === undefined ? {} : { prelude: record.prelude }),
    ...(options.checks === undefined ? {} : { checks: options.checks }),
  });
}
