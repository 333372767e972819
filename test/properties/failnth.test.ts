// Fault injection (SPEC §15, R23): the API of `failNext` / `injectionConsumed`, and a bounded
// fail-nth sweep — every injection point of seeded passing sequences fails with its resource's
// errno and changes nothing — shown to catch a variant whose failed fork still takes a pid.

import { describe, expect, it } from 'vitest';
import { failNthSweep } from '../../properties/failnth/failnth.ts';
import { createSystem, presets, WarpDriveError, WarpDriveSystem, type Pid } from 'warpdrive-sva';

function errnoOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof WarpDriveError ? e.code : 'not a WarpDriveError';
  }
  return undefined;
}

/** The bug the sweep found in fork: the pid was taken before the child's page tables. */
class PidLeakingFork extends WarpDriveSystem {
  override fork(pid: Pid): Pid {
    const next = this.nextPid;
    try {
      return super.fork(pid);
    } catch (e) {
      this.nextPid = next + 1;
      throw e;
    }
  }
}

describe('fault injection API (R23)', () => {
  it('is refused without faultInjection, and n must be an integer ≥ 1', () => {
    expect(errnoOf(() => createSystem(presets.tiny).failNext(1))).toBe('EINVAL');
    const sys = createSystem(presets.tiny, { faultInjection: true });
    for (const n of [0, -1, 1.5, Number.NaN]) expect(errnoOf(() => sys.failNext(n))).toBe('EINVAL');
    expect(errnoOf(() => createSystem(presets.tiny, { faultInjection: 'yes' as unknown as boolean }))).toBe('EINVAL');
  });

  it('arms only the next call and says whether it fired', () => {
    const sys = createSystem(presets.tiny, { faultInjection: true });
    const pid = sys.spawn();
    sys.mmap(pid, 0x100, 0x80, 'rw');
    const before = sys.snapshot({ contents: true });
    sys.failNext(2);
    expect(errnoOf(() => sys.write(pid, 0x100, new Uint8Array(0x80).fill(7)))).toBe('ENOMEM');
    expect(sys.injectionConsumed()).toBe(true);
    expect(sys.snapshot({ contents: true })).toEqual(before);
    // a call with no site consumes the arm without firing
    sys.failNext(1);
    sys.read(pid, 0x100, 4);
    expect(sys.injectionConsumed()).toBe(false);
    sys.write(pid, 0x100, new Uint8Array([1]));
    expect(sys.read(pid, 0x100, 1)[0]).toBe(1);
    sys.failNext(1);
    expect(errnoOf(() => sys.open(pid, sys.config.devices[0].name))).toBe('ENOSPC');
    sys.failNext(2);
    expect(errnoOf(() => sys.open(pid, sys.config.devices[0].name))).toBe('EBUSY');
    expect(sys.pasidOf(pid)).not.toBeUndefined();
  });
});

describe('fail-nth sweep (§15)', () => {
  it('every injection point fails cleanly; points per call kind', () => {
    const result = failNthSweep({ seed: 7, sequences: 12, maxCommands: 50 });
    expect(result.violations).toEqual([]);
    expect(result.points.write).toBeGreaterThan(0);
    expect(result.points.open).toBeGreaterThan(0);
    expect(result.totalPoints).toBeGreaterThan(100);
  });

  it("SPEC §14's mapSs is swept too (the legacy configuration): ENOMEM and nothing changed, at every point", () => {
    const result = failNthSweep({ presets: ['legacy'], seed: 7, sequences: 30, maxCommands: 50 });
    expect(result.violations).toEqual([]);
    expect(result.points.mapSs).toBeGreaterThan(0);
  });

  it('catches a failed call that changes the state (a fork that takes a pid)', () => {
    const result = failNthSweep({
      seed: 7,
      sequences: 12,
      maxCommands: 50,
      factory: (config) => new PidLeakingFork(config, { faultInjection: true }),
    });
    expect(result.ok).toBe(false);
    expect(result.violations[0].problem).toMatch(/nextPid/);
  });
});
