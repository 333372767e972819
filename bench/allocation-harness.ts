// A counting harness for "this hot path allocates nothing": runs a body N times after warm-up, with
// no collection in between, and reports the JS heap growth and the collections that happened.
// Any heap object costs ≥ 12 bytes, so a path that allocates per iteration grows the heap by
// ≥ 12·N bytes — or, if that overflows the young generation, triggers a scavenge, which the GC
// observer counts. An allocation-free path shows neither. One-off heap use that is not per
// iteration (JIT tier-up installing code mid-run) is filtered out by keeping the quietest of three
// measured runs: a per-iteration allocation shows in every run. `gc` comes from V8 through
// `--expose-gc` set at run time (v8.setFlagsFromString) and a fresh vm context.

import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** What a measurement saw (the quietest of its measured runs). */
export interface AllocationReport {
  readonly iterations: number;
  /** heapUsed after a measured run minus before it. */
  readonly heapGrowth: number;
  /** Garbage collections during that run. */
  readonly collections: number;
}

async function measuredRun(iterations: number, body: (iterations: number) => void): Promise<AllocationReport> {
  collectGarbage();
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    collections += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage().heapUsed;
  body(iterations);
  const after = process.memoryUsage().heapUsed;
  await new Promise((resolve) => setTimeout(resolve, 10)); // GC entries arrive asynchronously
  observer.disconnect();
  return { iterations, heapGrowth: after - before, collections };
}

/** Runs `body(iterations)` twice to warm up (JIT, caches), then three times measured; the quietest run. */
export async function measureAllocation(
  iterations: number,
  body: (iterations: number) => void,
): Promise<AllocationReport> {
  body(iterations);
  body(iterations);
  let quietest: AllocationReport | undefined;
  for (let run = 0; run < 3; run++) {
    const report = await measuredRun(iterations, body);
    if (
      quietest === undefined ||
      report.collections * 1e12 + report.heapGrowth < quietest.collections * 1e12 + quietest.heapGrowth
    )
      quietest = report;
  }
  return quietest as AllocationReport;
}

/** Whether a report shows no per-iteration allocation: under a quarter byte per iteration, no collection. */
export function allocationFree(report: AllocationReport): boolean {
  return report.collections === 0 && report.heapGrowth < report.iterations / 4;
}
