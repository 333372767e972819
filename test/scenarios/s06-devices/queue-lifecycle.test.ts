// SPEC §6 queues, their lifecycle: open, startQueue, stopQueue (PUT_Q), mapRegion, unmapRegion
// (§S-5 errno order and references).

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { deviceOf, queueOf } from '../../support/observe.ts';
import { DATA, PAGE, recvAll, setupQueue, smallConfig } from '../../support/setup.ts';
import type { Descriptor, Region } from 'warpdrive-sva/interface';

/** A one-byte fill at the start of the data area. */
function fill(tag: number, value = 1): Descriptor {
  return { op: 'fill', dst: DATA, len: 1, value, tag };
}

describe.each(factories)('queues — $name', ({ create }) => {
  describe('open', () => {
    it('returns the lowest free fd from 3; the queue is init on the lowest free hardware queue', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expect(sys.open(pid, 'acc')).toBe(3);
      expect(sys.open(pid, 'acc')).toBe(4);
      expect(sys.open(pid, 'acc2')).toBe(5);
      expect(sys.queueInfo(pid, 4)).toEqual({ device: 'acc', state: 'init', pasid: 1, hwQueue: 1, outstanding: 0 });
      expect(sys.queueInfo(pid, 5)).toEqual({ device: 'acc2', state: 'init', pasid: 1, hwQueue: 0, outstanding: 0 });
      sys.close(pid, 3);
      expect(sys.open(pid, 'acc')).toBe(3);
      expect(sys.queueInfo(pid, 3).hwQueue).toBe(0);
      expect(sys.deviceInfo('acc').availableInstances).toBe(1);
    });

    it('ESRCH, then ENODEV for an unknown device', () => {
      const sys = create(smallConfig);
      expectErrno(() => sys.open(1, 'acc'), 'ESRCH');
      expectErrno(() => sys.open(1, 'nope'), 'ESRCH');
      const pid = sys.spawn();
      expectErrnoUnchanged(sys, () => sys.open(pid, 'nope'), 'ENODEV');
    });

    it('ENODEV for a removed device', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.removeDevice('acc2');
      expectErrnoUnchanged(sys, () => sys.open(pid, 'acc2'), 'ENODEV');
    });

    it('EBUSY when no hardware queue is free; nothing remains of the failed open', () => {
      const sys = create(smallConfig);
      const a = sys.spawn();
      const b = sys.spawn();
      sys.open(a, 'acc2');
      sys.open(b, 'acc2');
      expect(sys.deviceInfo('acc2').availableInstances).toBe(0);
      expectErrnoUnchanged(sys, () => sys.open(a, 'acc2'), 'EBUSY');
      expect(deviceOf(sys, 'acc2').bonds).toEqual([
        { mm: a, count: 1 },
        { mm: b, count: 1 },
      ]);
    });

    it('EBUSY on a first open: the mm keeps its new PASID, but no bond or hardware queue (§S-4)', () => {
      const sys = create(smallConfig);
      const a = sys.spawn();
      sys.open(a, 'acc2');
      sys.open(a, 'acc2');
      const b = sys.spawn();
      expectErrno(() => sys.open(b, 'acc2'), 'EBUSY');
      expect(sys.pasidOf(b)).toBe(2);
      expect(deviceOf(sys, 'acc2').bonds).toEqual([{ mm: a, count: 2 }]);
      expect(deviceOf(sys, 'acc2').slots).toEqual([{ pasid: 1, state: 'sva', mm: a }]);
      expect(sys.snapshot().queues.map((q) => q.id)).toEqual([0, 1]);
      expect(sys.open(b, 'acc')).toBe(3);
      expect(queueOf(sys, b, 3).id).toBe(2);
    });
  });

  describe('startQueue', () => {
    it('init → started', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { start: false });
      expect(sys.queueInfo(pid, fd).state).toBe('init');
      sys.startQueue(pid, fd);
      expect(sys.queueInfo(pid, fd).state).toBe('started');
    });

    it('EINVAL when already started; nothing changes', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrnoUnchanged(sys, () => sys.startQueue(pid, fd), 'EINVAL');
    });

    it('EBADF for an fd not open (never, closed, not a number); ESRCH first', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { start: false });
      expectErrno(() => sys.startQueue(pid, 9), 'EBADF');
      expectErrno(() => sys.startQueue(pid, 0), 'EBADF');
      expectErrno(() => sys.startQueue(pid, '3' as unknown as number), 'EBADF');
      expectErrno(() => sys.startQueue(pid + 1, fd), 'ESRCH');
      sys.close(pid, fd);
      expectErrno(() => sys.startQueue(pid, fd), 'EBADF');
    });

    it('ENXIO for a zombie', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { start: false });
      sys.removeDevice('acc');
      expectErrnoUnchanged(sys, () => sys.startQueue(pid, fd), 'ENXIO');
    });
  });

  describe('stopQueue (PUT_Q)', () => {
    it('init → no-op', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { start: false });
      sys.send(pid, fd, [fill(1)]);
      const before = sys.snapshot({ contents: true });
      sys.stopQueue(pid, fd);
      expect(sys.snapshot({ contents: true })).toEqual(before);
    });

    it('started → drains every descriptor (faults included), then init; completions stay readable', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(PAGE));
      sys.send(pid, fd, [
        { op: 'copy', src: DATA, dst: DATA + 2 * PAGE + 128, len: 200, tag: 1 },
        { op: 'fill', dst: DATA + 5 * PAGE, len: 3, value: 0xee, tag: 2 },
      ]);
      sys.stopQueue(pid, fd);
      expect(sys.queueInfo(pid, fd)).toEqual({ device: 'acc', state: 'init', pasid: 1, hwQueue: 0, outstanding: 2 });
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 1, status: 'ok', done: 200 },
        { tag: 2, status: 'ok', done: 3 },
      ]);
      expect(sys.read(pid, DATA + 2 * PAGE + 128, 200)).toEqual(pattern(200));
      expect(sys.read(pid, DATA + 5 * PAGE, 4)).toEqual(new Uint8Array([0xee, 0xee, 0xee, 0]));
    });

    it('the queue can start again after PUT_Q', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.stopQueue(pid, fd);
      sys.startQueue(pid, fd);
      sys.send(pid, fd, [fill(4, 4)]);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 4, status: 'ok', done: 1 }]);
    });

    it("the drain does not move the device's round-robin pointer (§S-6)", () => {
      const sys = create(smallConfig);
      const a = setupQueue(sys);
      const b = setupQueue(sys, { pid: a.pid });
      sys.write(a.pid, DATA, pattern(1));
      sys.send(a.pid, a.fd, [fill(1)]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(deviceOf(sys, 'acc').lastServed).toBe(0);
      sys.send(b.pid, b.fd, [fill(2), fill(3)]);
      sys.stopQueue(b.pid, b.fd);
      expect(deviceOf(sys, 'acc').lastServed).toBe(0);
      expect(recvAll(sys, b.pid, b.fd).map((c) => c.tag)).toEqual([2, 3]);
    });

    it('EBADF; ENXIO for a zombie', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrno(() => sys.stopQueue(pid, fd + 1), 'EBADF');
      sys.removeDevice('acc');
      expectErrnoUnchanged(sys, () => sys.stopQueue(pid, fd), 'ENXIO');
    });
  });

  describe('mapRegion', () => {
    it('maps each region for the calling process', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      expect(queueOf(sys, pid, fd).regions).toEqual({});
      sys.mapRegion(pid, fd, 'dus');
      expect(queueOf(sys, pid, fd).regions).toEqual({ dus: pid });
      sys.mapRegion(pid, fd, 'mmio');
      expect(queueOf(sys, pid, fd).regions).toEqual({ mmio: pid, dus: pid });
    });

    it('EEXIST when mapped already, by this process or by anyone', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const child = sys.fork(pid);
      expectErrnoUnchanged(sys, () => sys.mapRegion(pid, fd, 'mmio'), 'EEXIST');
      expectErrnoUnchanged(sys, () => sys.mapRegion(child, fd, 'dus'), 'EEXIST');
    });

    it('EINVAL for an unknown region; EBADF first', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      expectErrnoUnchanged(sys, () => sys.mapRegion(pid, fd, 'ring' as Region), 'EINVAL');
      expectErrno(() => sys.mapRegion(pid, fd + 1, 'ring' as Region), 'EBADF');
    });

    it('ENXIO for a zombie, after EINVAL for an unknown region (§S-10)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      sys.removeDevice('acc');
      expectErrnoUnchanged(sys, () => sys.mapRegion(pid, fd, 'mmio'), 'ENXIO');
      expectErrno(() => sys.mapRegion(pid, fd, 'ring' as Region), 'EINVAL');
    });
  });

  describe('unmapRegion', () => {
    it('removes the mapping; the region can be mapped again', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.unmapRegion(pid, fd, 'mmio');
      expect(queueOf(sys, pid, fd).regions).toEqual({ dus: pid });
      sys.mapRegion(pid, fd, 'mmio');
      expect(queueOf(sys, pid, fd).regions).toEqual({ mmio: pid, dus: pid });
    });

    it('EINVAL unless the caller holds that mapping (not mapped, mapped by another, unknown region)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      sys.mapRegion(pid, fd, 'mmio');
      const child = sys.fork(pid);
      expectErrnoUnchanged(sys, () => sys.unmapRegion(pid, fd, 'dus'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.unmapRegion(child, fd, 'mmio'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.unmapRegion(pid, fd, 'ring' as Region), 'EINVAL');
      expectErrno(() => sys.unmapRegion(pid, 7, 'mmio'), 'EBADF');
    });

    it('mappings alone keep a closed queue alive; their removal (at exit) releases it', () => {
      // unmapRegion needs an open fd of the caller, so with this interface it never drops the last
      // reference itself; a closed queue's mappings go when their holder exits (§S-7 step 4)
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const other = setupQueue(sys);
      sys.close(pid, fd);
      expect(sys.snapshot().queues.map((q) => q.regions)).toEqual([
        { mmio: pid, dus: pid },
        { mmio: other.pid, dus: other.pid },
      ]);
      expect(sys.deviceInfo('acc').availableInstances).toBe(1);
      expectErrno(() => sys.unmapRegion(pid, fd, 'mmio'), 'EBADF');
      sys.exit(pid);
      expect(sys.snapshot().queues.map((q) => q.id)).toEqual([1]);
      expect(sys.deviceInfo('acc').availableInstances).toBe(2);
      expect(deviceOf(sys, 'acc').bonds).toEqual([{ mm: other.pid, count: 1 }]);
      expect(deviceOf(sys, 'acc').slots).toEqual([{ pasid: 2, state: 'sva', mm: other.pid }]);
    });

    it('unmapping both regions then closing the fd releases the queue: hardware queue freed, unbound', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.unmapRegion(pid, fd, 'mmio');
      sys.unmapRegion(pid, fd, 'dus');
      expect(sys.snapshot().queues).toHaveLength(1);
      sys.close(pid, fd);
      expect(sys.snapshot().queues).toEqual([]);
      expect(sys.deviceInfo('acc').availableInstances).toBe(3);
      expect(deviceOf(sys, 'acc').bonds).toEqual([]);
      expect(deviceOf(sys, 'acc').slots).toEqual([]);
    });
  });
});
