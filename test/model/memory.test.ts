// Smoke tests of the model's memory operations (SPEC §4, §S-3): demand paging, COW, reclaim,
// migrate, munmap/mprotect splitting, and "an operation that throws changes nothing".

import { describe, expect, it } from 'vitest';
import { WarpDriveError, type Errno, type SvaSystem } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';

const PAGE = 64;
const config = { pageSize: PAGE, frames: 8, vaBits: 12, pasidBits: 3, prqDepth: 4 };

function expectErrnoUnchanged(sys: SvaSystem, fn: () => unknown, code: Errno): void {
  const before = sys.snapshot({ contents: true });
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(WarpDriveError);
  expect((thrown as WarpDriveError).code).toBe(code);
  expect(sys.snapshot({ contents: true })).toEqual(before);
}

function mmOf(sys: SvaSystem, id: number) {
  const mm = sys.snapshot().mms.find((m) => m.id === id);
  if (mm === undefined) throw new Error(`mm ${id} dropped`);
  return mm;
}

describe('model memory', () => {
  it('validates the config', () => {
    expect(() => createModel({ pageSize: 100 })).toThrow(WarpDriveError);
  });

  it('demand-pages: mmap allocates nothing, read of untouched pages is zeros and stays absent', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    expect(sys.mmap(pid, PAGE, 4 * PAGE, 'rw')).toBe(PAGE);
    expect(sys.read(pid, PAGE + 10, 100)).toEqual(new Uint8Array(100));
    expect(mmOf(sys, pid).pages).toEqual([]);
    expect(sys.snapshot().frames.free).toHaveLength(8);
  });

  it('writes across a page boundary and reads the bytes back', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    sys.mmap(pid, PAGE, 4 * PAGE, 'rw');
    const bytes = Uint8Array.from({ length: 80 }, (_, i) => i + 1);
    sys.write(pid, PAGE + 30, bytes);
    expect(sys.read(pid, PAGE + 30, 80)).toEqual(bytes);
    expect(mmOf(sys, pid).pages.map((p) => [p.addr, p.state])).toEqual([
      [PAGE, 'present'],
      [2 * PAGE, 'present'],
    ]);
  });

  it('rejects bad ranges, prots, overlaps and missing permissions, changing nothing', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    sys.mmap(pid, PAGE, 2 * PAGE, 'r');
    expectErrnoUnchanged(sys, () => sys.mmap(pid, 0, PAGE, 'rw'), 'EINVAL');
    expectErrnoUnchanged(sys, () => sys.mmap(pid, PAGE + 1, PAGE, 'rw'), 'EINVAL');
    expectErrnoUnchanged(sys, () => sys.mmap(pid, 4 * PAGE, PAGE, 'wr' as never), 'EINVAL');
    expectErrnoUnchanged(sys, () => sys.mmap(pid, 2 * PAGE, 2 * PAGE, 'rw'), 'EEXIST');
    expectErrnoUnchanged(sys, () => sys.write(pid, PAGE, new Uint8Array([1])), 'EFAULT');
    expectErrnoUnchanged(sys, () => sys.read(pid, 3 * PAGE - 1, 2), 'EFAULT');
    expectErrnoUnchanged(sys, () => sys.mprotect(pid, PAGE, 3 * PAGE, 'rw'), 'ENOMEM');
    expectErrnoUnchanged(sys, () => sys.read(99, PAGE, 1), 'ESRCH');
  });

  it('fails a write that needs more frames than are free with ENOMEM, writing nothing', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    sys.mmap(pid, PAGE, 16 * PAGE, 'rw');
    sys.write(pid, PAGE, new Uint8Array(6 * PAGE).fill(1));
    expectErrnoUnchanged(sys, () => sys.write(pid, 8 * PAGE, new Uint8Array(3 * PAGE).fill(2)), 'ENOMEM');
  });

  it('munmap and mprotect split areas; snapshots list maximal runs', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    sys.mmap(pid, PAGE, 6 * PAGE, 'rw');
    sys.write(pid, 3 * PAGE, new Uint8Array([9]));
    sys.munmap(pid, 3 * PAGE, PAGE);
    sys.mprotect(pid, 5 * PAGE, PAGE, 'r');
    expect(mmOf(sys, pid).vmas).toEqual([
      { start: PAGE, end: 3 * PAGE, prot: 'rw' },
      { start: 4 * PAGE, end: 5 * PAGE, prot: 'rw' },
      { start: 5 * PAGE, end: 6 * PAGE, prot: 'r' },
      { start: 6 * PAGE, end: 7 * PAGE, prot: 'rw' },
    ]);
    expect(mmOf(sys, pid).pages).toEqual([]);
    sys.mprotect(pid, 5 * PAGE, PAGE, 'rw');
    expect(mmOf(sys, pid).vmas).toEqual([
      { start: PAGE, end: 3 * PAGE, prot: 'rw' },
      { start: 4 * PAGE, end: 7 * PAGE, prot: 'rw' },
    ]);
  });

  it('fork shares present pages copy-on-write; a CPU write breaks COW by copying', () => {
    const events: string[] = [];
    const sys = createModel(config, { observer: (e) => events.push(e.kind) });
    const parent = sys.spawn();
    sys.mmap(parent, PAGE, PAGE, 'rw');
    sys.write(parent, PAGE, new Uint8Array([1, 2, 3]));
    const child = sys.fork(parent);
    const shared = mmOf(sys, parent).pages[0].frame;
    expect(mmOf(sys, child).pages[0].frame).toBe(shared);
    expect(sys.snapshot().frames.refs).toEqual([{ frame: shared, count: 2 }]);
    sys.write(child, PAGE, new Uint8Array([7]));
    expect(events).toContain('cowBroken');
    expect(sys.read(parent, PAGE, 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(sys.read(child, PAGE, 3)).toEqual(new Uint8Array([7, 2, 3]));
    expect(sys.snapshot().frames.refs.map((r) => r.count)).toEqual([1, 1]);
  });

  it('reclaim swaps out an unshared page keeping its contents; a shared page is left alone', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    sys.mmap(pid, PAGE, 2 * PAGE, 'rw');
    sys.write(pid, PAGE, new Uint8Array([5, 6]));
    sys.reclaim(pid, PAGE);
    expect(mmOf(sys, pid).pages).toEqual([{ addr: PAGE, state: 'swapped' }]);
    expect(sys.snapshot().frames.free).toHaveLength(8);
    expect(sys.read(pid, PAGE, 2)).toEqual(new Uint8Array([5, 6]));
    sys.write(pid, 2 * PAGE, new Uint8Array([1]));
    sys.fork(pid);
    sys.reclaim(pid, 2 * PAGE);
    expect(mmOf(sys, pid).pages[1].state).toBe('present');
    expectErrnoUnchanged(sys, () => sys.reclaim(pid, PAGE + 1), 'EINVAL');
  });

  it('migrate moves a shared page for every sharer and frees the old frame', () => {
    const sys = createModel(config);
    const parent = sys.spawn();
    sys.mmap(parent, PAGE, PAGE, 'rw');
    sys.write(parent, PAGE, new Uint8Array([4]));
    const child = sys.fork(parent);
    const old = mmOf(sys, parent).pages[0].frame;
    sys.migrate(child, PAGE);
    const moved = mmOf(sys, parent).pages[0].frame;
    expect(moved).not.toBe(old);
    expect(mmOf(sys, child).pages[0].frame).toBe(moved);
    expect(sys.snapshot().frames.refs).toEqual([{ frame: moved, count: 2 }]);
    expect(sys.read(child, PAGE, 1)).toEqual(new Uint8Array([4]));
  });

  it('exit drops the mm of a process without bonds and frees its frames; pids are never reused', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    sys.mmap(pid, PAGE, PAGE, 'rw');
    sys.write(pid, PAGE, new Uint8Array([1]));
    sys.exit(pid);
    expect(sys.processes()).toEqual([]);
    expect(sys.snapshot().mms).toEqual([]);
    expect(sys.snapshot().frames.free).toHaveLength(8);
    expect(sys.spawn()).toBe(pid + 1);
    expectErrnoUnchanged(sys, () => sys.pasidOf(pid), 'ESRCH');
  });
});
