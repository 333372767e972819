// The runner catches seeded bugs with short, readable counterexamples that replay: at most 10
// commands, resolved values in every line, the first difference, seed/path/replayPath, and a JSON
// file that replays to the same failure.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededBugs } from './seeded-bugs.ts';
import { createModel } from 'warpdrive-sva/model';
import { checkConformance, readCounterexample, replayCounterexample } from 'warpdrive-sva/properties';

const dir = mkdtempSync(join(tmpdir(), 'warpdrive-cx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(seededBugs)('seeded bug: $name', ({ factory }) => {
  it('is caught with a counterexample of at most 10 commands that replays', () => {
    const result = checkConformance(factory, { runs: 300, seed: 7, counterexampleDir: dir });
    expect(result.ok).toBe(false);
    const cx = result.counterexample;
    expect(cx).toBeDefined();
    if (cx === undefined || result.counterexampleFile === undefined) return;
    expect(cx.commands.length).toBeLessThanOrEqual(10);
    // The printed report: resolved lines (`p1.…(0x…)`), the first failure, fast-check's seed and path, the replay command.
    expect(result.report).toMatch(/^ {3}0\. spawn\(\) → 1$/m);
    expect(result.report).toContain('First failure');
    expect(result.report).toContain(`seed ${cx.seed}, path`);
    expect(result.report).toContain(`npm run replay -- ${result.counterexampleFile}`);
    expect(existsSync(result.counterexampleFile)).toBe(true);
    // The file replays to the same failure against the same buggy system …
    const fromFile = readCounterexample(result.counterexampleFile);
    const replay = replayCounterexample(fromFile, { implementation: factory });
    expect(replay.ok).toBe(false);
    expect(replay.failure).toEqual(cx.failure);
    expect(replay.log).toEqual(cx.log);
    // … and passes against the model itself.
    expect(replayCounterexample(fromFile, { implementation: (config) => createModel(config) }).ok).toBe(true);
  });
});
