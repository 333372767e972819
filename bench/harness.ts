// The measuring harness on tinybench: tasks that are compared are measured side by side in the same
// process, in several rounds (each round one tinybench run of every task, in turn), and reported as
// the median over rounds of each task's median latency; ratios are taken per round (both tasks of
// the round ran back to back under the same conditions) and their median is reported.

import { Bench } from 'tinybench';

/** A task to time: `run` is timed; `prepare` runs before each call of `run`, untimed. */
export interface TimedTask {
  readonly name: string;
  readonly run: () => void;
  readonly prepare?: () => void;
  /** Checks what one call of `run` did (untimed, after each call); throws if it went wrong. */
  readonly verify?: () => void;
}

/** How long to measure. */
export interface RoundOptions {
  /** Rounds (default 5). */
  readonly rounds?: number;
  /** Time budget per task per round, in ms (default 300). */
  readonly timeMs?: number;
  /** Minimum calls per task per round (default 5). */
  readonly minIterations?: number;
  /** Untimed calls of each task before the first round, to let the JIT settle (default 10). */
  readonly warmupCalls?: number;
}

/** One task's timing across the rounds. */
export interface TaskTiming {
  readonly name: string;
  /** The median over rounds of the round's median latency, in ms. */
  readonly medianMs: number;
  /** Each round's median latency, in ms. */
  readonly roundMediansMs: readonly number[];
  /** Timed calls in all rounds. */
  readonly samples: number;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times every task in `rounds` rounds, the tasks of a round back to back, and returns each task's
 * timing in the order given. A task that throws fails the whole measurement (a benchmark of a
 * broken run means nothing).
 */
export async function measureSideBySide(
  tasks: readonly TimedTask[],
  options: RoundOptions = {},
): Promise<TaskTiming[]> {
  const rounds = options.rounds ?? 5;
  const warmupCalls = options.warmupCalls ?? 10;
  for (const task of tasks) {
    for (let k = 0; k < warmupCalls; k++) {
      task.prepare?.();
      task.run();
      task.verify?.();
    }
  }
  const perRound = tasks.map(() => [] as number[]);
  const samples = tasks.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({
      time: options.timeMs ?? 300,
      iterations: options.minIterations ?? 5,
      warmup: false,
      throws: true,
    });
    for (const task of tasks) {
      bench.add(task.name, task.run, {
        async: false,
        ...(task.prepare === undefined ? {} : { beforeEach: () => task.prepare?.() }),
        ...(task.verify === undefined ? {} : { afterEach: () => task.verify?.() }),
      });
    }
    await bench.run();
    bench.tasks.forEach((t, i) => {
      const result = t.result;
      if (result.state !== 'completed') throw new Error(`bench task ${t.name} did not complete (${result.state})`);
      perRound[i].push(result.latency.p50);
      samples[i] += result.latency.samplesCount;
    });
  }
  return tasks.map((task, i) => ({
    name: task.name,
    medianMs: median(perRound[i]),
    roundMediansMs: perRound[i],
    samples: samples[i],
  }));
}

/** The median over rounds of `slower / faster` (how many times faster `faster` is). */
export function roundRatio(slower: TaskTiming, faster: TaskTiming): number {
  return median(slower.roundMediansMs.map((ms, r) => ms / faster.roundMediansMs[r]));
}
