// The package as a consumer gets it (issue 11): one `npm pack` (which runs the prepack build), the
// tarball installed into a fresh app outside the checkout, then — with no access to the sources —
// every entry point imports from plain node ESM and a copy runs through the impl, a consumer `.ts`
// type-checks against the shipped .d.ts under a stock strict `nodenext` config, and publint and
// attw (ESM-only profile) report nothing. The hazard each check covers: exports that point at `.ts`,
// a runtime import of a devDependency, .d.ts that break under stricter consumer flags, a tarball
// that ships tests or misses a file.

import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'package', 'consumer');
const bin = (pkg: string, file: string): string => join(root, 'node_modules', pkg, file);

/** The child environment: without NODE_OPTIONS, so no source condition leaks into the consumer. */
function consumerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: consumerEnv(), encoding: 'utf8', timeout: 120_000 });
}

/** Output of a failed child, so that an assertion on its status says why. */
const output = (r: SpawnSyncReturns<string>): string => `${r.stdout}\n${r.stderr}`;

let work = '';
let tarball = '';
let app = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'warpdrive-sva-pack-'));
  const quiet = { env: consumerEnv(), stdio: 'pipe' } as const;
  execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, ...quiet });
  const name = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (name === undefined) throw new Error(`npm pack wrote no tarball into ${work}`);
  tarball = join(work, name);
  app = join(work, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }));
  // fast-check comes from the local npm cache when it is there; the registry otherwise
  const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', tarball];
  execFileSync('npm', install, { cwd: app, ...quiet });
  for (const f of ['run-copy.mjs', 'consumer.ts']) copyFileSync(join(fixtures, f), join(app, f));
}, 180_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships dist, docs, README, LICENSE and package.json only, with .js, .d.ts and map per entry', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n')
      .map((f) => f.replace(/^package\//, ''));
    const topLevel = ['README.md', 'LICENSE', 'package.json'];
    const outside = files.filter((f) => !/^(dist|docs)\//.test(f) && !topLevel.includes(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    for (const entry of ['impl', 'model', 'properties', 'invariants', 'interface']) {
      for (const ext of ['.js', '.d.ts', '.d.ts.map']) expect(files).toContain(`dist/${entry}/index${ext}`);
    }
    expect(files).toContain('docs/SPEC.md');
    expect(statSync(tarball).size).toBeGreaterThan(0);
  });

  it('imports every entry point from plain node ESM and runs a copy through the impl', () => {
    const r = run(process.execPath, ['run-copy.mjs'], app);
    expect(r.status, output(r)).toBe(0);
    const seen = JSON.parse(r.stdout) as unknown;
    expect(seen).toEqual({
      entries: {
        impl: 'function', model: 'function', properties: 'function', invariants: 'function', interface: 'function',
      },
      completions: [{ tag: 1, status: 'ok', done: 13 }],
      text: 'hello, device',
    });
  });

  it('type-checks a consumer: strict nodenext, noUncheckedIndexedAccess, exactOptionalPropertyTypes', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
        noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, types: [],
      },
      files: ['consumer.ts'],
    }));
    const r = run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json'], app);
    expect(output(r).match(/error TS\d+/g) ?? []).toEqual([]);
    expect(r.status, output(r)).toBe(0);
  });

  it('publint --strict reports nothing', () => {
    const r = run(process.execPath, [bin('publint', 'src/cli.js'), 'run', '--strict', tarball], root);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain('All good!');
  });

  it('attw (ESM-only profile) finds no problem in any entry point', () => {
    const attw = bin('@arethetypeswrong/cli', 'dist/index.js');
    const r = run(process.execPath, [attw, tarball, '--profile', 'esm-only'], root);
    expect(r.status, output(r)).toBe(0); // attw exits 1 on any problem its profile does not ignore
    for (const entry of ['', '/model', '/properties', '/invariants', '/interface']) {
      expect(r.stdout).toContain(`"warpdrive-sva${entry}"\n\nnode16 (from ESM): 🟢 (ESM)\nbundler: 🟢`);
    }
  });
});
