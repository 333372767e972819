// "No allocation on the hot paths" (SPEC §10), measured: heap growth per call of the IOTLB-hit
// translation, the ATC-hit translation, a served copy chunk and a whole 7.5 KiB copy served in one
// quiesce burst, over many calls with no collection
// in between (V8's `gc` is exposed at run time for the clean baseline). A path that allocates even
// one small object per call grows the heap by ≥ 12 bytes per call or triggers a scavenge.

import { measureAllocation, type AllocationReport } from './allocation-harness.ts';
import { HotPathProbe } from './hot-path-probe.ts';

const CALLS = 200_000;

/** Heap growth of one hot path. */
export interface PathAllocation {
  /** Heap growth per call in bytes (the quietest of three runs; ≈ 0 when allocation-free). */
  readonly bytesPerCall: number;
  /** Garbage collections during that run. */
  readonly collections: number;
}

/** What the allocation check found. */
export interface AllocationResult {
  readonly iotlbHit: PathAllocation;
  readonly atcHit: PathAllocation;
  readonly copyChunk: PathAllocation;
  /** A whole unaligned 7.5 KiB copy (3 chunks: each side crosses one page boundary) served in one burst. */
  readonly copyBurst: PathAllocation;
  /** Every path under a quarter byte per call with no collection. */
  readonly allocationFree: boolean;
}

/** The quietest of three measured runs of `CALLS` calls (see allocation-harness.ts), per call. */
async function quietestRun(body: (calls: number) => void): Promise<PathAllocation> {
  const report: AllocationReport = await measureAllocation(CALLS, body);
  return { bytesPerCall: Math.max(0, report.heapGrowth) / CALLS, collections: report.collections };
}

function isQuiet(a: PathAllocation): boolean {
  return a.collections === 0 && a.bytesPerCall < 0.25;
}

/** Measures the three hot paths. */
export async function measureHotPathAllocation(): Promise<AllocationResult> {
  const iotlbProbe = new HotPathProbe({ devices: [{ name: 'dummy-0', ats: false }] });
  const atcProbe = new HotPathProbe({});
  const copyProbe = new HotPathProbe({});
  copyProbe.queueCopy(0, 0x2000, 0x2000);
  const burstProbe = new HotPathProbe({});
  burstProbe.queueCopy(0x10, 0x2100, 0x1e00);
  if (burstProbe.bursts(1) !== 3) throw new Error('the probed burst did not serve the 3 chunks of its copy');
  const iotlbHit = await quietestRun((n) => {
    iotlbProbe.translations(n);
  });
  const atcHit = await quietestRun((n) => {
    atcProbe.translations(n);
  });
  const copyChunk = await quietestRun((n) => {
    copyProbe.chunks(n);
  });
  const copyBurst = await quietestRun((n) => {
    burstProbe.bursts(n);
  });
  const moved = copyProbe.bytesAt(0x2000, 0x1000);
  const source = copyProbe.bytesAt(0, 0x1000);
  if (!moved.every((b, i) => b === source[i])) throw new Error('the probed copy chunk moved the wrong bytes');
  const burstMoved = burstProbe.bytesAt(0x2100, 0x1e00);
  const burstSource = burstProbe.bytesAt(0x10, 0x1e00);
  if (!burstMoved.every((b, i) => b === burstSource[i])) throw new Error('the probed burst moved the wrong bytes');
  return {
    iotlbHit,
    atcHit,
    copyChunk,
    copyBurst,
    allocationFree: [iotlbHit, atcHit, copyChunk, copyBurst].every(isQuiet),
  };
}
