// The two CLIs as a user runs them: `npm start -- … --json` prints one JSON line with the totals
// and the coverage, and `npm run replay -- FILE` replays a counterexample file (exit 0 when it
// passes, with the resolved run log).

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COVERAGE_EVENTS } from 'warpdrive-sva/properties';

function tsx(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the campaign CLI', () => {
  it('--json prints one final line: ok, runs, commands, commandsPerSecond, coverage', () => {
    const r = tsx('properties/cli/campaign.ts', ['--runs', '6', '--preset', 'tiny', '--seed', '5', '--max-commands', '50', '--json', '--against', 'model']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]) as { ok: boolean; runs: number; commands: number; commandsPerSecond: number; coverage: Record<string, number> };
    expect(out.ok).toBe(true);
    expect(out.runs).toBe(6);
    expect(out.commands).toBeGreaterThan(0);
    expect(out.commandsPerSecond).toBeGreaterThan(0);
    expect(Object.keys(out.coverage).sort()).toEqual([...COVERAGE_EVENTS].sort());
  });

  it('rejects an unknown flag with exit status 2', () => {
    expect(tsx('properties/cli/campaign.ts', ['--tme', '3']).status).toBe(2);
  });
});

describe('the replay CLI', () => {
  it('replays a regression file and says it passes', () => {
    const r = tsx('properties/cli/replay.ts', ['test/regressions/stop-queue-pending-descriptor.json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {3}0\. spawn\(\) → 1$/m);
    expect(r.stdout).toContain('PASSES');
  });
});
