// The shape of the code. The spec and the impl are written separately: nothing in impl/ imports
// model/, nothing in model/ imports impl/, and both reach shared code only through interface/.
// Inside each side the layers follow the data flow CPU op → memory → IOMMU → device: memory/
// imports neither iommu/ nor device/, iommu/ imports no device/. And impl/ mirrors model/: every
// model behaviour file has a same-named impl twin, unless the table below says why not.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** What a file imports: a repo-relative path for a relative specifier, else the package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) => {
    if (!s.startsWith('.')) return s.startsWith('warpdrive-sva') ? s : 'package';
    return relative(root, join(dirname(file), s))
      .split(/[\\/]/)
      .join('/');
  });
}

/** The top-level folders (or packages) a file imports from. */
function importedRoots(file: string): string[] {
  return importsOf(file).map((path) => path.split('/')[0]);
}

/** The layers of each side, lowest first: a layer imports only layers before it. */
const LAYERS = ['memory', 'iommu', 'device'] as const;

/**
 * Imports against the layer order that stay, each with its reason. Keep this short: a new entry
 * needs a reason a reviewer accepts.
 */
const LAYER_EXCEPTIONS: Readonly<Record<string, string>> = {
  'model/iommu/fault-handler.ts → model/device/completions.ts':
    'an INVALID response completes the waiting queue’s head (§5); the model keeps it one plain function',
  'model/iommu/fault-handler.ts → model/device/descriptors.ts':
    'the INVALID completion’s address is the head descriptor’s source or destination (§S-8)',
};

/**
 * Model behaviour files without a same-named impl twin, each with where the impl does it. A model
 * file named here that gains a twin (or disappears) fails the test, so the table stays true.
 */
const NO_TWIN: Readonly<Record<string, string>> = {
  'model/device/completions.ts': 'a ring push: completeHead in impl/state.ts (the CQ lives in device/queue-rings.ts)',
  'model/device/descriptors.ts': 'well-formedness is an argument check: descriptorListOf in impl/checks.ts',
  'model/iommu/fault-routes.ts': 'routes are one Map per device inside impl/iommu/fault-queues.ts (O(1) routing check)',
  'model/iommu/pasids.ts': 'the allocator: impl/iommu/pasid-allocator.ts',
  'model/memory/cpu-access.ts': 'read/write in impl/memory/memory.ts (one class over the frame buffer)',
  'model/memory/demand-paging.ts': 'resolveFault in impl/memory/memory.ts',
  'model/memory/frames.ts': 'the frame buffer and free list: impl/memory/frame-pool.ts',
  'model/memory/migrate.ts': 'migrate in impl/memory/memory.ts',
  'model/memory/reclaim.ts': 'reclaim in impl/memory/memory.ts, the swap in impl/memory/swap-store.ts',
  'model/memory/vmas.ts': 'the sorted area set: impl/memory/vma-set.ts',
  'model/vm/assign.ts': 'vmAssign/vmUnassign are rows of impl/vm/vm-ops.ts; the teardown is impl/vm/teardown.ts',
};

describe('architecture', () => {
  for (const [side, forbidden] of [
    ['impl', ['model', 'warpdrive-sva/model', 'properties', 'invariants']],
    ['model', ['impl', 'warpdrive-sva', 'properties', 'invariants']],
  ] as const) {
    it(`${side}/ imports neither ${forbidden.join(' nor ')}`, () => {
      const offenders = sources(join(root, side)).flatMap((file) =>
        importedRoots(file)
          .filter((r) => (forbidden as readonly string[]).includes(r))
          .map((r) => `${relative(root, file)} → ${r}`),
      );
      expect(offenders).toEqual([]);
    });

    it(`${side}/ layers follow the data flow (memory → iommu → device)`, () => {
      const offenders: string[] = [];
      for (const [rank, layer] of LAYERS.entries()) {
        const above = LAYERS.slice(rank + 1).map((l) => `${side}/${l}/`);
        for (const file of sources(join(root, side, layer))) {
          const from = relative(root, file).split(/[\\/]/).join('/');
          for (const target of importsOf(file)) {
            const edge = `${from} → ${target}`;
            if (above.some((a) => target.startsWith(a)) && LAYER_EXCEPTIONS[edge] === undefined) offenders.push(edge);
          }
        }
      }
      expect(offenders).toEqual([]);
    });
  }

  it('every layer exception is still an import', () => {
    const stale = Object.keys(LAYER_EXCEPTIONS).filter((edge) => {
      const [from, to] = edge.split(' → ');
      return !importsOf(join(root, from)).includes(to);
    });
    expect(stale).toEqual([]);
  });

  it('every model behaviour file has its impl twin, or a reason in the table', () => {
    const model = ['', ...LAYERS.map((l) => `${l}/`), 'vm/'].flatMap((dir) =>
      readdirSync(join(root, 'model', dir))
        .filter((name) => name.endsWith('.ts'))
        .map((name) => `model/${dir}${name}`),
    );
    const missing = model.filter(
      (m) => !existsSync(join(root, m.replace(/^model/, 'impl'))) && NO_TWIN[m] === undefined,
    );
    expect(missing).toEqual([]);
    const stale = Object.keys(NO_TWIN).filter(
      (m) => !model.includes(m) || existsSync(join(root, m.replace(/^model/, 'impl'))),
    );
    expect(stale).toEqual([]);
  });
});
