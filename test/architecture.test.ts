// The spec and the impl are written separately: nothing in impl/ imports model/, nothing in model/
// imports impl/, and both reach shared code only through interface/.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folders (or packages) a file imports from. */
function importedRoots(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) => {
    if (!s.startsWith('.')) return s.startsWith('warpdrive-sva') ? s : 'package';
    return relative(root, join(dirname(file), s)).split(/[\\/]/)[0];
  });
}

describe('architecture', () => {
  for (const [side, forbidden] of [['impl', ['model', 'warpdrive-sva/model', 'properties', 'invariants']], ['model', ['impl', 'warpdrive-sva', 'properties', 'invariants']]] as const) {
    it(`${side}/ imports neither ${forbidden.join(' nor ')}`, () => {
      const offenders = sources(join(root, side)).flatMap((file) =>
        importedRoots(file).filter((r) => (forbidden as readonly string[]).includes(r)).map((r) => `${relative(root, file)} → ${r}`));
      expect(offenders).toEqual([]);
    });
  }
});
