// The campaign (`npm start`): `checkConformance` of a system against the model for a time budget on
// a preset mix, with a progress line on a terminal, a summary that names the seed and the command
// that re-runs it, commands per second over time (for the HTML report), the coverage table, and
// the counterexample (written to a JSON file and a pasted vitest test) on failure. It runs one
// batch at a time and yields to the event loop between batches, so Ctrl-C (`stop()`) ends it
// cleanly between runs with the summary so far.

import type { SystemFactory } from '../../interface/index.ts';
import { formatCoverage } from '../coverage/events.ts';
import { formatBatchRanges, type Shard } from './batch-plan.ts';
import { runInWorkers } from './campaign-workers.ts';
import { conformanceBatches, type ConformanceProgress, type ConformanceResult } from './conformance.ts';
import { DEFAULT_MIX, NAMED_CONFIGS, type NamedConfig } from './mix.ts';
import { checkInteger, checkPositive } from './validate-options.ts';

/** Options of a campaign (the CLI flags). */
export interface CampaignOptions {
  /** Time budget in seconds (default 60; unlimited when only `runs` is given). */
  readonly timeSeconds?: number;
  /** Stop after this many sequences. */
  readonly runs?: number;
  readonly seed?: number;
  /** A preset name, or `'mix'` for the default mix (tiny, default, crowded, scarce, legacy). */
  readonly preset?: string;
  readonly maxCommands?: number;
  /** The system under test and how counterexamples name it (`impl`, `model`, `module:PATH#EXPORT`). */
  readonly system: { readonly name: string; readonly factory: SystemFactory };
  /** Where a counterexample file goes (default `counterexamples`). */
  readonly counterexampleDir?: string;
  /** Print a progress line (default: when stdout is a terminal). */
  readonly progress?: boolean;
  /** Worker threads (default 1: this thread); each runs a disjoint part of the batches (R25). */
  readonly workers?: number;
  /** Run only this shard's batches (`--shard i/n`, R25). */
  readonly shard?: Shard;
  /** Every check after every command, full refinement with page bytes included (`--paranoid`). */
  readonly paranoid?: boolean;
}

/** Commands per second over one batch, at the end of that batch. */
export interface RateSample {
  readonly elapsedMs: number;
  readonly commandsPerSecond: number;
}

/** A campaign's result: the conformance result plus what a person needs to re-run and read it. */
export interface CampaignResult extends ConformanceResult {
  readonly seed: number;
  /** The system's recorded name. */
  readonly system: string;
  /** The settings the campaign ran with (for the report). */
  readonly settings: Readonly<Record<string, string | number>>;
  /** The exact command that re-runs this campaign. */
  readonly rerun: string;
  readonly samples: readonly RateSample[];
  /** Ctrl-C ended it before its budget. */
  readonly interrupted: boolean;
}

/** The presets a `preset` option names; RangeError for an unknown name. */
export function presetsFor(preset: string | undefined): readonly NamedConfig[] {
  if (preset === undefined || preset === 'mix') return DEFAULT_MIX;
  const named = Object.hasOwn(NAMED_CONFIGS, preset) ? NAMED_CONFIGS[preset] : undefined;
  if (named === undefined) {
    throw new RangeError(`unknown preset '${preset}' (known: mix, ${Object.keys(NAMED_CONFIGS).join(', ')})`);
  }
  return [named];
}

/** A shell word, quoted when it needs to be. */
function shellWord(s: string): string {
  return /^[\w./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `npm start` command line that runs the same campaign again. */
export function rerunCommand(options: CampaignOptions, seed: number, timeSeconds: number | undefined): string {
  const words = ['npm', 'start', '--', '--seed', String(seed)];
  if (options.runs !== undefined) words.push('--runs', String(options.runs));
  if (timeSeconds !== undefined) words.push('--time', String(timeSeconds));
  if (options.preset !== undefined) words.push('--preset', options.preset);
  if (options.maxCommands !== undefined) words.push('--max-commands', String(options.maxCommands));
  if (options.paranoid === true) words.push('--paranoid');
  if (options.shard !== undefined) words.push('--shard', `${options.shard.index}/${options.shard.count}`);
  const name = options.system.name;
  const against = name.startsWith('module:') ? name.slice('module:'.length) : name;
  if (against !== 'impl') words.push('--against', against);
  return words.map(shellWord).join(' ');
}

/** A flag set from outside (Ctrl-C) that the campaign reads between batches. */
export interface StopSignal {
  stopped: boolean;
}

/** Runs a campaign; the result says whether it passed and carries the counterexample if not. */
export async function runCampaign(
  options: CampaignOptions,
  signal: StopSignal = { stopped: false },
): Promise<CampaignResult> {
  const seed =
    options.seed === undefined
      ? (Math.random() * 2 ** 31) | 0
      : checkInteger('seed', options.seed, -(2 ** 31), 2 ** 32 - 1);
  const timeSeconds = options.timeSeconds ?? (options.runs === undefined ? 60 : undefined);
  if (timeSeconds !== undefined) checkPositive('timeSeconds', timeSeconds);
  const showProgress = options.progress ?? process.stdout.isTTY === true;
  const samples: RateSample[] = [];
  let last = { commands: 0, elapsedMs: 0 };
  const onProgress = (p: ConformanceProgress): void => {
    const ms = p.elapsedMs - last.elapsedMs;
    const commandsPerSecond = ((p.commands - last.commands) * 1000) / ms;
    if (ms > 0) samples.push({ elapsedMs: p.elapsedMs, commandsPerSecond });
    last = p;
    if (!showProgress) return;
    const rate = p.elapsedMs > 0 ? Math.round((p.commands * 1000) / p.elapsedMs) : 0;
    const seconds = (p.elapsedMs / 1000).toFixed(1);
    process.stdout.write(`\r  runs ${p.runs}  commands ${p.commands}  ${rate} commands/s  elapsed ${seconds} s   `);
  };
  const workers = options.workers ?? 1;
  let result: ConformanceResult;
  if (workers > 1) {
    result = await runInWorkers({
      workers,
      factory: options.system.factory,
      counterexampleDir: options.counterexampleDir ?? 'counterexamples',
      onProgress,
      shouldStop: () => signal.stopped,
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      task: {
        system: options.system.name,
        seed,
        ...(options.paranoid === true ? { paranoid: true } : {}),
        ...(options.preset === undefined ? {} : { preset: options.preset }),
        ...(options.runs === undefined ? {} : { runs: options.runs }),
        ...(timeSeconds === undefined ? {} : { timeLimitMs: timeSeconds * 1000 }),
        ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }),
      },
    });
  } else {
    const batches = conformanceBatches(options.system.factory, {
      seed,
      presets: presetsFor(options.preset),
      ...(options.paranoid === true ? { checks: 'paranoid' as const } : {}),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      ...(options.runs === undefined ? {} : { runs: options.runs }),
      ...(timeSeconds === undefined ? {} : { timeLimitMs: timeSeconds * 1000 }),
      ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }),
      implementationName: options.system.name,
      counterexampleDir: options.counterexampleDir ?? 'counterexamples',
      shouldStop: () => signal.stopped,
      onProgress,
    });
    for (;;) {
      const next = batches.next();
      if (next.done === true) {
        result = next.value;
        break;
      }
      // Let a signal handler run between batches (a batch is a few milliseconds to a second).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (showProgress) process.stdout.write('\n');
  // The failing batch's time includes fast-check's shrinking: not a rate of the campaign.
  if (result.counterexample !== undefined) samples.pop();
  const settings: Record<string, string | number> = {
    system: options.system.name,
    seed,
    preset: options.preset ?? 'mix',
    ...(timeSeconds === undefined ? {} : { 'time (s)': timeSeconds }),
    ...(options.runs === undefined ? {} : { runs: options.runs }),
    'max commands': options.maxCommands ?? 200,
    ...(workers > 1 ? { workers } : {}),
    ...(options.paranoid === true ? { checks: 'paranoid' } : {}),
    ...(options.shard === undefined ? {} : { shard: `${options.shard.index}/${options.shard.count}` }),
  };
  return {
    ...result,
    seed,
    system: options.system.name,
    settings,
    rerun: rerunCommand(options, seed, timeSeconds),
    samples,
    interrupted: result.stopped === true,
  };
}

/** The verdict word: PASSED, FAILED, INTERRUPTED (no failure so far) or NOTHING CHECKED. */
export function verdictOf(result: CampaignResult): string {
  if (result.counterexample !== undefined) return 'FAILED';
  if (result.runs === 0) return 'NOTHING CHECKED';
  if (result.interrupted) return 'INTERRUPTED';
  return result.ok ? 'PASSED' : 'FAILED';
}

/**
 * The human summary of a campaign: verdict, seed, totals, commands per second per preset, coverage,
 * counterexample, re-run command.
 */
export function formatCampaign(result: CampaignResult): string {
  const lines: string[] = [];
  const verdict = verdictOf(result);
  lines.push(`${verdict}: ${result.system} against the model, seed ${result.seed}`);
  if (verdict === 'INTERRUPTED') {
    lines.push('  (stopped by Ctrl-C before its budget: no failure in the sequences run so far)');
  }
  if (verdict === 'NOTHING CHECKED') lines.push('  (no sequence ran: this is not a pass)');
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const total = Math.round(result.commandsPerSecond);
  lines.push(`  ${result.runs} sequences, ${result.commands} commands in ${seconds} s: ${total} commands/s`);
  for (const p of result.perPreset) {
    if (p.runs === 0) continue;
    const rate = String(Math.round(p.commandsPerSecond)).padStart(7);
    const counts = `${String(p.runs).padStart(6)} sequences ${String(p.commands).padStart(9)} commands`;
    lines.push(`    ${p.preset.padEnd(8)} ${counts} ${rate} commands/s`);
  }
  if (result.batches !== undefined) {
    const failed = result.failedBatch === undefined ? '' : ` (the failure is batch ${result.failedBatch})`;
    lines.push(`  batches run: ${formatBatchRanges(result.batches)}${failed}`);
  }
  lines.push('Coverage (times reached):');
  lines.push(formatCoverage(result.coverage));
  if (result.counterexample !== undefined && result.report !== undefined) lines.push('', result.report);
  lines.push('', `Re-run this campaign: ${result.rerun}`);
  return lines.join('\n');
}
