// The CLIs as a user runs them (issue 11 "CLI", issue 10 "CLI and options"): `--help` on every
// command; every bad flag value is a clear message and exit status 2 (`--runs 1.5` used to hang,
// `--runs 0`/`--time 0`/`--max-commands 0` "passed" having checked nothing, `--bug 99` ran nothing
// and exited 0); the summary names the seed and the exact command that re-runs the campaign, which
// reproduces it; `--json` carries the seed; Ctrl-C prints the summary so far and exits 130.

import { describe, expect, it } from 'vitest';
import { runTsx } from '../support/cli.ts';
import { COVERAGE_EVENTS } from 'warpdrive-sva/properties';

const CAMPAIGN = 'properties/cli/campaign.ts';
const SMALL = ['--preset', 'tiny', '--max-commands', '30', '--against', 'model'];

describe('--help on every command', () => {
  it.concurrent.each([
    [
      'start',
      CAMPAIGN,
      ['--time', '--runs', '--seed', '--preset', '--max-commands', '--against', '--report', '--json'],
    ],
    ['replay', 'properties/cli/replay.ts', ['--against', '--force', '--write-test']],
    [
      'zoo',
      'mutants/cli/zoo.ts',
      ['--bug', '--runs', '--seed', '--seconds', '--report', '--write-regressions', '--json'],
    ],
    ['bench', 'bench/run.ts', ['--quick', '--campaign-seconds', '--json']],
  ])('%s --help lists its flags and an example', async (_name, script, flags) => {
    const r = await runTsx(script, ['--help']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of flags) expect(r.stdout).toContain(f);
    expect(r.stdout).toMatch(/Example:\n {2}npm (start|run \w+) --/);
  });
});

describe('bad flags: a clear message and exit status 2', () => {
  it.concurrent.each([
    [CAMPAIGN, ['--runs', '1.5'], /--runs needs an integer ≥ 1, got 1\.5/],
    [CAMPAIGN, ['--runs', '0'], /--runs needs an integer ≥ 1, got 0/],
    [CAMPAIGN, ['--time', '0'], /--time needs a number > 0, got 0/],
    [CAMPAIGN, ['--max-commands', '0'], /--max-commands needs an integer in \[1, 100000\], got 0/],
    [CAMPAIGN, ['--preset', 'huge'], /unknown preset 'huge'/],
    [CAMPAIGN, ['--against', './no-such-file.ts'], /cannot load \.\/no-such-file\.ts/],
    [CAMPAIGN, ['--report', 'report.txt'], /--report needs a file name ending in \.html/],
    ['mutants/cli/zoo.ts', ['--bug', '99'], /--bug: no seeded bug '99'/],
    ['mutants/cli/zoo.ts', ['--runs', '1.5'], /--runs needs an integer ≥ 1/],
    ['properties/cli/replay.ts', [], /usage: npm run replay -- FILE/],
    ['bench/run.ts', ['--campaign-seconds', '-1'], /--campaign-seconds needs a number ≥ 0/],
  ])('%s %j', async (script, args, message) => {
    const r = await runTsx(script, args);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/PASSED/);
  });
});

describe('the campaign CLI', () => {
  it('--json prints one final line with the seed, the verdict, the re-run command and the coverage', async () => {
    const r = await runTsx(CAMPAIGN, ['--runs', '6', '--seed', '5', ...SMALL, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]) as {
      ok: boolean;
      verdict: string;
      seed: number;
      rerun: string;
      runs: number;
      commands: number;
      commandsPerSecond: number;
      coverage: Record<string, number>;
    };
    expect(out).toMatchObject({ ok: true, verdict: 'PASSED', seed: 5, runs: 6 });
    expect(out.rerun).toBe('npm start -- --seed 5 --runs 6 --preset tiny --max-commands 30 --against model');
    expect(out.commands).toBeGreaterThan(0);
    expect(out.commandsPerSecond).toBeGreaterThan(0);
    expect(Object.keys(out.coverage).sort()).toEqual([...COVERAGE_EVENTS].sort());
  });

  it('the summary names the seed and a re-run command that reproduces the campaign', async () => {
    const first = await runTsx(CAMPAIGN, ['--runs', '8', ...SMALL]);
    expect(first.status, first.stderr).toBe(0);
    const seed = /^PASSED: model against the model, seed (-?\d+)$/m.exec(first.stdout)?.[1];
    expect(seed).toBeDefined();
    const rerun = /^Re-run this campaign: npm start -- (.*)$/m.exec(first.stdout)?.[1];
    expect(rerun).toBe(`--seed ${seed} --runs 8 --preset tiny --max-commands 30 --against model`);
    const again = await runTsx(CAMPAIGN, [...(rerun ?? '').split(' '), '--json']);
    const out = JSON.parse(again.stdout) as { seed: number; commands: number };
    const commands = /^ {2}8 sequences, (\d+) commands/m.exec(first.stdout)?.[1];
    expect(out.seed).toBe(Number(seed));
    expect(out.commands).toBe(Number(commands));
  });

  it('Ctrl-C stops between batches, prints the summary so far with the seed, and exits 130', async () => {
    let sent = false;
    const r = await runTsx(CAMPAIGN, ['--time', '120', '--seed', '9', ...SMALL], (child, soFar) => {
      if (!sent && soFar.includes('Ctrl-C stops it')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 1500);
      }
    });
    expect(r.status, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/^INTERRUPTED: model against the model, seed 9$/m);
    expect(r.stdout).toMatch(/^ {2}\d+ sequences, \d+ commands in \d+\.\d s/m);
    expect(r.stdout).toContain('Coverage (times reached):');
    expect(r.stdout).toContain('Re-run this campaign: npm start -- --seed 9 --time 120');
  });
});

describe('the replay CLI', () => {
  it('replays a regression file and says it passes', async () => {
    const r = await runTsx('properties/cli/replay.ts', ['test/regressions/stop-queue-pending-descriptor.json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {3}0\. spawn\(\) → 1$/m);
    expect(r.stdout).toContain('PASSES on impl');
  });
});
