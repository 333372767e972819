// The generated regression tests of the zoo (issue 11 "A counterexample as a test you paste"):
// `npm run zoo -- --write-regressions test/regressions` writes, per seeded bug, the shrunk
// counterexample (`bugNN-name.json`) and its pasted vitest test (`bugNN-name.test.ts`), whose own
// `it` runs on the library's impl and must pass there (vitest runs those files directly). This file
// checks the other half — each fails on its own bug — and that every bug of the zoo has one.

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ZOO } from '../../mutants/index.ts';
import { zooFileName } from '../../mutants/zoo-campaign.ts';
import type { SystemFactory } from 'warpdrive-sva';

const here = dirname(fileURLToPath(import.meta.url));
const files = new Set(readdirSync(here));
const REGENERATE = 'regenerate with: npm run zoo -- --write-regressions test/regressions';

/** A generated test module's exported `check`. */
interface Pasted {
  readonly check: (factory: SystemFactory) => void;
}

// Imported at collection time: each module's own `it` (impl must pass) is registered here once more.
const modules = new Map<number, Pasted>();
for (const bug of ZOO) {
  const name = `${zooFileName(bug)}.test.ts`;
  if (files.has(name)) modules.set(bug.id, (await import(pathToFileURL(join(here, name)).href)) as Pasted);
}

describe('zoo regressions', () => {
  it('every seeded bug has its generated counterexample and test', () => {
    const missing = ZOO.filter((b) => !files.has(`${zooFileName(b)}.test.ts`) || !files.has(`${zooFileName(b)}.json`));
    expect(missing.map(zooFileName), REGENERATE).toEqual([]);
  });

  const generated = ZOO.filter((b) => modules.has(b.id)).map((b) => [zooFileName(b), b] as const);
  it.each(generated)('%s fails on its bug', (_name, bug) => {
    const pasted = modules.get(bug.id);
    expect(() => pasted?.check(bug.create)).toThrow();
  });
});
