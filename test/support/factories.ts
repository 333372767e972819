// Every SvaSystem under test: the scenario suites run once per entry (describe.each).

import { createSystem } from 'warpdrive-sva';
import type { SystemFactory } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';

/** The systems every scenario runs against, by name: the executable spec and the impl. */
export const factories: Array<{ name: string; create: SystemFactory }> = [
  { name: 'model', create: (config) => createModel(config) },
  { name: 'impl', create: (config) => createSystem(config) },
];

/**
 * The systems the VM scenarios (SPEC §13, test/scenarios/s13-vms) run against. PENDING ON THE IMPL:
 * issue 15's impl is built on branch `vm-impl` in parallel and still refuses every VM operation with
 * EOPNOTSUPP here, so only the model is listed; `vm-impl` adds `{ name: 'impl', … }` when it lands.
 */
export const SYSTEMS_WITH_VMS: Array<{ name: string; create: SystemFactory }> = factories.filter(
  (f) => f.name === 'model',
);
