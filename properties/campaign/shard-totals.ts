// What one shard of a campaign found, as a worker thread posts it and `--out FILE` writes it, and
// how shards merge (SPEC §16, R25): runs, commands and coverage counts sum, per-preset rates add up
// (the shards ran side by side), the batch lists join, and the failure kept is the one of the
// lowest failing batch — the failure a single process would have reported.

import type { Counterexample } from '../counterexample/file.ts';
import { addCoverage, emptyCoverage, type Coverage } from '../coverage/events.ts';
import type { ConformanceResult, PresetTotals } from './conformance.ts';

/** The mergeable part of a shard's result (plain data: it crosses threads and files). @public */
export interface ShardTotals {
  readonly ok: boolean;
  readonly runs: number;
  readonly commands: number;
  readonly elapsedMs: number;
  readonly coverage: Coverage;
  readonly perPreset: readonly PresetTotals[];
  readonly batches: readonly number[];
  readonly failedBatch?: number;
  readonly stopped?: boolean;
  /** The shrunk counterexample of `failedBatch` (a `--shard` run shrinks its own failure). */
  readonly counterexample?: Counterexample;
  readonly report?: string;
}

/** The mergeable part of a conformance result. @internal */
export function shardTotalsOf(r: ConformanceResult): ShardTotals {
  return {
    ok: r.ok,
    runs: r.runs,
    commands: r.commands,
    elapsedMs: r.elapsedMs,
    coverage: r.coverage,
    perPreset: r.perPreset,
    batches: r.batches ?? [],
    ...(r.failedBatch === undefined ? {} : { failedBatch: r.failedBatch }),
    ...(r.stopped === true ? { stopped: true } : {}),
    ...(r.counterexample === undefined ? {} : { counterexample: r.counterexample }),
    ...(r.report === undefined ? {} : { report: r.report }),
  };
}

/** The shard whose failure is the campaign's: the lowest failing batch (R25), or undefined. @internal */
export function lowestFailure(shards: readonly ShardTotals[]): ShardTotals | undefined {
  let best: ShardTotals | undefined;
  for (const s of shards) {
    if (s.failedBatch !== undefined && (best?.failedBatch === undefined || s.failedBatch < best.failedBatch)) best = s;
  }
  return best;
}

/** Shards merged: sums, union of coverage, joined batches, the lowest failure (R25). @public */
export function mergeShardTotals(shards: readonly ShardTotals[]): ShardTotals {
  const coverage = emptyCoverage();
  const presets = new Map<string, { preset: string; runs: number; commands: number; commandsPerSecond: number }>();
  let runs = 0;
  let commands = 0;
  let elapsedMs = 0;
  for (const s of shards) {
    runs += s.runs;
    commands += s.commands;
    elapsedMs = Math.max(elapsedMs, s.elapsedMs);
    addCoverage(coverage, s.coverage);
    for (const p of s.perPreset) {
      const t = presets.get(p.preset) ?? { preset: p.preset, runs: 0, commands: 0, commandsPerSecond: 0 };
      t.runs += p.runs;
      t.commands += p.commands;
      t.commandsPerSecond += p.commandsPerSecond;
      presets.set(p.preset, t);
    }
  }
  const failure = lowestFailure(shards);
  const stopped = shards.some((s) => s.stopped === true);
  return {
    ok: failure === undefined && runs > 0,
    runs,
    commands,
    elapsedMs,
    coverage,
    perPreset: [...presets.values()],
    batches: shards.flatMap((s) => s.batches).sort((a, b) => a - b),
    ...(failure?.failedBatch === undefined ? {} : { failedBatch: failure.failedBatch }),
    ...(stopped ? { stopped } : {}),
    ...(failure?.counterexample === undefined ? {} : { counterexample: failure.counterexample }),
    ...(failure?.report === undefined ? {} : { report: failure.report }),
  };
}
