// SPEC §4 (processes and memory), what moves pages and processes, row by row: fork, reclaim,
// migrate, exit; with the rules SEMANTICS.md fixes (§S-1 argument checks, §S-2, §S-3, §S-7).

import { describe, expect, it } from 'vitest';
import { ascii, pattern } from '../../support/bytes.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { freeFrames, mmExists, mmOf, pageStates, queueOf } from '../../support/observe.ts';
import { DATA, PAGE, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';

describe.each(factories)('processes and memory — $name', ({ create }) => {
  describe('fork', () => {
    it('copies the areas and shares every present page copy-on-write', () => {
      const sys = create(smallConfig);
      const parent = sys.spawn();
      sys.mmap(parent, DATA, 2 * PAGE, 'rw');
      sys.mmap(parent, DATA + 4 * PAGE, PAGE, 'r');
      sys.write(parent, DATA, pattern(PAGE));
      const free = freeFrames(sys);
      const child = sys.fork(parent);
      expect(child).toBe(parent + 1);
      expect(freeFrames(sys)).toBe(free);
      const p = mmOf(sys, parent);
      const c = mmOf(sys, child);
      expect(c.vmas).toEqual(p.vmas);
      expect(c.pages).toEqual(p.pages);
      expect(c.pages[0].frame).toBe(p.pages[0].frame);
      expect(sys.snapshot().frames.refs).toEqual([{ frame: p.pages[0].frame, count: 2 }]);
      expect(sys.read(child, DATA, PAGE)).toEqual(pattern(PAGE));
    });

    it('a CPU write breaks COW by copying: the writer gets a new frame, the other keeps the old', () => {
      const sys = create(smallConfig);
      const parent = sys.spawn();
      sys.mmap(parent, DATA, PAGE, 'rw');
      sys.write(parent, DATA, pattern(PAGE));
      const child = sys.fork(parent);
      const free = freeFrames(sys);
      sys.write(child, DATA, ascii('child'));
      expect(freeFrames(sys)).toBe(free - 1);
      expect(mmOf(sys, child).pages[0].frame).not.toBe(mmOf(sys, parent).pages[0].frame);
      expect(sys.read(parent, DATA, PAGE)).toEqual(pattern(PAGE));
      const expected = pattern(PAGE);
      expected.set(ascii('child'));
      expect(sys.read(child, DATA, PAGE)).toEqual(expected);
      // the parent, now sole owner, writes in place without a copy (§S-3)
      sys.write(parent, DATA, ascii('P'));
      expect(freeFrames(sys)).toBe(free - 1);
    });

    it("copies swapped pages to the child's swap", () => {
      const sys = create(smallConfig);
      const parent = sys.spawn();
      sys.mmap(parent, DATA, PAGE, 'rw');
      sys.write(parent, DATA, pattern(PAGE, 9));
      sys.reclaim(parent, DATA);
      const child = sys.fork(parent);
      expect(pageStates(sys, child)).toEqual([{ addr: DATA, state: 'swapped' }]);
      sys.write(parent, DATA, ascii('parent'));
      expect(sys.read(child, DATA, PAGE)).toEqual(pattern(PAGE, 9));
    });

    it('never fails with ENOMEM, even with no free frame (§S-3)', () => {
      const sys = create(smallWith({ frames: 2 }));
      const parent = sys.spawn();
      sys.mmap(parent, DATA, 2 * PAGE, 'rw');
      sys.write(parent, DATA, pattern(2 * PAGE));
      const child = sys.fork(parent);
      expect(sys.read(child, DATA, 2 * PAGE)).toEqual(pattern(2 * PAGE));
      expectErrnoUnchanged(sys, () => sys.write(child, DATA, ascii('x')), 'ENOMEM');
    });

    it('duplicates the fd table (same fds, same queues) without region mappings or a PASID', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const child = sys.fork(pid);
      const snap = sys.snapshot();
      expect(snap.processes.find((p) => p.pid === child)?.fds).toEqual(snap.processes.find((p) => p.pid === pid)?.fds);
      expect(sys.pasidOf(child)).toBeUndefined();
      expect(sys.pasidOf(pid)).toBe(1);
      expect(queueOf(sys, child, fd).regions).toEqual({ mmio: pid, dus: pid });
      expectErrno(() => sys.send(child, fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }]), 'EFAULT');
      expect(sys.queueInfo(child, fd)).toEqual(sys.queueInfo(pid, fd));
    });

    it('ESRCH for an exited or unknown pid', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.exit(pid);
      expectErrno(() => sys.fork(pid), 'ESRCH');
      expectErrno(() => sys.fork(7), 'ESRCH');
    });
  });

  describe('reclaim', () => {
    it('swaps a present unshared page out: contents kept, frame freed', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE, 4));
      const free = freeFrames(sys);
      sys.reclaim(pid, DATA);
      expect(freeFrames(sys)).toBe(free + 1);
      expect(mmOf(sys, pid).pages).toEqual([{ addr: DATA, state: 'swapped' }]);
      expect(sys.read(pid, DATA, PAGE)).toEqual(pattern(PAGE, 4));
    });

    it('is a no-op on a shared, absent, swapped or unmapped page', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 3 * PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE));
      sys.write(pid, DATA + 2 * PAGE, pattern(PAGE));
      sys.reclaim(pid, DATA + 2 * PAGE);
      sys.fork(pid);
      const before = sys.snapshot({ contents: true });
      sys.reclaim(pid, DATA);
      sys.reclaim(pid, DATA + PAGE);
      sys.reclaim(pid, DATA + 2 * PAGE);
      sys.reclaim(pid, DATA + 8 * PAGE);
      expect(sys.snapshot({ contents: true })).toEqual(before);
    });

    it.each([
      ['unaligned', DATA + 1],
      ['negative', -PAGE],
      ['at 2^vaBits', 2 ** 20],
    ])('EINVAL: %s address', (_what, addr) => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expectErrnoUnchanged(sys, () => sys.reclaim(pid, addr), 'EINVAL');
    });
  });

  describe('migrate', () => {
    it('moves a present page to a new frame, contents copied, old frame freed', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE, 5));
      const old = mmOf(sys, pid).pages[0].frame;
      const free = freeFrames(sys);
      sys.migrate(pid, DATA);
      const moved = mmOf(sys, pid).pages[0];
      expect(moved.state).toBe('present');
      expect(moved.frame).not.toBe(old);
      expect(freeFrames(sys)).toBe(free);
      expect(sys.snapshot().frames.free).toContain(old);
      expect(sys.read(pid, DATA, PAGE)).toEqual(pattern(PAGE, 5));
    });

    it('repoints every PTE sharing the frame (fork)', () => {
      const sys = create(smallConfig);
      const parent = sys.spawn();
      sys.mmap(parent, DATA, PAGE, 'rw');
      sys.write(parent, DATA, pattern(PAGE));
      const child = sys.fork(parent);
      sys.migrate(child, DATA);
      const frame = mmOf(sys, parent).pages[0].frame;
      expect(mmOf(sys, child).pages[0].frame).toBe(frame);
      expect(sys.snapshot().frames.refs).toEqual([{ frame, count: 2 }]);
    });

    it('ENOMEM when no frame is free; nothing moves', () => {
      const sys = create(smallWith({ frames: 1 }));
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE));
      expectErrnoUnchanged(sys, () => sys.migrate(pid, DATA), 'ENOMEM');
    });

    it('is a no-op on an absent, swapped or unmapped page', () => {
      const sys = create(smallWith({ frames: 1 }));
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 2 * PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE));
      sys.reclaim(pid, DATA);
      const before = sys.snapshot({ contents: true });
      sys.migrate(pid, DATA);
      sys.migrate(pid, DATA + PAGE);
      sys.migrate(pid, DATA + 4 * PAGE);
      expect(sys.snapshot({ contents: true })).toEqual(before);
    });

    it('EINVAL: unaligned address', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expectErrno(() => sys.migrate(pid, DATA + 3), 'EINVAL');
    });
  });

  describe('exit', () => {
    it('the process is gone: ESRCH everywhere, its mm dropped and its frames freed', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const other = sys.spawn();
      const free = freeFrames(sys);
      sys.mmap(pid, DATA, 2 * PAGE, 'rw');
      sys.write(pid, DATA, pattern(2 * PAGE));
      sys.exit(pid);
      expect(sys.processes()).toEqual([other]);
      expect(mmExists(sys, pid)).toBe(false);
      expect(freeFrames(sys)).toBe(free);
      expectErrno(() => sys.read(pid, DATA, 1), 'ESRCH');
      expectErrno(() => sys.write(pid, DATA, ascii('a')), 'ESRCH');
      expectErrno(() => sys.pasidOf(pid), 'ESRCH');
      expectErrno(() => sys.exit(pid), 'ESRCH');
      expectErrno(() => sys.reclaim(pid, DATA), 'ESRCH');
      expectErrno(() => sys.migrate(pid, DATA), 'ESRCH');
      expectErrno(() => sys.open(pid, 'acc'), 'ESRCH');
    });

    it('a shared frame survives in the other sharer', () => {
      const sys = create(smallConfig);
      const parent = sys.spawn();
      sys.mmap(parent, DATA, PAGE, 'rw');
      sys.write(parent, DATA, pattern(PAGE, 2));
      const child = sys.fork(parent);
      sys.exit(parent);
      const frame = mmOf(sys, child).pages[0].frame;
      expect(sys.snapshot().frames.refs).toEqual([{ frame, count: 1 }]);
      expect(sys.read(child, DATA, PAGE)).toEqual(pattern(PAGE, 2));
    });
  });
});
