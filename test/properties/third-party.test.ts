// Replay for anyone (issue 11): a third party's system (test/support/wrapper-system.ts, the impl
// behind a wrapper with one slip) checked through checkConformance. Its counterexample records the
// module it was found on; `npm run replay -- FILE` replays it against that module and fails; against
// the built-in impl it is refused (exit 2, naming the recorded system) unless `--force`; and its
// pasted vitest test fails on the wrapper and passes on the impl (run by a child vitest).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTsx } from '../support/cli.ts';
import { createSystem as wrapper } from '../support/wrapper-system.ts';
import { checkConformance, counterexampleTest, readCounterexample } from 'warpdrive-sva/properties';

const root = process.cwd();
const dir = mkdtempSync(join(root, 'test', '.pasted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RECORDED = 'module:./test/support/wrapper-system.ts#createSystem';

const result = checkConformance(wrapper, {
  seed: 3,
  runs: 200,
  presets: ['tiny'],
  implementationName: RECORDED,
  counterexampleDir: dir,
  counterexampleName: 'wrapper',
});
const file = join(dir, 'wrapper.json');
const shown = relative(root, file);

describe('a third-party system', () => {
  it('is caught, and its counterexample records the module it was found on, with the pasted test beside it', () => {
    expect(result.ok).toBe(false);
    expect(result.counterexampleFile).toBe(file);
    expect(readCounterexample(file).implementation).toBe(RECORDED);
    const pasted = readFileSync(join(dir, 'wrapper.test.ts'), 'utf8');
    expect(pasted).toContain("import { createSystem } from '../support/wrapper-system.ts';");
    expect(result.report).toContain(pasted);
  });

  it('replays against its own module by default and the failure comes back (exit 1)', async () => {
    const r = await runTsx('properties/cli/replay.ts', [shown]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain(`recorded on ${RECORDED}; replaying against ${RECORDED}`);
    expect(r.stdout).toMatch(/FAILS on module:/);
  });

  it('is refused against the built-in impl (exit 2, naming the recorded system) unless --force', async () => {
    const refused = await runTsx('properties/cli/replay.ts', [shown, '--against', 'impl']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`the file was recorded on ${RECORDED}, not impl`);
    expect(refused.stdout).not.toContain('PASSES');
    const forced = await runTsx('properties/cli/replay.ts', [shown, '--against', 'impl', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`--force: replaying a counterexample of ${RECORDED} against impl`);
    expect(forced.stdout).toContain('PASSES on impl');
  });

  it('its pasted test fails on the wrapper and passes on the impl', async () => {
    const cx = readCounterexample(file);
    expect(existsSync(join(dir, 'wrapper.test.ts'))).toBe(true);
    writeFileSync(join(dir, 'impl.test.ts'), counterexampleTest(cx));
    const include = `${relative(root, dir)}/*.test.ts`;
    writeFileSync(
      join(dir, 'vitest.config.ts'),
      `export default { test: { root: ${JSON.stringify(root)}, include: [${JSON.stringify(include)}] } };\n`,
    );
    const out = join(dir, 'results.json');
    const config = join(dir, 'vitest.config.ts');
    const vitest = ['run', '--config', config, '--reporter=json', `--outputFile=${out}`];
    await runTsx('node_modules/vitest/vitest.mjs', vitest);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { testResults: { name: string; status: string }[] };
    const status = Object.fromEntries(report.testResults.map((t) => [relative(dir, t.name), t.status]));
    expect(status).toEqual({ 'wrapper.test.ts': 'failed', 'impl.test.ts': 'passed' });
  });
});
