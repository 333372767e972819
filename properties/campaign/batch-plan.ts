// The batch plan of a campaign (SPEC §16, §17 R25): batch b has a fixed size (the last one of a
// `runs` budget the remainder), runs on preset `mix[b mod mix.length]` with a seed derived from
// (seed, b) alone, and shard i/n (1-based) runs the batches b ≡ i − 1 (mod n). So a `runs` campaign
// is the same set of batches however it is spread over workers or machines, and the failure of its
// lowest failing batch is the same failure.

/** Shard `index` of `count` (1-based), as `--shard i/n` names it. @public */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole campaign as one shard. */
export const WHOLE: Shard = Object.freeze({ index: 1, count: 1 });

/** The seed of batch `b`: spread out from the base seed, a 32-bit integer as fast-check wants. @internal */
export function batchSeed(seed: number, b: number): number {
  return (seed + Math.imul(b, 0x9e3779b1)) | 0;
}

/** Batches of a `runs` budget (Infinity when only time limits the campaign). @internal */
export function batchCount(runs: number, batchRuns: number): number {
  return Number.isFinite(runs) ? Math.ceil(runs / batchRuns) : Infinity;
}

/** The runs of batch `b`: `batchRuns`, the remainder for the last one of a `runs` budget. @internal */
export function batchSize(b: number, runs: number, batchRuns: number): number {
  return Number.isFinite(runs) ? Math.min(batchRuns, runs - b * batchRuns) : batchRuns;
}

/** `i/n` → a shard; RangeError unless 1 ≤ i ≤ n are integers. @internal */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m === null ? Number.NaN : Number(m[1]);
  const count = m === null ? Number.NaN : Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new RangeError(`a shard is i/n with integers 1 ≤ i ≤ n, got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/** Batch indices as ranges: `0–41, 43, 45–50`. @public */
export function formatBatchRanges(batches: readonly number[]): string {
  const sorted = [...new Set(batches)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.length === 0 ? '(none)' : parts.join(', ');
}
