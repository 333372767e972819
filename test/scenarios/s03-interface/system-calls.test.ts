// Edges of the system calls' argument checks and lifecycle order that the other scenario files do
// not reach: zero-length CPU accesses (nothing is checked beyond §S-1), wrong-typed or negative
// ranges (§S-1 EINVAL), unmapRegion of a queue field that is not a region, exit closing fds in
// ascending order (§S-7 step 4) and the snapshot's per-descriptor progress of a pending CRC.

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { queueOf } from '../../support/observe.ts';
import { DATA, PAGE, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';
import type { Region } from 'warpdrive-sva/interface';

/** The VA limit of `smallConfig` (20-bit addresses). */
const VA_LIMIT = 2 ** 20;

describe.each(factories)('system call edges — $name', ({ create }) => {
  describe('zero-length CPU accesses', () => {
    it('a zero-length read returns no bytes at any non-negative address, even past the VA limit', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expect(sys.read(pid, 0, 0)).toEqual(new Uint8Array(0));
      expect(sys.read(pid, VA_LIMIT + PAGE, 0)).toEqual(new Uint8Array(0));
    });

    it('a zero-length write changes nothing at any non-negative address, even past the VA limit', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const before = sys.snapshot({ contents: true });
      sys.write(pid, VA_LIMIT + PAGE, new Uint8Array(0));
      sys.write(pid, 0, new Uint8Array(0));
      expect(sys.snapshot({ contents: true })).toEqual(before);
    });

    it('a zero-length write inside an absent page needs no frame, even when none is free', () => {
      const sys = create(smallWith({ frames: 1 }));
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 2 * PAGE, 'rw');
      sys.write(pid, DATA, new Uint8Array([7])); // takes the only frame
      const before = sys.snapshot({ contents: true });
      sys.write(pid, DATA + PAGE + 1, new Uint8Array(0));
      expect(sys.snapshot({ contents: true })).toEqual(before);
    });

    it('address 0 is a valid argument: a read or write of bytes there is EFAULT (unmapped), not EINVAL', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expectErrnoUnchanged(sys, () => sys.read(pid, 0, 1), 'EFAULT');
      expectErrnoUnchanged(sys, () => sys.write(pid, 0, new Uint8Array(1)), 'EFAULT');
    });
  });

  describe('range arguments (§S-1)', () => {
    it('munmap and mprotect of a negative page-aligned address are EINVAL', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      expectErrnoUnchanged(sys, () => sys.munmap(pid, -PAGE, PAGE), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, -PAGE, 2 * PAGE, 'r'), 'EINVAL');
    });

    it('a numeric string as address or length is EINVAL for mmap, munmap and mprotect', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, PAGE, PAGE, 'rw');
      // Small values, so that even `addr + length` concatenated as a string stays below the VA limit.
      const str = (n: number) => String(n) as unknown as number;
      expectErrnoUnchanged(sys, () => sys.mmap(pid, str(2 * PAGE), PAGE, 'rw'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mmap(pid, 2 * PAGE, str(PAGE), 'rw'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.munmap(pid, str(PAGE), PAGE), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.munmap(pid, PAGE, str(PAGE)), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, str(PAGE), PAGE, 'r'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, PAGE, str(PAGE), 'r'), 'EINVAL');
    });
  });

  it('unmapRegion of a queue field that is not a region is EINVAL even when its value equals the pid', () => {
    const sys = create(smallConfig);
    const pid = sys.spawn();
    expect(pid).toBe(1);
    sys.open(pid, 'acc');
    const fd = sys.open(pid, 'acc');
    expect(queueOf(sys, pid, fd).id).toBe(1);
    expectErrnoUnchanged(sys, () => sys.unmapRegion(pid, fd, 'id' as Region), 'EINVAL');
  });

  it('exit closes the fds in ascending fd order: the last drained queue writes last', () => {
    const sys = create(smallConfig);
    const parent = sys.spawn();
    sys.mmap(parent, DATA, PAGE, 'rw');
    const first = setupQueue(sys, { pid: parent });
    const second = setupQueue(sys, { pid: parent });
    sys.unmapRegion(parent, first.fd, 'mmio');
    sys.unmapRegion(parent, first.fd, 'dus');
    sys.close(parent, first.fd);
    // fd 3 is reused by a newer queue, so the fd table holds 4 before 3 in opening order.
    const third = setupQueue(sys, { pid: parent });
    expect([second.fd, third.fd]).toEqual([4, 3]);
    sys.send(parent, second.fd, [{ op: 'fill', dst: DATA, len: 1, value: 0xaa, tag: 1 }]);
    sys.send(parent, third.fd, [{ op: 'fill', dst: DATA, len: 1, value: 0xbb, tag: 2 }]);
    const child = sys.fork(parent);
    // Only the child's fds keep the two queues open: its exit releases and drains both.
    for (const fd of [second.fd, third.fd]) {
      sys.unmapRegion(parent, fd, 'mmio');
      sys.unmapRegion(parent, fd, 'dus');
      sys.close(parent, fd);
    }
    sys.exit(child);
    expect(sys.snapshot().queues).toEqual([]);
    // fd 3 (value 0xbb) is drained first, fd 4 (value 0xaa) last.
    expect(sys.read(parent, DATA, 1)).toEqual(Uint8Array.of(0xaa));
  });

  it('a CRC in progress shows its partial value on the head descriptor only; later pending ones show 0', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    sys.write(pid, DATA, pattern(PAGE));
    sys.send(pid, fd, [
      { op: 'crc32', src: DATA, len: 2 * PAGE, tag: 1 },
      { op: 'crc32', src: DATA, len: PAGE, tag: 2 },
    ]);
    sys.deviceStep('acc'); // the first page is present: one chunk of the head is summed
    sys.deviceStep('acc'); // the second page is absent: the head waits on a page request
    const pending = queueOf(sys, pid, fd).pending;
    expect(pending).toHaveLength(2);
    expect(pending[0].done).toBe(PAGE);
    expect(pending[0].crc).not.toBe(0);
    expect(pending[1].done).toBe(0);
    expect(pending[1].crc).toBe(0);
    expectErrno(() => sys.recv(pid, fd), 'EAGAIN');
  });
});
