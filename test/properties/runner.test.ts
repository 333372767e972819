// The runner's parts on their own: deep comparison with the first differing path, frame renaming
// for refinement, resolution of references against the live state, the liveness bound, and the
// runner failing (with the right kind) on a wrong value, a crash and a broken state.

import { describe, expect, it } from 'vitest';
import { resolveAddr, resolveFd, resolvePid } from '../../properties/commands/resolve.ts';
import { presets, resolveConfig, type SvaSystem, type SystemSnapshot } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';
import {
  SequenceFailure,
  firstDifference,
  normalizeSnapshot,
  quiesceBound,
  replaySequence,
  type CommandData,
} from 'warpdrive-sva/properties';

const tiny = resolveConfig(presets.tiny);

describe('firstDifference', () => {
  it('finds nothing in deeply equal values, byte arrays compared by bytes', () => {
    expect(
      firstDifference({ a: [1, { b: new Uint8Array([1, 2]) }] }, { a: [1, { b: new Uint8Array([1, 2]) }] }),
    ).toBeUndefined();
  });
  it('names the first differing path and both values', () => {
    expect(
      firstDifference({ a: [1, { b: new Uint8Array([1, 2]) }] }, { a: [1, { b: new Uint8Array([1, 3]) }] }),
    ).toEqual({ path: 'a[1].b[1]', left: 2, right: 3 });
    expect(firstDifference({ x: 1 }, { x: 1, y: 2 })).toEqual({ path: 'y', left: '(absent)', right: 2 });
    expect(firstDifference([1, 2], [1])).toEqual({ path: '[1]', left: 2, right: '(none)' });
  });
});

describe('normalizeSnapshot', () => {
  it('renames frames by first appearance, so different free-frame choices compare equal', () => {
    const make = (f1: number, f2: number): SystemSnapshot => ({
      nextPid: 2,
      processes: [],
      devices: [],
      queues: [],
      pageRequests: [],
      prqOverflow: false,
      faultQueues: [],
      vms: [],
      mms: [
        {
          id: 1,
          exited: false,
          vmas: [],
          pages: [
            { addr: 64, state: 'present', frame: f1 },
            { addr: 128, state: 'present', frame: f2 },
          ],
        },
      ],
      frames: {
        total: 4,
        free: [0, 1, 2, 3].filter((f) => f !== f1 && f !== f2),
        refs: [
          { frame: f1, count: 1 },
          { frame: f2, count: 1 },
        ].sort((a, b) => a.frame - b.frame),
        pins: [],
      },
    });
    expect(firstDifference(normalizeSnapshot(make(3, 0)), normalizeSnapshot(make(1, 2)))).toBeUndefined();
    expect(normalizeSnapshot(make(3, 0)).mms[0].pages.map((p) => p.frame)).toEqual([0, 1]);
  });
});

describe('resolution against the live state', () => {
  it('takes indices modulo the live pids, fds and areas, and makes bad references bad', () => {
    const sys = createModel(tiny);
    const a = sys.spawn();
    const b = sys.spawn();
    sys.mmap(b, 0x100, 0x80, 'rw');
    sys.open(b, 'dummy-0');
    sys.open(b, 'dummy-0');
    sys.exit(a);
    const ctx = { snapshot: sys.snapshot(), config: tiny };
    expect(resolvePid(0, ctx)).toBe(b);
    expect(resolvePid(5, ctx)).toBe(b);
    expect(resolvePid('exited', ctx)).toBe(a);
    expect(sys.processes()).not.toContain(resolvePid('unknown', ctx));
    expect(resolveFd(1, b, ctx)).toBe(4);
    expect(resolveFd(2, b, ctx)).toBe(3);
    expect(resolveFd('unknown', b, ctx)).toBe(5);
    // Page 3 of a 2-page area wraps to its second page.
    expect(resolveAddr({ area: 0, page: 3, off: 5 }, b, ctx)).toBe(0x140 + 5);
  });
});

describe('quiesceBound', () => {
  it('grows with the outstanding work of started queues', () => {
    const sys = createModel(tiny);
    const pid = sys.spawn();
    sys.mmap(pid, 0x100, 0x200, 'rw');
    const fd = sys.open(pid, 'dummy-0');
    sys.mapRegion(pid, fd, 'mmio');
    sys.mapRegion(pid, fd, 'dus');
    sys.startQueue(pid, fd);
    const idle = quiesceBound(sys.snapshot(), tiny.pageSize);
    sys.send(pid, fd, [{ op: 'fill', dst: 0x100, len: 0x100, value: 1, tag: 1 }]);
    const busy = quiesceBound(sys.snapshot(), tiny.pageSize);
    expect(busy).toBeGreaterThan(idle);
    expect(sys.quiesce()).toBeLessThanOrEqual(busy);
  });
});

describe('the runner', () => {
  const script: CommandData[] = [
    { cmd: 'mmap', p: 0, at: { raw: 4, off: 0 }, pages: 2, skew: 0, prot: 'rw' },
    { cmd: 'write', p: 0, at: { area: 0, page: 0, off: 3 }, len: 10, seed: 1 },
    { cmd: 'read', p: 0, at: { area: 0, page: 0, off: 0 }, len: 16 },
  ];
  const model = (c?: Parameters<typeof createModel>[0]): SvaSystem => createModel(c);

  it('passes the model against itself and logs resolved values', () => {
    const report = replaySequence(tiny, script, { implementation: model });
    expect(report.ok).toBe(true);
    expect(report.log.slice(0, 3)).toEqual([
      '   0. spawn() → 1',
      "   1. p1.mmap(0x100, 0x80, 'rw') → 256",
      '   2. p1.write(0x103, 10 bytes of pattern 1) → undefined',
    ]);
    expect(report.log[3]).toMatch(/^ {3}3\. p1\.read\(0x100, 16 bytes\) → 16 bytes 000000[0-9a-f]{10}…$/);
    expect(report.log.at(-1)).toMatch(/^ {1}end\. quiesce\(\) → \d+$/);
  });

  it('reports a wrong return value as a mismatch at its step', () => {
    const liar = (c?: Parameters<typeof createModel>[0]): SvaSystem => {
      const m = createModel(c);
      return {
        ...m,
        config: m.config,
        read: (pid, addr, len) => {
          const r = m.read(pid, addr, len);
          if (r.length > 4) r[4] ^= 1;
          return r;
        },
      };
    };
    const report = replaySequence(tiny, script, { implementation: liar });
    expect(report.failure).toMatchObject({ kind: 'mismatch', step: 3 });
    expect(report.failure?.detail).toContain('first difference at [4]');
  });

  it('reports a non-WarpDriveError throw as a crash', () => {
    const crasher = (c?: Parameters<typeof createModel>[0]): SvaSystem => {
      const m = createModel(c);
      return {
        ...m,
        config: m.config,
        write: () => {
          throw new TypeError('boom');
        },
      };
    };
    const report = replaySequence(tiny, script, { implementation: crasher });
    expect(report.failure).toMatchObject({ kind: 'crash', step: 2 });
    expect(report.failure?.detail).toContain('TypeError: boom');
  });

  it('is a SequenceFailure that fast-check sees as a thrown error', () => {
    expect(new SequenceFailure('liveness', 3, 'stuck')).toBeInstanceOf(Error);
  });
});
