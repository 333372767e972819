// The short refinement property the mutation run (stryker.config.json) adds to the scenario suite:
// the impl against the model on the preset mix with fixed seeds — S1-S7, I1-I3, refinement and
// liveness after every command. Fixed seeds, so every mutant meets the same command sequences.

import { describe, expect, it } from 'vitest';
import { createSystem } from 'warpdrive-sva';
import { checkConformance } from 'warpdrive-sva/properties';

/** Fixed seeds: one batch of sequences per preset of the mix for each. */
const SEEDS = [11, 29];

describe('impl refines the model (mutation subset)', () => {
  it.each(SEEDS)('seed %i: 30 sequences on tiny, default and crowded pass every check', (seed) => {
    const result = checkConformance((config) => createSystem(config), { seed, runs: 30, maxCommands: 120 });
    expect(result.report ?? '').toBe('');
    expect(result.ok).toBe(true);
  });
});
