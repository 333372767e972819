// Replaying a counterexample: the stored command data run again, model against the system under
// test, with every check — the same failure must come back (or the bug has been fixed).

import { resolveConfig, type SystemFactory } from '../../interface/index.ts';
import { implementationFactory } from '../campaign/implementations.ts';
import { replaySequence, type SequenceReport } from '../runner/sequence.ts';
import { readCounterexample, type Counterexample } from './file.ts';

/** Options of `replayCounterexample`. */
export interface ReplayOptions {
  /** The system under test; default: the one the file names (`'impl'` or `'model'`). */
  readonly implementation?: SystemFactory;
  /** Mid-run refinement period (default 1: compare after every command, to find the first divergence). */
  readonly refineEvery?: number;
}

/** Replays `cx` (or the file at that path) and reports what happened. */
export function replayCounterexample(cx: Counterexample | string, options: ReplayOptions = {}): SequenceReport {
  const record = typeof cx === 'string' ? readCounterexample(cx) : cx;
  const name = record.implementation;
  const factory = options.implementation
    ?? (name === 'impl' || name === 'model' ? implementationFactory(name) : undefined);
  if (factory === undefined) throw new Error(`the counterexample was found on '${name}': pass its factory to replay it`);
  return replaySequence(resolveConfig(record.config), record.commands, {
    implementation: factory,
    refineEvery: options.refineEvery ?? 1,
  });
}
