// `npm start -- --workers N` (SPEC §16, R25): N worker threads (node:worker_threads), worker k
// running the sub-shard k of the campaign's shard, so together they run exactly its batches. A
// failure in batch b tells every worker to start no batch ≥ b while it finishes the ones before;
// when all are done the lowest failing batch is re-run here once, with shrinking, and that is the
// counterexample — the same one a single process finds for the same seed.
//
// Plain worker_threads, not a pool (tinypool/piscina): each worker is one long task that streams
// progress and takes "limit" messages mid-run; a pool's task cancellation would throw away the
// totals of a cancelled shard, and its reuse buys nothing for N tasks on N threads.

import { Worker } from 'node:worker_threads';
import type { SystemFactory } from '../../interface/index.ts';
import type { Shard } from './batch-plan.ts';
import { presetsFor } from './campaign.ts';
import { checkConformance, type ConformanceProgress, type ConformanceResult } from './conformance.ts';
import { mergeShardTotals, type ShardTotals } from './shard-totals.ts';

/** What a worker is given. @internal */
export interface WorkerTask {
  /** The system's recorded name (`impl`, `zoo bug 3`, `module:…`), loaded again in the worker. */
  readonly system: string;
  readonly seed: number;
  readonly preset?: string;
  readonly runs?: number;
  readonly timeLimitMs?: number;
  readonly maxCommands?: number;
  readonly paranoid?: boolean;
  readonly shard: Shard;
}

/** What a worker posts. @internal */
export type WorkerMessage =
  ({ readonly type: 'progress' } & ConformanceProgress) | { readonly type: 'done'; readonly totals: ShardTotals };

/** Options of a multi-worker campaign. @internal */
export interface WorkersOptions {
  readonly workers: number;
  readonly task: Omit<WorkerTask, 'shard'>;
  /** The shard the workers split between them (default the whole campaign). */
  readonly shard?: Shard;
  readonly factory: SystemFactory;
  readonly counterexampleDir?: string;
  readonly onProgress?: (p: ConformanceProgress) => void;
  readonly shouldStop?: () => boolean;
}

/** Sub-shard k (1-based) of N of shard i/n: the batches b ≡ i − 1 (mod n) with (b − (i − 1)) / n ≡ k − 1 (mod N). */
export function subShard(shard: Shard, k: number, workers: number): Shard {
  return { index: shard.index + shard.count * (k - 1), count: shard.count * workers };
}

/** The worker's module, started under tsx with the project's source condition (as the npm scripts run). */
function startWorker(task: WorkerTask): Worker {
  const url = new URL('./campaign-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(code, { eval: true, workerData: task, execArgv: ['--conditions=warpdrive-sva:source'] });
}

/** Runs the campaign on `workers` threads and merges their results; the lowest failure is shrunk here. */
export async function runInWorkers(options: WorkersOptions): Promise<ConformanceResult> {
  const shard = options.shard ?? { index: 1, count: 1 };
  const start = performance.now();
  const progress = new Map<number, ConformanceProgress>();
  const threads: Worker[] = [];
  let lowest = Infinity;
  const stopTimer = setInterval(() => {
    if (options.shouldStop?.() === true) for (const t of threads) t.postMessage({ type: 'stop' });
  }, 100);
  const results = await Promise.all(
    Array.from(
      { length: options.workers },
      (_, i) =>
        new Promise<ShardTotals>((resolve, reject) => {
          const worker = startWorker({ ...options.task, shard: subShard(shard, i + 1, options.workers) });
          threads.push(worker);
          worker.on('message', (m: WorkerMessage) => {
            if (m.type === 'progress') {
              progress.set(i, m);
              let runs = 0;
              let commands = 0;
              for (const p of progress.values()) {
                runs += p.runs;
                commands += p.commands;
              }
              options.onProgress?.({ runs, commands, elapsedMs: performance.now() - start });
              return;
            }
            const failed = m.totals.failedBatch;
            if (failed !== undefined && failed < lowest) {
              lowest = failed;
              for (const t of threads) t.postMessage({ type: 'limit', below: failed });
            }
            resolve(m.totals);
          });
          worker.on('error', (e) => {
            for (const t of threads) void t.terminate();
            reject(e);
          });
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`campaign worker ${i + 1} exited with status ${code}`));
          });
        }),
    ),
  ).finally(() => {
    clearInterval(stopTimer);
    for (const t of threads) void t.terminate();
  });
  const merged = mergeShardTotals(results);
  const elapsedMs = performance.now() - start;
  const base: ConformanceResult = {
    ok: merged.ok,
    runs: merged.runs,
    commands: merged.commands,
    elapsedMs,
    commandsPerSecond: elapsedMs > 0 ? (merged.commands * 1000) / elapsedMs : 0,
    coverage: merged.coverage,
    perPreset: merged.perPreset,
    batches: merged.batches,
    ...(merged.stopped === true ? { stopped: true } : {}),
  };
  if (merged.failedBatch === undefined) {
    return merged.runs === 0 ? { ...base, report: 'checked nothing: no sequence ran' } : base;
  }
  // The failure of the lowest failing batch, shrunk once (R25).
  const t = options.task;
  const shrunk = checkConformance(options.factory, {
    seed: t.seed,
    presets: presetsFor(t.preset),
    onlyBatch: merged.failedBatch,
    implementationName: t.system,
    ...(t.paranoid === true ? { checks: 'paranoid' as const } : {}),
    // A time-limited campaign's batches are unbounded: a budget no re-run reaches keeps it so.
    ...(t.runs === undefined ? { timeLimitMs: Number.MAX_SAFE_INTEGER } : { runs: t.runs }),
    ...(t.maxCommands === undefined ? {} : { maxCommands: t.maxCommands }),
    ...(options.counterexampleDir === undefined ? {} : { counterexampleDir: options.counterexampleDir }),
  });
  return {
    ...base,
    ok: false,
    failedBatch: merged.failedBatch,
    ...(shrunk.counterexample === undefined ? {} : { counterexample: shrunk.counterexample }),
    ...(shrunk.report === undefined ? {} : { report: shrunk.report }),
    ...(shrunk.counterexampleFile === undefined ? {} : { counterexampleFile: shrunk.counterexampleFile }),
  };
}
