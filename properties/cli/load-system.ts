// Which system a CLI puts under test, and how a counterexample file names it: `impl` (the library),
// `model` (the model against itself), `zoo bug N` (a seeded-bug variant from mutants/, loaded only
// then) or `module:PATH#EXPORT` — a third party's module exporting a `SystemFactory` (its default
// export, or a named `createSystem` or `factory`). The name is recorded in every counterexample so
// a replay never checks a different system than the one that failed (issue 11).

import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemFactory } from '../../interface/index.ts';
import { implementationFactory } from '../campaign/implementations.ts';
import { UsageError } from './args.ts';

/** A system under test, resolved: its recorded name and its factory. */
export interface LoadedSystem {
  /** As a counterexample records it: `impl`, `model`, `zoo bug N` or `module:PATH#EXPORT`. */
  readonly name: string;
  readonly factory: SystemFactory;
}

/** The export names a third-party module may use for its factory, in the order they are tried. */
const FACTORY_EXPORTS = ['default', 'createSystem', 'factory'] as const;

/** `module:PATH#EXPORT` → its path and export name; undefined for any other name. */
export function moduleSpec(name: string): { readonly path: string; readonly exportName: string } | undefined {
  if (!name.startsWith('module:')) return undefined;
  const body = name.slice('module:'.length);
  const hash = body.lastIndexOf('#');
  return hash < 0 ? { path: body, exportName: '' } : { path: body.slice(0, hash), exportName: body.slice(hash + 1) };
}

/** A path or module name as given on a command line is a module (it names a file), not a built-in name. */
function looksLikeModule(arg: string): boolean {
  return arg.startsWith('.') || isAbsolute(arg) || /\.[cm]?[jt]s(#|$)/.test(arg);
}

/** Loads a third-party factory from `path` (relative to the working directory); `exportName` '' = first found. */
async function loadModule(path: string, exportName: string): Promise<LoadedSystem> {
  const file = resolve(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`cannot load ${path}: ${e instanceof Error ? e.message : 'import failed'}`);
  }
  const names = exportName === '' ? FACTORY_EXPORTS : [exportName];
  const found = names.find((n) => typeof mod[n] === 'function');
  if (found === undefined) {
    throw new UsageError(`${path} exports no SystemFactory function (looked for: ${names.join(', ')})`);
  }
  const shownPath = relative(process.cwd(), file);
  return {
    name: `module:${shownPath.startsWith('.') || isAbsolute(shownPath) ? shownPath : `./${shownPath}`}#${found}`,
    factory: mod[found] as SystemFactory,
  };
}

/** The seeded-bug variant `zoo bug N`, loaded from mutants/ on demand. */
async function zooSystem(id: number): Promise<LoadedSystem> {
  const { ZOO } = await import('../../mutants/index.ts');
  const bug = ZOO.find((b) => b.id === id);
  if (bug === undefined) throw new UsageError(`no seeded bug ${id} in mutants/ (known: 1..${ZOO.length})`);
  return { name: `zoo bug ${id}`, factory: bug.create };
}

/**
 * The system a name (as recorded) or a command-line argument (`impl`, `model`, `zoo bug N`,
 * `./path.ts`, `./path.ts#name`, `module:…`) stands for; UsageError for an unknown one.
 *
 * @internal
 */
export async function loadSystem(arg: string): Promise<LoadedSystem> {
  if (arg === 'impl' || arg === 'model') return { name: arg, factory: implementationFactory(arg) };
  const zoo = /^zoo bug (\d+)$/.exec(arg);
  if (zoo !== null) return zooSystem(Number(zoo[1]));
  const spec = moduleSpec(arg);
  if (spec !== undefined) return loadModule(spec.path, spec.exportName);
  if (looksLikeModule(arg)) {
    const hash = arg.lastIndexOf('#');
    return hash < 0 ? loadModule(arg, '') : loadModule(arg.slice(0, hash), arg.slice(hash + 1));
  }
  throw new UsageError(`unknown system '${arg}': use impl, model or a module path like ./my-system.ts`);
}
