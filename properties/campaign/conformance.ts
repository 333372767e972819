// `checkConformance`: the whole property suite against any SvaSystem factory, with the model as
// the reference. Batches of fast-check runs cycle through the preset mix until the run count or the
// time limit is reached; the first failure is shrunk, replayed into a readable counterexample and
// (optionally) written to a JSON file that `npm run replay -- FILE` reproduces.

import fc from 'fast-check';
import { resolveConfig, type SystemFactory } from '../../interface/index.ts';
import { commandSequences } from '../arbitraries/commands.ts';
import { commandDataOf, type SvaCommand } from '../commands/command.ts';
import type { CommandName } from '../commands/data.ts';
import { COUNTEREXAMPLE_FORMAT, writeCounterexample, type Counterexample } from '../counterexample/file.ts';
import { formatCounterexample } from '../counterexample/format.ts';
import { pastedTest } from '../counterexample/pasted-test.ts';
import { addCoverage, emptyCoverage, type Coverage } from '../coverage/events.ts';
import { failureRecord } from '../runner/failure.ts';
import { minimizeFailure } from '../runner/minimize.ts';
import { replaySequence, runCommands } from '../runner/sequence.ts';
import { WHOLE, batchCount, batchSeed, batchSize, type Shard } from './batch-plan.ts';
import { DEFAULT_MIX, namedConfig, type NamedConfig, type PresetChoice } from './mix.ts';
import { validateConformanceArgs } from './validate-options.ts';

/** Options of `checkConformance`; every field optional. @public */
export interface ConformanceOptions {
  /** Sequences to run in all (default 100; with `timeLimitMs`, unbounded unless given). */
  readonly runs?: number;
  /** Stop starting new batches after this many milliseconds (default: no limit). */
  readonly timeLimitMs?: number;
  /** The base seed (default: random). Batch `b` uses a seed derived from it. */
  readonly seed?: number;
  /** Presets to cycle through: names (`'tiny'`, `'default'`, `'crowded'`) or `{ name, config }` (default: all three). */
  readonly presets?: readonly PresetChoice[];
  /** Longest sequence (default 200). */
  readonly maxCommands?: number;
  /** Fast-check runs per batch (default 10); one batch = one preset and one seed. */
  readonly batchRuns?: number;
  /** Compare abstract states (no page contents) every this many commands; 0 = only at the end (default 10). */
  readonly refineEvery?: number;
  /** `'full'` (default), `'paranoid'` (full refinement after every command) or `'off'` (a rate baseline only). */
  readonly checks?: 'full' | 'paranoid' | 'off';
  /** Relative command weights (default `COMMAND_WEIGHTS`). */
  readonly weights?: Readonly<Record<CommandName, number>>;
  /** How counterexamples name the system under test (default `'custom'`; `'impl'`/`'model'` replay without a factory). */
  readonly implementationName?: string;
  /** Write the counterexample JSON (and its pasted vitest test, `.test.ts`) into this directory (default: not written). */
  readonly counterexampleDir?: string;
  /** The counterexample file's basename (default: preset, seed and time), e.g. `bug05-mprotect-no-invalidate`. */
  readonly counterexampleName?: string;
  /** Called after every batch with the totals so far. */
  readonly onProgress?: (progress: ConformanceProgress) => void;
  /** Asked before every batch; `true` ends the campaign there with the totals so far (`stopped`). */
  readonly shouldStop?: () => boolean;
  /** Run only the batches of this shard (R25: b ≡ index − 1 mod count; default the whole campaign). */
  readonly shard?: Shard;
  /** @internal Batches from this index on are not started (a worker told of a lower failure, R25). */
  readonly batchLimit?: () => number;
  /** @internal Run this one batch only (the coordinator shrinking a worker's failure). */
  readonly onlyBatch?: number;
  /** @internal Shrink and build the counterexample of a failure (default true; workers report the batch only). */
  readonly shrink?: boolean;
}

/** Totals so far, as `onProgress` receives them. @public */
export interface ConformanceProgress {
  readonly runs: number;
  readonly commands: number;
  readonly elapsedMs: number;
}

/** Per-preset totals. @public */
export interface PresetTotals {
  readonly preset: string;
  readonly runs: number;
  readonly commands: number;
  readonly commandsPerSecond: number;
}

/** What `checkConformance` found. @public */
export interface ConformanceResult {
  /** No failure in any run, and at least one run (a campaign that checked nothing is not a pass). */
  readonly ok: boolean;
  /** `shouldStop` ended the campaign before its budget. */
  readonly stopped?: boolean;
  /** Sequences run (shrinking runs not counted). */
  readonly runs: number;
  /** Commands run (shrinking runs not counted). */
  readonly commands: number;
  readonly elapsedMs: number;
  readonly commandsPerSecond: number;
  /** How often each interesting event was reached (see `COVERAGE_LABELS`). */
  readonly coverage: Coverage;
  readonly perPreset: readonly PresetTotals[];
  /** The shrunk failure, when `ok` is false. */
  readonly counterexample?: Counterexample;
  /** Where the counterexample was written, with `counterexampleDir`. */
  readonly counterexampleFile?: string;
  /** The counterexample printed for a person (sequence, first difference, seed, path, replay command). */
  readonly report?: string;
  /** The batch indices run (R25), the failing one included. */
  readonly batches?: readonly number[];
  /** The batch whose failure this is. */
  readonly failedBatch?: number;
}

/**
 * Runs the property suite against the `SvaSystem`s `factory` makes, with the model as the
 * reference: random command sequences (every operation, CPU page-table changes interleaved with
 * device work) run on both; after every command the results and errnos must match, S1-S7 hold on
 * the model, I1-I3 on the system when it offers the impl's inspection hook; at the end of every
 * sequence the abstract states must be equal (page contents included) and `quiesce` must
 * terminate within the liveness bound leaving no work and no page request.
 *
 * @example
 * const result = checkConformance((config) => createMySystem(config), { runs: 200, seed: 42 });
 * if (!result.ok) console.log(result.report);
 * @public
 */
export function checkConformance(factory: SystemFactory, options: ConformanceOptions = {}): ConformanceResult {
  const run = conformanceBatches(factory, options);
  for (;;) {
    const next = run.next();
    if (next.done === true) return next.value;
  }
}

/**
 * `checkConformance` one batch at a time: yields after every batch, returns the result. A caller
 * that awaits between batches (the campaign CLI) lets a signal handler run and set `shouldStop`.
 * Throws a TypeError or RangeError for a bad argument before anything runs.
 *
 * @internal
 */
export function* conformanceBatches(
  factory: SystemFactory,
  options: ConformanceOptions = {},
): Generator<ConformanceProgress, ConformanceResult> {
  validateConformanceArgs(factory, options);
  const mix: readonly NamedConfig[] = (options.presets ?? DEFAULT_MIX).map(namedConfig);
  if (mix.length === 0) throw new Error('checkConformance needs at least one preset');
  const runLimit = options.runs ?? (options.timeLimitMs === undefined ? 100 : Infinity);
  const seed = options.seed ?? (Math.random() * 2 ** 31) | 0;
  const batchRuns = options.batchRuns ?? 10;
  const maxCommands = options.maxCommands ?? 200;
  const runOptions = {
    implementation: factory,
    refineEvery: options.refineEvery ?? 10,
    checks: options.checks ?? 'full',
  };
  const coverage = emptyCoverage();
  const totals = mix.map((m) => ({ preset: m.name, runs: 0, commands: 0, ms: 0 }));
  const start = performance.now();
  let runs = 0;
  let commands = 0;
  const elapsed = (): number => performance.now() - start;
  const finish = (extra: Partial<ConformanceResult>): ConformanceResult => {
    const ms = elapsed();
    return {
      ok: true,
      runs,
      commands,
      elapsedMs: ms,
      commandsPerSecond: ms > 0 ? (commands * 1000) / ms : 0,
      coverage,
      perPreset: totals.map((t) => ({
        preset: t.preset,
        runs: t.runs,
        commands: t.commands,
        commandsPerSecond: t.ms > 0 ? (t.commands * 1000) / t.ms : 0,
      })),
      ...extra,
    };
  };

  let stopped = false;
  const shard = options.shard ?? WHOLE;
  const lastBatch = batchCount(runLimit, batchRuns);
  const ran: number[] = [];
  const first = options.onlyBatch ?? shard.index - 1;
  const step = options.onlyBatch === undefined ? shard.count : Infinity;
  for (
    let b = first;
    b < lastBatch && (options.timeLimitMs === undefined || elapsed() < options.timeLimitMs);
    b += step
  ) {
    if (options.shouldStop?.() === true) {
      stopped = true;
      break;
    }
    if (options.batchLimit !== undefined && b >= options.batchLimit()) break;
    const named = mix[b % mix.length];
    const total = totals[b % mix.length];
    const config = resolveConfig(named.config);
    const numRuns = batchSize(b, runLimit, batchRuns);
    const prelude = named.prelude === undefined ? {} : { prelude: named.prelude };
    const noiommuIsolation = named.noiommuIsolation === true; // check K (R20): only the `noiommu` preset
    const weights = options.weights ?? named.weights;
    const s = batchSeed(seed, b);
    const batchStart = performance.now();
    // Counting stops at the first failure: the runs after it are fast-check shrinking.
    let shrinking = false;
    // R24: expected errnos by the thousand need no stack traces; restored before anything is reported.
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let details: fc.RunDetails<[Iterable<SvaCommand>]>;
    try {
      details = fc.check(
        fc.property(
          commandSequences(config, {
            maxCommands,
            ...(weights === undefined ? {} : { weights }),
            ...(named.prologue === undefined ? {} : { prologue: named.prologue() }),
          }),
          (seq) => {
            try {
              runCommands(config, seq, { ...runOptions, ...prelude, noiommuIsolation }, (state) => {
                if (shrinking) return;
                runs++;
                total.runs++;
                commands += state.commands;
                total.commands += state.commands;
                addCoverage(coverage, state.coverage.counts);
              });
            } catch (e) {
              shrinking = true;
              throw e;
            }
          },
        ),
        { seed: s, numRuns, ...(options.shrink === false ? { endOnFailure: true } : {}) },
      );
    } finally {
      Error.stackTraceLimit = stackLimit;
    }
    total.ms += performance.now() - batchStart;
    ran.push(b);
    options.onProgress?.({ runs, commands, elapsedMs: elapsed() });
    if (!details.failed) {
      yield { runs, commands, elapsedMs: elapsed() };
      continue;
    }
    if (options.shrink === false) return finish({ ok: false, batches: ran, failedBatch: b });

    const iterable = details.counterexample?.[0] as Iterable<unknown> | undefined;
    const shrunk = iterable === undefined ? [] : commandDataOf(iterable);
    const replayPath = /replayPath="([^"]*)"/.exec(String(iterable))?.[1];
    const replayOptions = { implementation: factory, refineEvery: 1, ...prelude, noiommuIsolation };
    // fast-check's shrink, then the deletion/simplification pass (same failure kind kept).
    const first = replaySequence(config, shrunk, replayOptions).failure;
    const data = first === undefined ? shrunk : minimizeFailure(config, shrunk, first, replayOptions);
    // The shrunk sequence again, comparing after every command, for the log and the first difference.
    const replay = replaySequence(config, data, replayOptions);
    const failure = replay.failure ?? failureRecord(details.errorInstance, data.length);
    const cx: Counterexample = {
      format: COUNTEREXAMPLE_FORMAT,
      preset: named.name,
      config,
      ...prelude,
      implementation: options.implementationName ?? 'custom',
      seed: s,
      path: details.counterexamplePath ?? '',
      ...(replayPath === undefined ? {} : { replayPath }),
      commands: data,
      failure,
      log: replay.ok
        ? [...replay.log, '(the replay did not fail again: the failure is not deterministic)']
        : replay.log,
    };
    const pasted = pastedTest(cx, options.counterexampleDir, options.counterexampleName);
    const file =
      options.counterexampleDir === undefined
        ? undefined
        : writeCounterexample(cx, options.counterexampleDir, options.counterexampleName, pasted.source);
    const report = `${formatCounterexample(cx, file)}\n${pasted.text}`;
    return finish({
      ok: false,
      counterexample: cx,
      report,
      batches: ran,
      failedBatch: b,
      ...(file === undefined ? {} : { counterexampleFile: file }),
    });
  }
  // A campaign that ran no sequence checked nothing: never a pass.
  if (runs === 0)
    return finish({
      ok: false,
      batches: ran,
      ...(stopped ? { stopped } : {}),
      report: 'checked nothing: no sequence ran',
    });
  return finish({ batches: ran, ...(stopped ? { stopped } : {}) });
}
