// Every SvaSystem under test: the scenario suites run once per entry (describe.each).

import { createSystem } from 'warpdrive-sva';
import type { SystemFactory } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';

/** The systems every scenario runs against, by name: the executable spec and the impl. */
export const factories: Array<{ name: string; create: SystemFactory }> = [
  { name: 'model', create: (config) => createModel(config) },
  { name: 'impl', create: (config) => createSystem(config) },
];
