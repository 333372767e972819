// The main property (issue 4): the impl refines the model. Command sequences on the default preset
// mix (tiny, default, crowded, scarce, legacy, vm: 300 sequences of up to 200 commands each) run on both; results and
// errnos match, S1-S7 and I1-I3 hold after every command, the abstract states are equal and
// `quiesce` is live at the end of every sequence — and the run reaches every coverage event.
// Seed: WARPDRIVE_SEED from the environment, else a fixed one (printed on failure).

import { describe, expect, it } from 'vitest';
import { createSystem } from 'warpdrive-sva';
import {
  COVERAGE_EVENTS,
  DEFAULT_MIX,
  checkConformance,
  formatCoverage,
  type ConformanceResult,
} from 'warpdrive-sva/properties';

const seed = process.env.WARPDRIVE_SEED === undefined ? 20261124 : Number(process.env.WARPDRIVE_SEED);
/** 1800 sequences over the six presets of the mix (300 each: `legacy` and `vm` joined, SPEC §13-§14). */
const RUNS_PER_PRESET = 300;

let result: ConformanceResult | undefined;
/** The one campaign both tests read (run once, on first use). */
function campaign(): ConformanceResult {
  result ??= checkConformance((config) => createSystem(config), {
    runs: RUNS_PER_PRESET * DEFAULT_MIX.length,
    seed,
    maxCommands: 200,
    implementationName: 'impl',
    counterexampleDir: 'counterexamples',
  });
  return result;
}

describe('the impl against the model on the default preset mix', () => {
  it(`agrees on every command, keeps every invariant and stays live (${RUNS_PER_PRESET} sequences per preset)`, () => {
    const r = campaign();
    expect(r.ok, r.report).toBe(true);
    for (const p of r.perPreset) expect(p.runs, p.preset).toBe(RUNS_PER_PRESET);
    // tiny and default alone: at least 500 sequences (750).
    expect(
      r.perPreset.filter((p) => p.preset === 'tiny' || p.preset === 'default').reduce((n, p) => n + p.runs, 0),
    ).toBeGreaterThanOrEqual(500);
    expect(r.commands / r.runs).toBeGreaterThan(50);
    // five presets: more than the default 180 s on a loaded 2-core machine
  }, 420_000);

  it('reaches every coverage event', () => {
    const r = campaign();
    const missed = COVERAGE_EVENTS.filter((e) => r.coverage[e] === 0);
    expect(missed, `coverage with seed ${seed}:\n${formatCoverage(r.coverage)}`).toEqual([]);
  });
});
