// Issue 10, "CLI and options", through the API: every option of checkConformance is validated
// before anything runs — a bad type is a TypeError, a bad value a RangeError, each naming the option
// (`runs: 1.5` and `batchRuns: 0` used to hang) — and a campaign that ran nothing is not `ok`.

import { describe, expect, it } from 'vitest';
import { createModel } from 'warpdrive-sva/model';
import { COMMAND_WEIGHTS, checkConformance, type ConformanceOptions } from 'warpdrive-sva/properties';

const model = (config?: Parameters<typeof createModel>[0]) => createModel(config);

const bad: [string, unknown, 'RangeError' | 'TypeError', RegExp][] = [
  ['runs 1.5', { runs: 1.5 }, 'RangeError', /runs must be an integer ≥ 1, got 1\.5/],
  ['runs 0', { runs: 0 }, 'RangeError', /runs/],
  ['runs NaN', { runs: Number.NaN }, 'RangeError', /runs/],
  ['runs "5"', { runs: '5' }, 'TypeError', /runs must be a number/],
  ['batchRuns 0', { batchRuns: 0 }, 'RangeError', /batchRuns/],
  ['batchRuns 2.5', { batchRuns: 2.5 }, 'RangeError', /batchRuns/],
  ['timeLimitMs 0', { timeLimitMs: 0 }, 'RangeError', /timeLimitMs must be a finite number > 0/],
  ['timeLimitMs Infinity', { timeLimitMs: Infinity }, 'RangeError', /timeLimitMs/],
  ['maxCommands 0', { maxCommands: 0 }, 'RangeError', /maxCommands/],
  ['maxCommands 1.5', { maxCommands: 1.5 }, 'RangeError', /maxCommands/],
  ['seed 1.5', { seed: 1.5 }, 'RangeError', /seed/],
  ['seed 2^40', { seed: 2 ** 40 }, 'RangeError', /seed/],
  ['seed bigint', { seed: 5n }, 'TypeError', /seed must be a number, got bigint/],
  ['refineEvery -1', { refineEvery: -1 }, 'RangeError', /refineEvery/],
  ['presets []', { presets: [] }, 'RangeError', /at least one preset/],
  ['presets unknown name', { presets: ['huge'] }, 'RangeError', /unknown preset "huge"/],
  ['presets not an array', { presets: 'tiny' }, 'TypeError', /presets must be an array/],
  ['presets entry without config', { presets: [{ name: 'x' }] }, 'TypeError', /presets\[0\]\.config/],
  [
    'weights all zero',
    { weights: Object.fromEntries(Object.keys(COMMAND_WEIGHTS).map((k) => [k, 0])) },
    'RangeError',
    /at least one command/,
  ],
  ['weights negative', { weights: { ...COMMAND_WEIGHTS, mmap: -1 } }, 'RangeError', /weights\.mmap/],
  ['weights unknown command', { weights: { ...COMMAND_WEIGHTS, bogus: 1 } }, 'RangeError', /unknown command "bogus"/],
  ['implementationName ""', { implementationName: '' }, 'RangeError', /implementationName/],
  ['counterexampleDir 3', { counterexampleDir: 3 }, 'TypeError', /counterexampleDir/],
  ['onProgress not a function', { onProgress: 3 }, 'TypeError', /onProgress/],
  ['shouldStop not a function', { shouldStop: true }, 'TypeError', /shouldStop/],
  ['options null', null, 'TypeError', /options must be an object/],
];

describe('checkConformance rejects bad options before running anything', () => {
  it.each(bad)('%s', (_name, options, errorName, message) => {
    let called = 0;
    const factory = (c?: Parameters<typeof createModel>[0]) => {
      called++;
      return createModel(c);
    };
    const run = (): unknown => checkConformance(factory, options as ConformanceOptions);
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as Error).name).toBe(errorName);
    }
    expect(called).toBe(0);
  });

  it('rejects a factory that is not a function', () => {
    expect(() => checkConformance(42 as never)).toThrow(TypeError);
  });

  it('a campaign stopped before its first sequence checked nothing: not ok, and says so', () => {
    const r = checkConformance(model, { runs: 5, seed: 1, shouldStop: () => true });
    expect(r.runs).toBe(0);
    expect(r.ok).toBe(false);
    expect(r.stopped).toBe(true);
    expect(r.report).toMatch(/checked nothing/);
  });

  it('shouldStop ends the campaign between batches with the totals so far', () => {
    let batches = 0;
    const r = checkConformance(model, {
      runs: 100,
      seed: 1,
      batchRuns: 2,
      presets: ['tiny'],
      maxCommands: 10,
      onProgress: () => {
        batches++;
      },
      shouldStop: () => batches >= 2,
    });
    expect(r.runs).toBe(4);
    expect(r.ok).toBe(true);
    expect(r.stopped).toBe(true);
  });
});
