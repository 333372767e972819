// SPEC §4 (processes and memory), the mappings and CPU access, row by row: spawn, mmap, munmap,
// mprotect, read, write; with the rules SEMANTICS.md fixes (§S-1 argument checks, §S-2, §S-3).

import { describe, expect, it } from 'vitest';
import { ascii, pattern, zeros } from '../../support/bytes.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { freeFrames, mmOf, pageStates } from '../../support/observe.ts';
import { DATA, PAGE, smallConfig, smallWith } from '../../support/setup.ts';

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
});
