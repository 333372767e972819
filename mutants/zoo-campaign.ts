// The zoo campaign: the property suite (`checkConformance`, model vs variant, S1-S7, I1-I3,
// refinement, liveness) against every seeded bug with a fixed budget and fixed seeds, and the table
// of what it found: caught or not, sequences and seconds to the first failure, the shrunk length
// and the first difference.

import type { SvaSystem, SystemFactory } from '../interface/index.ts';
import { checkConformance, type Counterexample, type PresetChoice } from '../properties/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** Options of a zoo run; every field optional. */
export interface ZooOptions {
  /** The base seed of every bug's campaign (default `ZOO_SEED`). */
  readonly seed?: number;
  /** Sequences each bug's campaign may run before it counts as not caught (default `ZOO_RUNS`). */
  readonly runs?: number;
  /** Wall-clock cap per bug in seconds, a guard for slow machines (default `ZOO_SECONDS`). */
  readonly secondsPerBug?: number;
  /** Longest sequence (default: the campaign's, 200). */
  readonly maxCommands?: number;
  /** Presets the campaign cycles through (default: the properties' mix — tiny, default, crowded, scarce). */
  readonly presets?: readonly PresetChoice[];
  /** Write each counterexample JSON into this directory (`npm run replay -- FILE` replays it). */
  readonly counterexampleDir?: string;
  /** Called after each bug, in order. */
  readonly onRow?: (row: ZooRow) => void;
}

/** What the campaign found for one bug. */
export interface ZooRow {
  readonly id: number;
  /** `NN-name`, e.g. `01-munmap-keeps-iotlb`. */
  readonly bug: string;
  readonly caught: boolean;
  /** Sequences run up to and including the first failing one (all of the budget when not caught). */
  readonly runs: number;
  /** Seconds to the first failure (before shrinking); the whole run when not caught. */
  readonly seconds: number;
  /** Seconds shrinking and replaying took. */
  readonly shrinkSeconds: number;
  /** Commands in the shrunk counterexample (0 when not caught). */
  readonly shrunkLength: number;
  /** The check that failed: mismatch, crash, invariant, refinement or liveness. */
  readonly failureKind?: string;
  /** The first difference, as the counterexample states it. */
  readonly firstDifference?: string;
  /** The preset the counterexample ran on. */
  readonly preset?: string;
  /** The shrunk counterexample itself (its `implementation` is `zooImplementationName(bug)`). */
  readonly counterexample?: Counterexample;
  /** Where it was written, with `counterexampleDir`. */
  readonly counterexampleFile?: string;
}

/** How counterexamples name a zoo variant: `zoo bug N` (the replay CLI finds the variant by it). */
export function zooImplementationName(bug: Pick<ZooBug, 'id'>): string {
  return `zoo bug ${bug.id}`;
}

/** The basename of a bug's counterexample file: `bug05-mprotect-no-invalidate` (`.json`, `.test.ts`). */
export function zooFileName(bug: Pick<ZooBug, 'id' | 'name'>): string {
  return `bug${String(bug.id).padStart(2, '0')}-${bug.name}`;
}

/** The result of a zoo run. */
export interface ZooResult {
  readonly rows: readonly ZooRow[];
  readonly caught: number;
  readonly total: number;
  /** Median shrunk length over the caught bugs. */
  readonly medianShrunkLength: number;
}

/** The fixed base seed of the zoo. */
export const ZOO_SEED = 20_261_124;
/** The fixed sequence budget per bug. */
export const ZOO_RUNS = 2000;
/** The wall-clock guard per bug. */
export const ZOO_SECONDS = 120;

/** `factory`, noting when each system is made (the first one after the failing run marks the failure time). */
function timedFactory(factory: SystemFactory, made: number[]): SystemFactory {
  return (config) => {
    made.push(performance.now());
    const system: SvaSystem = factory(config);
    return system;
  };
}

/** Runs the property campaign against one bug. */
export function huntBug(bug: ZooBug, options: ZooOptions = {}): ZooRow {
  const made: number[] = [];
  const start = performance.now();
  const result = checkConformance(timedFactory(bug.create, made), {
    seed: options.seed ?? ZOO_SEED,
    runs: options.runs ?? ZOO_RUNS,
    timeLimitMs: (options.secondsPerBug ?? ZOO_SECONDS) * 1000,
    ...(options.presets === undefined ? {} : { presets: options.presets }),
    ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }),
    implementationName: zooImplementationName(bug),
    ...(options.counterexampleDir === undefined ? {} : { counterexampleDir: options.counterexampleDir }),
    counterexampleName: zooFileName(bug),
  });
  const end = performance.now();
  const label = `${String(bug.id).padStart(2, '0')}-${bug.name}`;
  const cx = result.counterexample;
  if (result.ok || cx === undefined) {
    return {
      id: bug.id,
      bug: label,
      caught: false,
      runs: result.runs,
      seconds: (end - start) / 1000,
      shrinkSeconds: 0,
      shrunkLength: 0,
    };
  }
  // System number `runs` ran the failing sequence; the next one made starts the shrinking.
  const failedAt = made[result.runs] ?? end;
  return {
    id: bug.id,
    bug: label,
    caught: true,
    runs: result.runs,
    seconds: (failedAt - start) / 1000,
    shrinkSeconds: (end - failedAt) / 1000,
    shrunkLength: cx.commands.length,
    failureKind: cx.failure.kind,
    firstDifference: cx.failure.detail,
    ...(cx.preset === undefined ? {} : { preset: cx.preset }),
    counterexample: cx,
    ...(result.counterexampleFile === undefined ? {} : { counterexampleFile: result.counterexampleFile }),
  };
}

/** The median of a list of numbers (0 for none). */
function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs the campaign against every bug of `bugs`, in order. */
export function runZoo(bugs: readonly ZooBug[], options: ZooOptions = {}): ZooResult {
  const rows: ZooRow[] = [];
  for (const bug of bugs) {
    const row = huntBug(bug, options);
    rows.push(row);
    options.onRow?.(row);
  }
  return zooSummary(rows);
}

/** Totals of a list of rows: how many were caught and the median shrunk length of those. */
export function zooSummary(rows: readonly ZooRow[]): ZooResult {
  const caught = rows.filter((r) => r.caught);
  return {
    rows,
    caught: caught.length,
    total: rows.length,
    medianShrunkLength: median(caught.map((r) => r.shrunkLength)),
  };
}
