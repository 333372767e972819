// Campaigns at scale (SPEC §16, R25): the same --seed and --runs give the same failing batch and
// counterexample with one worker or two, and --shard 1/2 plus --shard 2/2 merged equal one process.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTsx } from '../support/cli.ts';

const CAMPAIGN = 'properties/cli/campaign.ts';
const dir = mkdtempSync(join(tmpdir(), 'wd-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JsonLine {
  verdict: string;
  runs: number;
  commands: number;
  batches: number[];
  failedBatch?: number;
  coverage: Record<string, number>;
  counterexample?: { commands: unknown[]; seed: number; file?: string };
}

async function campaign(args: readonly string[]): Promise<JsonLine> {
  const r = await runTsx(CAMPAIGN, [...args, '--json']);
  expect(r.stderr).not.toMatch(/Error/);
  return JSON.parse(r.stdout) as JsonLine;
}

describe('--workers N (R25)', () => {
  it('finds the same failing batch and counterexample with 1 and 2 workers', async () => {
    const common = [
      '--runs',
      '200',
      '--seed',
      '3',
      '--preset',
      'tiny',
      '--max-commands',
      '40',
      '--against',
      'zoo bug 9',
    ];
    const [one, two] = await Promise.all([
      campaign([...common, '--workers', '1']),
      campaign([...common, '--workers', '2']),
    ]);
    expect(one.verdict).toBe('FAILED');
    expect(two.verdict).toBe('FAILED');
    expect(two.failedBatch).toBe(one.failedBatch);
    const { file: _f1, ...cx1 } = one.counterexample ?? {};
    const { file: _f2, ...cx2 } = two.counterexample ?? {};
    expect(cx2).toEqual(cx1);
    // every batch before the failing one ran
    for (let b = 0; b <= (one.failedBatch ?? 0); b++) expect(two.batches).toContain(b);
  }, 120_000);
});

describe('--shard i/n --out FILE and npm run merge', () => {
  it('shard 1/2 and 2/2 merged equal a single process for a fixed seed', async () => {
    const common = ['--runs', '60', '--seed', '11', '--preset', 'tiny', '--max-commands', '30', '--workers', '1'];
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const [single] = await Promise.all([
      campaign(common),
      campaign([...common, '--shard', '1/2', '--out', a]),
      campaign([...common, '--shard', '2/2', '--out', b]),
    ]);
    const merged = await runTsx('properties/cli/merge.ts', [a, b, '--json']);
    expect(merged.status, merged.stderr).toBe(0);
    const m = JSON.parse(merged.stdout) as JsonLine;
    expect(single.verdict).toBe('PASSED');
    expect(m.verdict).toBe('PASSED');
    expect(m.runs).toBe(single.runs);
    expect(m.commands).toBe(single.commands);
    expect(m.coverage).toEqual(single.coverage);
    expect(m.batches).toEqual(single.batches);
  }, 120_000);

  it('refuses files of different campaigns', async () => {
    const a = join(dir, 'c.json');
    const b = join(dir, 'd.json');
    await Promise.all([
      campaign(['--runs', '10', '--seed', '1', '--preset', 'tiny', '--workers', '1', '--shard', '1/2', '--out', a]),
      campaign(['--runs', '10', '--seed', '2', '--preset', 'tiny', '--workers', '1', '--shard', '2/2', '--out', b]),
    ]);
    const merged = await runTsx('properties/cli/merge.ts', [a, b]);
    expect(merged.status).toBe(2);
    expect(merged.stderr).toMatch(/another campaign/);
  }, 120_000);
});
