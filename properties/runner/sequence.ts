// Running whole sequences: the fast-check property body (commands from `fc.commands`) and the
// plain replay of a list of command data (counterexample files). Both end with the
// end-of-sequence checks (refinement, liveness).

import type { ResolvedConfig } from '../../interface/index.ts';
import type { CommandData } from '../commands/data.ts';
import { emptyCoverage, type Coverage } from '../coverage/events.ts';
import { failureRecord, type FailureRecord } from './failure.ts';
import { RunState, type RunOptions } from './run-state.ts';

/** What one finished sequence did. @public */
export interface SequenceReport {
  readonly ok: boolean;
  /** Commands run (up to and including the failing one). */
  readonly commands: number;
  readonly coverage: Coverage;
  /** The run log: one resolved line per call. */
  readonly log: readonly string[];
  readonly failure?: FailureRecord;
}

/**
 * Runs `commands` (fast-check commands, or anything with `run(host)`) then the end checks; throws the first failure.
 * @public
 */
export function runCommands(
  config: ResolvedConfig,
  commands: Iterable<{ run(host: RunState, real: RunState): void }>,
  options: RunOptions,
  onDone?: (state: RunState) => void,
): void {
  const state = new RunState(config, options);
  try {
    state.start();
    for (const c of commands) c.run(state, state);
    state.finish();
  } finally {
    onDone?.(state);
  }
}

/** Runs a list of command data then the end checks, and reports (never throws for a failed check). @public */
export function replaySequence(
  config: ResolvedConfig,
  data: readonly CommandData[],
  options: RunOptions,
): SequenceReport {
  let state: RunState | undefined;
  try {
    state = new RunState(config, options);
    state.start();
    for (const d of data) state.step(d);
    state.finish();
    return { ok: true, commands: state.commands, coverage: state.coverage.counts, log: state.log };
  } catch (e) {
    // A system that cannot even be created leaves no state to read the log from.
    return {
      ok: false,
      commands: state?.commands ?? 0,
      coverage: state?.coverage.counts ?? emptyCoverage(),
      log: state?.log ?? [],
      failure: failureRecord(e, state?.commands ?? 0),
    };
  }
}
