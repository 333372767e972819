// The campaign (`npm start`): `checkConformance` of a built-in system against the model for a time
// budget on a preset mix, with a progress line on a terminal, a summary with commands per second
// and the coverage table, and the counterexample (written to a JSON file) on failure.

import { formatCoverage } from '../coverage/events.ts';
import { checkConformance, type ConformanceResult } from './conformance.ts';
import { implementationFactory, type ImplementationName } from './implementations.ts';
import { DEFAULT_MIX, NAMED_CONFIGS, type NamedConfig } from './mix.ts';

/** Options of a campaign (the CLI flags). */
export interface CampaignOptions {
  /** Time budget in seconds (default 60; unlimited when only `runs` is given). */
  readonly timeSeconds?: number;
  /** Stop after this many sequences. */
  readonly runs?: number;
  readonly seed?: number;
  /** A preset name, or `'mix'` for the default mix (tiny, default, crowded, scarce). */
  readonly preset?: string;
  readonly maxCommands?: number;
  /** The system under test (default `'impl'`). */
  readonly against?: ImplementationName;
  /** Where a counterexample file goes (default `counterexamples`). */
  readonly counterexampleDir?: string;
  /** Print a progress line (default: when stdout is a terminal). */
  readonly progress?: boolean;
}

/** The presets a `preset` option names. */
export function presetsFor(preset: string | undefined): readonly NamedConfig[] {
  if (preset === undefined || preset === 'mix') return DEFAULT_MIX;
  const named = NAMED_CONFIGS[preset];
  if (named === undefined) throw new Error(`unknown preset '${preset}' (known: mix, ${Object.keys(NAMED_CONFIGS).join(', ')})`);
  return [named];
}

/** Runs a campaign; the result says whether it passed and carries the counterexample if not. */
export function runCampaign(options: CampaignOptions = {}): ConformanceResult & { readonly seed: number } {
  const seed = options.seed ?? ((Math.random() * 2 ** 31) | 0);
  const timeSeconds = options.timeSeconds ?? (options.runs === undefined ? 60 : undefined);
  const showProgress = options.progress ?? process.stdout.isTTY === true;
  const against = options.against ?? 'impl';
  const result = checkConformance(implementationFactory(against), {
    seed,
    presets: presetsFor(options.preset),
    ...(options.runs === undefined ? {} : { runs: options.runs }),
    ...(timeSeconds === undefined ? {} : { timeLimitMs: timeSeconds * 1000 }),
    ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }),
    implementationName: against,
    counterexampleDir: options.counterexampleDir ?? 'counterexamples',
    ...(showProgress
      ? {
          onProgress: (p) => {
            const rate = p.elapsedMs > 0 ? Math.round((p.commands * 1000) / p.elapsedMs) : 0;
            process.stdout.write(`\r  runs ${p.runs}  commands ${p.commands}  ${rate} commands/s  elapsed ${(p.elapsedMs / 1000).toFixed(1)} s   `);
          },
        }
      : {}),
  });
  if (showProgress) process.stdout.write('\n');
  return { ...result, seed };
}

/** The human summary of a campaign: totals, commands per second per preset, coverage, counterexample. */
export function formatCampaign(result: ConformanceResult & { readonly seed: number }, against: string): string {
  const lines: string[] = [];
  lines.push(`${result.ok ? 'PASSED' : 'FAILED'}: ${against} against the model, seed ${result.seed}`);
  lines.push(`  ${result.runs} sequences, ${result.commands} commands in ${(result.elapsedMs / 1000).toFixed(1)} s: ${Math.round(result.commandsPerSecond)} commands/s`);
  for (const p of result.perPreset) {
    if (p.runs > 0) lines.push(`    ${p.preset.padEnd(8)} ${String(p.runs).padStart(6)} sequences ${String(p.commands).padStart(9)} commands ${String(Math.round(p.commandsPerSecond)).padStart(7)} commands/s`);
  }
  lines.push('Coverage (times reached):');
  lines.push(formatCoverage(result.coverage));
  if (result.report !== undefined) lines.push('', result.report);
  return lines.join('\n');
}
