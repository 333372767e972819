// SPEC §6 queues, their traffic: close and release, send, recv, poll, observation (§S-5, §S-9).

import { describe, expect, it } from 'vitest';
import { pattern, zeros } from '../../support/bytes.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { queueOf } from '../../support/observe.ts';
import { DATA, PAGE, recvAll, setupQueue, smallConfig } from '../../support/setup.ts';
import type { Descriptor } from 'warpdrive-sva/interface';

/** A one-byte fill at the start of the data area. */
function fill(tag: number, value = 1): Descriptor {
  return { op: 'fill', dst: DATA, len: 1, value, tag };
}

describe.each(factories)('queues — $name', ({ create }) => {
  describe('close and release', () => {
    it('drops the fd; EBADF for a second close', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      sys.close(pid, fd);
      expect(sys.snapshot().processes).toEqual([{ pid, fds: [] }]);
      expectErrnoUnchanged(sys, () => sys.close(pid, fd), 'EBADF');
    });

    it("a child's fd keeps the queue alive after the parent closes", () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      const child = sys.fork(pid);
      sys.close(pid, fd);
      expect(sys.queueInfo(child, fd)).toEqual({ device: 'acc', state: 'init', pasid: 1, hwQueue: 0, outstanding: 0 });
      sys.close(child, fd);
      expect(sys.snapshot().queues).toEqual([]);
      expect(sys.deviceInfo('acc').availableInstances).toBe(3);
    });

    it('release of a started queue drains it first: the work lands in memory', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(300));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + 4 * PAGE, len: 300, tag: 1 }]);
      sys.unmapRegion(pid, fd, 'mmio');
      sys.unmapRegion(pid, fd, 'dus');
      sys.close(pid, fd);
      expect(sys.snapshot().queues).toEqual([]);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(sys.read(pid, DATA + 4 * PAGE, 300)).toEqual(pattern(300));
    });

    it('release of an init queue drops its pending work', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { start: false });
      sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 16, value: 3, tag: 1 }]);
      sys.unmapRegion(pid, fd, 'mmio');
      sys.unmapRegion(pid, fd, 'dus');
      sys.close(pid, fd);
      expect(sys.snapshot().queues).toEqual([]);
      expect(sys.read(pid, DATA, 16)).toEqual(zeros(16));
    });
  });

  describe('send', () => {
    it('queues all descriptors in order and returns the count; the completions come back in order', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expect(sys.send(pid, fd, [fill(10), fill(11), fill(12)])).toBe(3);
      expect(sys.queueInfo(pid, fd).outstanding).toBe(3);
      expect(queueOf(sys, pid, fd).pending.map((p) => p.desc.tag)).toEqual([10, 11, 12]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd).map((c) => c.tag)).toEqual([10, 11, 12]);
    });

    it('is allowed in init: the work waits for START', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { start: false });
      expect(sys.send(pid, fd, [fill(1, 0x42)])).toBe(1);
      sys.quiesce();
      expect(sys.poll(pid, fd)).toBe(false);
      expect(sys.read(pid, DATA, 1)).toEqual(new Uint8Array([0]));
      sys.startQueue(pid, fd);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 1 }]);
      expect(sys.read(pid, DATA, 1)).toEqual(new Uint8Array([0x42]));
    });

    it('EBUSY when the descriptors exceed the free slots (ringDepth − 1 − outstanding); nothing queued', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { device: 'acc2' });
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [fill(1), fill(2), fill(3), fill(4)]), 'EBUSY');
      expect(sys.send(pid, fd, [fill(1), fill(2)])).toBe(2);
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [fill(3), fill(4)]), 'EBUSY');
      expect(sys.send(pid, fd, [fill(3)])).toBe(1);
      expect(sys.queueInfo(pid, fd).outstanding).toBe(3);
    });

    it('EBUSY counts completed but unread descriptors as outstanding', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { device: 'acc2' });
      sys.send(pid, fd, [fill(1), fill(2), fill(3)]);
      sys.quiesce();
      expect(sys.queueInfo(pid, fd).outstanding).toBe(3);
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [fill(4)]), 'EBUSY');
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 1 }]);
      expect(sys.send(pid, fd, [fill(4)])).toBe(1);
    });

    it('EFAULT unless the caller holds both regions', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      sys.startQueue(pid, fd);
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [fill(1)]), 'EFAULT');
      sys.mapRegion(pid, fd, 'mmio');
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [fill(1)]), 'EFAULT');
      const child = sys.fork(pid);
      sys.mapRegion(child, fd, 'dus');
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [fill(1)]), 'EFAULT');
      expectErrnoUnchanged(sys, () => sys.send(child, fd, [fill(1)]), 'EFAULT');
    });

    it('EINVAL for an empty list; EFAULT is checked before EINVAL (§S-9)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, []), 'EINVAL');
      sys.unmapRegion(pid, fd, 'dus');
      expectErrno(() => sys.send(pid, fd, []), 'EFAULT');
    });

    it('EBADF; ENXIO for a zombie', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrno(() => sys.send(pid, fd + 1, [fill(1)]), 'EBADF');
      sys.removeDevice('acc');
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [fill(1)]), 'ENXIO');
    });
  });

  describe('recv', () => {
    it('up to max completions in submission order; default 1', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [fill(1), fill(2), fill(3), fill(4)]);
      sys.quiesce();
      expect(sys.recv(pid, fd).map((c) => c.tag)).toEqual([1]);
      expect(sys.recv(pid, fd, 2).map((c) => c.tag)).toEqual([2, 3]);
      expect(sys.recv(pid, fd, 10).map((c) => c.tag)).toEqual([4]);
      expect(sys.queueInfo(pid, fd).outstanding).toBe(0);
    });

    it('EAGAIN when no completion is ready (nothing sent, or not yet served)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd), 'EAGAIN');
      sys.send(pid, fd, [fill(1)]);
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd), 'EAGAIN');
    });

    it('EINVAL for max < 1 or not an integer', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [fill(1)]);
      sys.quiesce();
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd, 0), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd, 1.5), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd, -1), 'EINVAL');
    });

    it('EFAULT unless the caller holds both regions; EBADF; ENXIO for a zombie', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [fill(1)]);
      sys.quiesce();
      sys.unmapRegion(pid, fd, 'mmio');
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd), 'EFAULT');
      expectErrno(() => sys.recv(pid, fd + 1), 'EBADF');
      sys.removeDevice('acc');
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd), 'ENXIO');
    });
  });

  describe('poll', () => {
    it('whether a completion is ready', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expect(sys.poll(pid, fd)).toBe(false);
      sys.send(pid, fd, [fill(1)]);
      expect(sys.poll(pid, fd)).toBe(false);
      sys.quiesce();
      expect(sys.poll(pid, fd)).toBe(true);
      sys.recv(pid, fd);
      expect(sys.poll(pid, fd)).toBe(false);
    });

    it('works without region mappings (only the fd is needed)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [fill(1)]);
      sys.quiesce();
      const child = sys.fork(pid);
      expect(sys.poll(child, fd)).toBe(true);
    });

    it('false for a zombie; EBADF for an fd not open', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [fill(1)]);
      sys.quiesce();
      sys.removeDevice('acc');
      expect(sys.poll(pid, fd)).toBe(false);
      expectErrno(() => sys.poll(pid, fd + 1), 'EBADF');
    });
  });

  describe('observation', () => {
    it('queueInfo: ESRCH, EBADF; deviceInfo: ENODEV only for an unknown device; pasidOf: ESRCH', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrno(() => sys.queueInfo(pid + 1, fd), 'ESRCH');
      expectErrno(() => sys.queueInfo(pid, fd + 1), 'EBADF');
      expectErrno(() => sys.poll(pid + 1, fd), 'ESRCH');
      expectErrno(() => sys.deviceInfo('nope'), 'ENODEV');
      expectErrno(() => sys.pasidOf(pid + 1), 'ESRCH');
      expect(sys.queueInfo(pid, fd)).toEqual({ device: 'acc', state: 'started', pasid: 1, hwQueue: 0, outstanding: 0 });
      expect(sys.deviceInfo('acc')).toEqual({ availableInstances: 2, removed: false, prqOverflow: false });
      expect(sys.processes()).toEqual([pid]);
    });
  });
});
