// The file `npm start -- --shard i/n --out FILE` writes and `npm run merge -- FILES…` reads (SPEC
// §16): the campaign's identity (seed, preset, runs, time, max commands, system) and the shard's
// totals. Only shards of the same campaign merge; `readShardFile` says why a file does not fit.

import { readFileSync } from 'node:fs';
import type { Shard } from './batch-plan.ts';
import type { CampaignResult } from './campaign.ts';
import { shardTotalsOf, type ShardTotals } from './shard-totals.ts';

/** The shard file's format tag. @internal */
export const SHARD_FORMAT = 'warpdrive-sva/shard@1';

/** A shard file's contents. @internal */
export interface ShardFile {
  readonly format: typeof SHARD_FORMAT;
  /** What makes two shards parts of one campaign (all must be equal to merge). */
  readonly campaign: Readonly<Record<string, string | number>>;
  readonly shard: Shard;
  readonly totals: ShardTotals;
}

/** The JSON text of a campaign's shard file. @internal */
export function shardFileText(result: CampaignResult, shard: Shard | undefined): string {
  const { workers: _w, shard: _s, ...campaign } = result.settings;
  const file: ShardFile = {
    format: SHARD_FORMAT,
    campaign,
    shard: shard ?? { index: 1, count: 1 },
    totals: shardTotalsOf(result),
  };
  return `${JSON.stringify(file, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v), 1)}\n`;
}

/** Reads a shard file; throws an Error naming the file when it is not one. @internal */
export function readShardFile(path: string): ShardFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not a readable JSON file (${e instanceof Error ? e.message : 'unknown error'})`);
  }
  const f = parsed as Partial<ShardFile> | null;
  if (
    f === null ||
    typeof f !== 'object' ||
    f.format !== SHARD_FORMAT ||
    f.totals === undefined ||
    f.campaign === undefined
  ) {
    throw new Error(`${path}: not a shard file (written by npm start -- --shard I/N --out FILE)`);
  }
  return f as ShardFile;
}
