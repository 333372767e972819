// Every SvaSystem under test: the scenario suites run once per entry (describe.each).

import type { SystemFactory } from 'warpdrive-sva/interface';

/** The systems every scenario runs against, by name. */
export const factories: Array<{ name: string; create: SystemFactory }> = [];
