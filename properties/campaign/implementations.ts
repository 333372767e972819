// The systems a campaign or a replay can put under test, by name: `impl` (the library,
// `createSystem`) and `model` (the model against itself — a self-check of the runner).

import * as impl from '../../impl/index.ts';
import type { SystemFactory } from '../../interface/index.ts';
import { createModel } from '../../model/index.ts';

/** The names of the built-in systems under test. */
export type ImplementationName = 'impl' | 'model';

/** The factory of a built-in system under test; throws if the impl does not export `createSystem` yet. */
export function implementationFactory(name: ImplementationName): SystemFactory {
  if (name === 'model') return (config) => createModel(config);
  const create = (impl as Record<string, unknown>).createSystem;
  if (typeof create !== 'function') throw new Error('impl/index.ts does not export createSystem');
  return create as SystemFactory;
}
