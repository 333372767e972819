// The benchmark streams measure what they claim: each runs error-free and identically on the model
// and the impl (same digest), the fault-heavy stream really makes the device fault (page-request
// groups handled), the copy-heavy one never does; the stream runner notices an errno; the harness
// takes medians and per-round ratios.

import { describe, expect, it } from 'vitest';
import { median, roundRatio, type TaskTiming } from '../../bench/harness.ts';
import { runStream } from '../../bench/stream-ops.ts';
import { churnHeavyStream, copyHeavyStream, faultHeavyStream, type BenchStream } from '../../bench/streams.ts';
import { createSystem, type SvaSystem } from 'warpdrive-sva';
import { createModel } from 'warpdrive-sva/model';

const SMALL_STREAMS: readonly BenchStream[] = [copyHeavyStream(2), faultHeavyStream(8), churnHeavyStream(8)];

/** Runs setup and body; returns the body's outcome and how many page-request groups `handleFaults` took. */
function runCounting(system: SvaSystem, stream: BenchStream): { digest: number; errors: number; groups: number } {
  let groups = 0;
  const counting = new Proxy(system, {
    get(target, key, receiver) {
      if (key === 'handleFaults') {
        return (max?: number) => {
          const taken = target.handleFaults(max);
          groups += taken;
          return taken;
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  expect(runStream(counting, stream.setup).errors).toBe(0);
  const outcome = runStream(counting, stream.body);
  return { ...outcome, groups };
}

describe('benchmark streams', () => {
  for (const stream of SMALL_STREAMS) {
    it(`${stream.name} runs error-free and identically on the model and the impl`, () => {
      const model = runCounting(createModel(stream.config), stream);
      const impl = runCounting(createSystem(stream.config), stream);
      expect(model.errors).toBe(0);
      expect(impl).toEqual(model);
    });
  }

  it('fault-heavy makes the device fault, copy-heavy never does', () => {
    expect(runCounting(createSystem(), faultHeavyStream(8)).groups).toBeGreaterThan(8);
    expect(runCounting(createSystem(), copyHeavyStream(2)).groups).toBe(0);
  });

  it('is deterministic: the same parameters build the same stream', () => {
    expect(churnHeavyStream(5)).toEqual(churnHeavyStream(5));
    expect(faultHeavyStream(5, 1)).not.toEqual(faultHeavyStream(5, 2));
  });

  it('the runner counts an errno and folds it into the digest', () => {
    const ok = runStream(createSystem(), [{ call: 'spawn' }]);
    const failing = runStream(createSystem(), [{ call: 'spawn' }, { call: 'exit', pid: 9 }]);
    expect(ok.errors).toBe(0);
    expect(failing.errors).toBe(1);
    expect(failing.digest).not.toBe(ok.digest);
  });
});

describe('benchmark harness', () => {
  const timing = (roundMediansMs: number[]): TaskTiming => ({
    name: 't',
    medianMs: median(roundMediansMs),
    roundMediansMs,
    samples: 1,
  });

  it('takes the median of odd and even lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('takes ratios per round, then their median', () => {
    // rounds: 1/1, 100/1, 10/100 → 1, 100, 0.1 → median 1 (the ratio of the medians would be 10/1)
    expect(roundRatio(timing([1, 100, 10]), timing([1, 1, 100]))).toBe(1);
  });
});
