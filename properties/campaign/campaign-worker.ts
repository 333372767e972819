// The body of one worker thread of `npm start -- --workers N` (SPEC §16, R25): it loads the system
// under test by its recorded name, runs its shard's batches without shrinking, posts its totals
// after every batch, and stops starting batches at or past the lowest failing batch the
// coordinator tells it of (or at Ctrl-C). Its last message is its totals, the failing batch if any.

import { parentPort, workerData } from 'node:worker_threads';
import { loadSystem } from '../cli/load-system.ts';
import type { WorkerMessage, WorkerTask } from './campaign-workers.ts';
import { presetsFor } from './campaign.ts';
import { conformanceBatches, type ConformanceResult } from './conformance.ts';
import { shardTotalsOf } from './shard-totals.ts';

const port = parentPort;
if (port === null) throw new Error('campaign-worker.ts runs only as a worker thread');
const task = workerData as WorkerTask;
let limit = Infinity;
let stopped = false;
port.on('message', (m: { type: 'limit'; below: number } | { type: 'stop' }) => {
  if (m.type === 'limit') limit = Math.min(limit, m.below);
  else stopped = true;
});
const post = (m: WorkerMessage): void => port.postMessage(m);

const system = await loadSystem(task.system);
const batches = conformanceBatches(system.factory, {
  seed: task.seed,
  presets: presetsFor(task.preset),
  shard: task.shard,
  shrink: false,
  ...(task.paranoid === true ? { checks: 'paranoid' as const } : {}),
  implementationName: system.name,
  batchLimit: () => limit,
  shouldStop: () => stopped,
  onProgress: (p) => post({ type: 'progress', ...p }),
  ...(task.runs === undefined ? {} : { runs: task.runs }),
  ...(task.timeLimitMs === undefined ? {} : { timeLimitMs: task.timeLimitMs }),
  ...(task.maxCommands === undefined ? {} : { maxCommands: task.maxCommands }),
});
let result: ConformanceResult;
for (;;) {
  const next = batches.next();
  if (next.done === true) {
    result = next.value;
    break;
  }
  // Let the coordinator's messages (a lower failure, Ctrl-C) arrive between batches.
  await new Promise<void>((resolve) => setImmediate(resolve));
}
post({ type: 'done', totals: shardTotalsOf(result) });
// The coordinator has all it needs: stop listening so the thread ends.
port.close();
