// SPEC §4 (processes and memory), row by row: spawn, mmap, munmap, mprotect, read, write, fork,
// reclaim, migrate, exit; with the rules SEMANTICS.md fixes (§S-1 argument checks, §S-2, §S-3).

import { describe, expect, it } from 'vitest';
import { factories } from '../support/factories.ts';
import { expectErrno, expectErrnoUnchanged } from '../support/errno.ts';
import { ascii, pattern, zeros } from '../support/bytes.ts';
import { freeFrames, mmExists, mmOf, pageStates, queueOf } from '../support/observe.ts';
import { DATA, PAGE, setupQueue, smallConfig, smallWith } from '../support/setup.ts';

describe.each(factories)('processes and memory — $name', ({ create }) => {
  describe('spawn', () => {
    it('returns pids 1, 2, 3 … and never reuses one (§S-2)', () => {
      const sys = create(smallConfig);
      expect([sys.spawn(), sys.spawn(), sys.spawn()]).toEqual([1, 2, 3]);
      sys.exit(2);
      expect(sys.spawn()).toBe(4);
      expect(sys.processes()).toEqual([1, 3, 4]);
      expect(sys.snapshot().nextPid).toBe(5);
    });

    it('gives an empty mm, no fds and no PASID', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const snap = sys.snapshot();
      expect(snap.processes).toEqual([{ pid, fds: [] }]);
      expect(snap.mms).toEqual([{ id: pid, exited: false, vmas: [], pages: [] }]);
      expect(sys.pasidOf(pid)).toBeUndefined();
    });
  });

  describe('mmap', () => {
    it('maps at the fixed address, returns it and allocates nothing', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const free = freeFrames(sys);
      expect(sys.mmap(pid, DATA, 4 * PAGE, 'rw')).toBe(DATA);
      expect(mmOf(sys, pid).vmas).toEqual([{ start: DATA, end: DATA + 4 * PAGE, prot: 'rw' }]);
      expect(mmOf(sys, pid).pages).toEqual([]);
      expect(freeFrames(sys)).toBe(free);
    });

    it('accepts every valid prot', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const prots = ['', 'r', 'rw', 'rx', 'rwx', 'w', 'wx', 'x'] as const;
      prots.forEach((prot, i) => sys.mmap(pid, DATA + 2 * i * PAGE, PAGE, prot));
      expect(mmOf(sys, pid).vmas.map((v) => v.prot)).toEqual(prots);
    });

    it('lists adjacent areas with the same prot as one maximal run (§S-3)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.mmap(pid, DATA + PAGE, 2 * PAGE, 'rw');
      sys.mmap(pid, DATA + 3 * PAGE, PAGE, 'r');
      expect(mmOf(sys, pid).vmas).toEqual([
        { start: DATA, end: DATA + 3 * PAGE, prot: 'rw' },
        { start: DATA + 3 * PAGE, end: DATA + 4 * PAGE, prot: 'r' },
      ]);
    });

    it.each([
      ['unaligned address', DATA + 1, PAGE, 'rw'],
      ['zero length', DATA, 0, 'rw'],
      ['negative length', DATA, -PAGE, 'rw'],
      ['length not a page multiple', DATA, PAGE + 1, 'rw'],
      ['address 0 (below pageSize)', 0, PAGE, 'rw'],
      ['range past 2^vaBits', 2 ** 20 - PAGE, 2 * PAGE, 'rw'],
      ['negative address', -PAGE, PAGE, 'rw'],
      ['prot letters out of order', DATA, PAGE, 'wr'],
      ['prot with a repeated letter', DATA, PAGE, 'rr'],
      ['prot with an unknown letter', DATA, PAGE, 'rq'],
      ['address not a number (§S-1)', String(DATA), PAGE, 'rw'],
      ['length not a number (§S-1)', DATA, null, 'rw'],
    ])('EINVAL: %s, nothing changes', (_what, addr, length, prot) => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expectErrnoUnchanged(sys, () => sys.mmap(pid, addr as number, length as number, prot as 'rw'), 'EINVAL');
    });

    it('accepts the last page below 2^vaBits', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expect(sys.mmap(pid, 2 ** 20 - PAGE, PAGE, 'r')).toBe(2 ** 20 - PAGE);
    });

    it('EEXIST: overlapping any existing area, even partly; nothing changes', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 4 * PAGE, 'rw');
      expectErrnoUnchanged(sys, () => sys.mmap(pid, DATA + 3 * PAGE, 2 * PAGE, 'r'), 'EEXIST');
      expectErrnoUnchanged(sys, () => sys.mmap(pid, DATA - PAGE, 2 * PAGE, 'r'), 'EEXIST');
      expectErrnoUnchanged(sys, () => sys.mmap(pid, DATA + PAGE, PAGE, 'rw'), 'EEXIST');
    });

    it('ESRCH: unknown or exited pid, and ESRCH is checked before EINVAL (§S-1)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.exit(pid);
      expectErrno(() => sys.mmap(pid, DATA, PAGE, 'rw'), 'ESRCH');
      expectErrno(() => sys.mmap(99, DATA, PAGE, 'rw'), 'ESRCH');
      expectErrno(() => sys.mmap(99, DATA + 1, 0, 'wr' as 'rw'), 'ESRCH');
      expectErrno(() => sys.mmap(1.5, DATA, PAGE, 'rw'), 'ESRCH');
    });
  });

  describe('munmap', () => {
    it('splits an area and frees the frames of its pages', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 4 * PAGE, 'rw');
      const free = freeFrames(sys);
      sys.write(pid, DATA, pattern(4 * PAGE));
      expect(freeFrames(sys)).toBe(free - 4);
      sys.munmap(pid, DATA + PAGE, 2 * PAGE);
      expect(freeFrames(sys)).toBe(free - 2);
      expect(mmOf(sys, pid).vmas).toEqual([
        { start: DATA, end: DATA + PAGE, prot: 'rw' },
        { start: DATA + 3 * PAGE, end: DATA + 4 * PAGE, prot: 'rw' },
      ]);
      expect(pageStates(sys, pid)).toEqual([
        { addr: DATA, state: 'present' },
        { addr: DATA + 3 * PAGE, state: 'present' },
      ]);
      expect(sys.read(pid, DATA + 3 * PAGE, PAGE)).toEqual(pattern(4 * PAGE).subarray(3 * PAGE));
      expectErrno(() => sys.read(pid, DATA + PAGE, 1), 'EFAULT');
    });

    it('accepts holes and ranges with nothing mapped, page 0 included (§S-1)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.mmap(pid, DATA + 2 * PAGE, PAGE, 'rw');
      sys.munmap(pid, 0, DATA + 8 * PAGE);
      expect(mmOf(sys, pid).vmas).toEqual([]);
      sys.munmap(pid, 0, PAGE);
    });

    it('discards swapped contents: a new mapping there reads zeros', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE));
      sys.reclaim(pid, DATA);
      sys.munmap(pid, DATA, PAGE);
      expect(mmOf(sys, pid).pages).toEqual([]);
      sys.mmap(pid, DATA, PAGE, 'rw');
      expect(sys.read(pid, DATA, PAGE)).toEqual(zeros(PAGE));
    });

    it.each([
      ['unaligned address', DATA + 8, PAGE],
      ['zero length', DATA, 0],
      ['unaligned length', DATA, PAGE / 2],
      ['range past 2^vaBits', 2 ** 20 - PAGE, 2 * PAGE],
    ])('EINVAL: %s, nothing changes', (_what, addr, length) => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 4 * PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE));
      expectErrnoUnchanged(sys, () => sys.munmap(pid, addr, length), 'EINVAL');
    });

    it('ESRCH for an exited pid', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.exit(pid);
      expectErrno(() => sys.munmap(pid, DATA, PAGE), 'ESRCH');
    });
  });

  describe('mprotect', () => {
    it('sets the prot of part of an area, splitting it', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 4 * PAGE, 'rw');
      sys.mprotect(pid, DATA + PAGE, PAGE, 'r');
      expect(mmOf(sys, pid).vmas).toEqual([
        { start: DATA, end: DATA + PAGE, prot: 'rw' },
        { start: DATA + PAGE, end: DATA + 2 * PAGE, prot: 'r' },
        { start: DATA + 2 * PAGE, end: DATA + 4 * PAGE, prot: 'rw' },
      ]);
      sys.mprotect(pid, DATA + PAGE, PAGE, 'rw');
      expect(mmOf(sys, pid).vmas).toEqual([{ start: DATA, end: DATA + 4 * PAGE, prot: 'rw' }]);
    });

    it('spans several areas; a lost permission is enforced on present pages, contents kept', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.mmap(pid, DATA + PAGE, PAGE, 'rwx');
      sys.write(pid, DATA, pattern(2 * PAGE));
      sys.mprotect(pid, DATA, 2 * PAGE, 'r');
      expect(mmOf(sys, pid).vmas).toEqual([{ start: DATA, end: DATA + 2 * PAGE, prot: 'r' }]);
      expectErrno(() => sys.write(pid, DATA + PAGE, ascii('x')), 'EFAULT');
      expect(sys.read(pid, DATA, 2 * PAGE)).toEqual(pattern(2 * PAGE));
      sys.mprotect(pid, DATA, 2 * PAGE, '');
      expectErrno(() => sys.read(pid, DATA, 1), 'EFAULT');
    });

    it('ENOMEM: any page of the range outside an area; nothing changes', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.mmap(pid, DATA + 2 * PAGE, PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE));
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, DATA, 3 * PAGE, 'r'), 'ENOMEM');
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, DATA + 4 * PAGE, PAGE, 'r'), 'ENOMEM');
      sys.write(pid, DATA, ascii('still writable'));
    });

    it.each([
      ['unaligned address', DATA + 1, PAGE, 'r'],
      ['zero length', DATA, 0, 'r'],
      ['bad prot', DATA, PAGE, 'xr'],
    ])('EINVAL: %s, nothing changes', (_what, addr, length, prot) => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, addr as number, length as number, prot as 'r'), 'EINVAL');
    });

    it('EINVAL (bad prot) is checked before ENOMEM (§S-1)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expectErrno(() => sys.mprotect(pid, DATA, PAGE, 'bad' as 'r'), 'EINVAL');
    });
  });

  describe('read', () => {
    it('length 0 returns an empty array, even where nothing is mapped', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const out = sys.read(pid, DATA, 0);
      expect(out).toBeInstanceOf(Uint8Array);
      expect(out.length).toBe(0);
    });

    it('a never-touched page reads as zeros and stays not present', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 2 * PAGE, 'r');
      const free = freeFrames(sys);
      expect(sys.read(pid, DATA + 10, PAGE)).toEqual(zeros(PAGE));
      expect(mmOf(sys, pid).pages).toEqual([]);
      expect(freeFrames(sys)).toBe(free);
    });

    it('reads what was written, across a page boundary', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 2 * PAGE, 'rw');
      sys.write(pid, DATA + PAGE - 3, ascii('abcdef'));
      expect(sys.read(pid, DATA + PAGE - 4, 8)).toEqual(new Uint8Array([0, 97, 98, 99, 100, 101, 102, 0]));
    });

    it('EFAULT: a page outside any area, a page without r, a range running off the area', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.mmap(pid, DATA + 2 * PAGE, PAGE, 'w');
      expectErrno(() => sys.read(pid, DATA + PAGE, 1), 'EFAULT');
      expectErrno(() => sys.read(pid, DATA + 2 * PAGE, 1), 'EFAULT');
      expectErrno(() => sys.read(pid, DATA + PAGE - 1, 2), 'EFAULT');
      expectErrno(() => sys.read(pid, 2 ** 20 - 1, 2), 'EFAULT');
    });

    it('EINVAL: negative address or length (§S-1)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      expectErrno(() => sys.read(pid, -1, 1), 'EINVAL');
      expectErrno(() => sys.read(pid, DATA, -1), 'EINVAL');
      expectErrno(() => sys.read(pid, DATA, 0.5), 'EINVAL');
    });

    it('a swapped page reads from swap and stays swapped (§S-3)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE, 3));
      sys.reclaim(pid, DATA);
      expect(sys.read(pid, DATA, PAGE)).toEqual(pattern(PAGE, 3));
      expect(pageStates(sys, pid)).toEqual([{ addr: DATA, state: 'swapped' }]);
    });
  });

  describe('write', () => {
    it('length 0 is a no-op, even where nothing is mapped', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const before = sys.snapshot({ contents: true });
      sys.write(pid, DATA, new Uint8Array(0));
      expect(sys.snapshot({ contents: true })).toEqual(before);
    });

    it('makes every touched page present, allocating zeroed frames', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 4 * PAGE, 'rw');
      const free = freeFrames(sys);
      sys.write(pid, DATA + PAGE - 1, ascii('ab'));
      expect(pageStates(sys, pid)).toEqual([
        { addr: DATA, state: 'present' },
        { addr: DATA + PAGE, state: 'present' },
      ]);
      expect(freeFrames(sys)).toBe(free - 2);
      const expected = zeros(2 * PAGE);
      expected.set(ascii('ab'), PAGE - 1);
      expect(sys.read(pid, DATA, 2 * PAGE)).toEqual(expected);
    });

    it('EFAULT: a touched page outside an area or without w; nothing is written', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.mmap(pid, DATA + PAGE, PAGE, 'r');
      expectErrnoUnchanged(sys, () => sys.write(pid, DATA + PAGE - 2, ascii('abcd')), 'EFAULT');
      expectErrnoUnchanged(sys, () => sys.write(pid, DATA + 2 * PAGE, ascii('a')), 'EFAULT');
      expect(mmOf(sys, pid).pages).toEqual([]);
    });

    it('ENOMEM: more frames needed than free; nothing is written', () => {
      const sys = create(smallWith({ frames: 2 }));
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 4 * PAGE, 'rw');
      sys.write(pid, DATA, ascii('one'));
      expectErrnoUnchanged(sys, () => sys.write(pid, DATA, pattern(3 * PAGE)), 'ENOMEM');
      sys.write(pid, DATA, pattern(2 * PAGE));
      expect(sys.snapshot().frames.free).toEqual([]);
    });

    it('EINVAL: bytes not a Uint8Array, negative address (§S-1)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      expectErrno(() => sys.write(pid, DATA, [1, 2] as unknown as Uint8Array), 'EINVAL');
      expectErrno(() => sys.write(pid, -1, ascii('a')), 'EINVAL');
    });

    it('swaps a swapped page back in, keeping its other bytes', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.write(pid, DATA, pattern(PAGE));
      sys.reclaim(pid, DATA);
      sys.write(pid, DATA + 5, ascii('Z'));
      expect(pageStates(sys, pid)).toEqual([{ addr: DATA, state: 'present' }]);
      const expected = pattern(PAGE);
      expected[5] = 90;
      expect(sys.read(pid, DATA, PAGE)).toEqual(expected);
    });
  });

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

    it('copies swapped pages to the child\'s swap', () => {
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
