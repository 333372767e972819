// SPEC §5 page requests and handling, and unrecoverable fault events: groups (source before
// destination), PRG index lowest free, overflow answered SUCCESS and the flag clearing,
// handleFaults SUCCESS / INVALID, faults:'none' events with seq and lost (§S-8).

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { deviceOf, freeFrames, mmOf, pageStates, queueOf } from '../../support/observe.ts';
import { DATA, PAGE, recvAll, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';
import type { SvaSystem } from 'warpdrive-sva/interface';

describe.each(factories)('page requests and fault events — $name', ({ create }) => {
  describe('page-request groups', () => {
    it('one group per faulting chunk: source before destination, page-aligned, PRG 0; the queue waits', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [{ op: 'copy', src: DATA + 5, dst: DATA + 3 * PAGE + 7, len: 10, tag: 1 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([
        {
          device: 'acc',
          pasid: 1,
          prg: 0,
          requests: [
            { addr: DATA, access: 'r' },
            { addr: DATA + 3 * PAGE, access: 'w' },
          ],
        },
      ]);
      expect(queueOf(sys, pid, fd).waitingPrg).toBe(0);
      expect(queueOf(sys, pid, fd).pending[0].done).toBe(0);
      expect(sys.deviceStep('acc')).toBe(false);
    });

    it('only the faulting pages are requested', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA + 3 * PAGE, pattern(4));
      sys.send(pid, fd, [{ op: 'copy', src: DATA + 3 * PAGE, dst: DATA + 9 * PAGE, len: 4, tag: 1 }]);
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests.map((g) => g.requests)).toEqual([[{ addr: DATA + 9 * PAGE, access: 'w' }]]);
    });

    it('the PRG index is the lowest the device does not have outstanding', () => {
      const sys = create(smallConfig);
      const q0 = setupQueue(sys);
      const q1 = setupQueue(sys, { pid: q0.pid });
      const q2 = setupQueue(sys, { pid: q0.pid });
      const other = setupQueue(sys, { device: 'acc2' });
      for (const [i, q] of [q0, q1, q2].entries()) {
        sys.send(q.pid, q.fd, [{ op: 'fill', dst: DATA + i * PAGE, len: 1, value: 1, tag: i }]);
      }
      sys.send(other.pid, other.fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 9 }]);
      sys.deviceStep('acc');
      sys.deviceStep('acc');
      sys.deviceStep('acc2');
      expect(sys.snapshot().pageRequests.map((g) => [g.device, g.prg])).toEqual([
        ['acc', 0],
        ['acc', 1],
        ['acc2', 0],
      ]);
      expect(sys.handleFaults(1)).toBe(1);
      expect(queueOf(sys, q0.pid, q0.fd).waitingPrg).toBeUndefined();
      expect(queueOf(sys, q1.pid, q1.fd).waitingPrg).toBe(1);
      expect(queueOf(sys, other.pid, other.fd).waitingPrg).toBe(0);
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests.map((g) => [g.device, g.prg])).toEqual([
        ['acc', 1],
        ['acc2', 0],
        ['acc', 0],
      ]);
      expect(queueOf(sys, q2.pid, q2.fd).waitingPrg).toBe(0);
    });
  });

  describe('handleFaults', () => {
    it('SUCCESS: the pages become present (private for w) and the queue retries at its next turn', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 8, tag: 1 }]);
      sys.deviceStep('acc');
      const free = freeFrames(sys);
      expect(sys.handleFaults()).toBe(1);
      expect(freeFrames(sys)).toBe(free - 2);
      expect(pageStates(sys, pid)).toEqual([
        { addr: DATA, state: 'present' },
        { addr: DATA + PAGE, state: 'present' },
      ]);
      expect(queueOf(sys, pid, fd).waitingPrg).toBeUndefined();
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 8 }]);
    });

    it('takes up to max groups in FIFO order and returns how many; 0 takes nothing', () => {
      const sys = create(smallConfig);
      const q0 = setupQueue(sys);
      const q1 = setupQueue(sys, { pid: q0.pid });
      sys.send(q0.pid, q0.fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 0 }]);
      sys.send(q1.pid, q1.fd, [{ op: 'fill', dst: DATA + PAGE, len: 1, value: 1, tag: 1 }]);
      sys.deviceStep('acc');
      sys.deviceStep('acc');
      expect(sys.handleFaults(0)).toBe(0);
      expect(sys.snapshot().pageRequests).toHaveLength(2);
      expect(sys.handleFaults(1)).toBe(1);
      expect(sys.snapshot().pageRequests.map((g) => g.prg)).toEqual([1]);
      expect(pageStates(sys, q0.pid)).toEqual([{ addr: DATA, state: 'present' }]);
      expect(sys.handleFaults(5)).toBe(1);
      expect(sys.handleFaults()).toBe(0);
    });

    it('EINVAL for max negative or not an integer (Infinity is fine)', () => {
      const sys = create(smallConfig);
      expectErrnoUnchanged(sys, () => sys.handleFaults(-1), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.handleFaults(0.5), 'EINVAL');
      expect(sys.handleFaults(Infinity)).toBe(0);
    });

    it('INVALID for an address outside any area: the descriptor completes fault at its exact address', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(PAGE));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: 0x80000 + 33, len: 4, tag: 2 }]);
      sys.deviceStep('acc');
      sys.handleFaults();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 2, status: 'fault', done: 0, faultAddr: 0x80000 + 33 }]);
    });

    it('INVALID when the area lacks the access (checks the permission, not just the area)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.mprotect(pid, DATA + PAGE, PAGE, 'w');
      sys.mprotect(pid, DATA + 2 * PAGE, PAGE, 'r');
      sys.send(pid, fd, [
        { op: 'crc32', src: DATA + PAGE + 1, len: 4, tag: 1 },
        { op: 'fill', dst: DATA + 2 * PAGE + 2, len: 4, value: 1, tag: 2 },
      ]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 1, status: 'fault', done: 0, faultAddr: DATA + PAGE + 1 },
        { tag: 2, status: 'fault', done: 0, faultAddr: DATA + 2 * PAGE + 2 },
      ]);
      expect(mmOf(sys, pid).pages).toEqual([]);
    });

    it("INVALID skips the rest of the group; earlier requests stay resolved; faultAddr is the group's first request (§S-8)", () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.mprotect(pid, DATA + 4 * PAGE, PAGE, 'r');
      sys.send(pid, fd, [{ op: 'copy', src: DATA + 9, dst: DATA + 4 * PAGE + 1, len: 4, tag: 3 }]);
      sys.deviceStep('acc');
      expect(sys.handleFaults()).toBe(1);
      expect(pageStates(sys, pid)).toEqual([{ addr: DATA, state: 'present' }]);
      expect(sys.recv(pid, fd)).toEqual([{ tag: 3, status: 'fault', done: 0, faultAddr: DATA + 9 }]);
    });

    it('INVALID when no frame is free; the pages resolved before stay present', () => {
      const sys = create(smallWith({ frames: 1 }));
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 4, tag: 1 }]);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA }]);
      expect(pageStates(sys, pid)).toEqual([{ addr: DATA, state: 'present' }]);
    });

    it('exactly one response per group: a second handleFaults finds nothing and the queue is not answered twice', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [
        { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 },
        { op: 'fill', dst: DATA + PAGE, len: 1, value: 2, tag: 2 },
      ]);
      sys.deviceStep('acc');
      expect(sys.handleFaults()).toBe(1);
      expect(sys.handleFaults()).toBe(0);
      sys.deviceStep('acc');
      sys.deviceStep('acc');
      expect(queueOf(sys, pid, fd).waitingPrg).toBe(0);
      expect(sys.snapshot().pageRequests.map((g) => g.requests)).toEqual([[{ addr: DATA + PAGE, access: 'w' }]]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd).map((c) => c.status)).toEqual(['ok', 'ok']);
    });
  });

  describe('PRG index exhaustion', () => {
    it("with all 512 PRG indexes outstanding, the next fault is handled as faults:'none'", () => {
      const sys = create(
        smallWith({
          prqDepth: 1024,
          devices: [{ name: 'wide', hwQueues: 513, ringDepth: 2, eventDepth: 4 }],
        }),
      );
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      const fds: number[] = [];
      for (let i = 0; i < 513; i++) {
        const { fd } = setupQueue(sys, { pid, device: 'wide' });
        sys.send(pid, fd, [{ op: 'fill', dst: DATA + 1, len: 1, value: 1, tag: i }]);
        fds.push(fd);
      }
      for (let i = 0; i < 513; i++) expect(sys.deviceStep('wide')).toBe(true);
      const groups = sys.snapshot().pageRequests;
      expect(groups).toHaveLength(512);
      expect(groups[511]).toEqual({ device: 'wide', pasid: 1, prg: 511, requests: [{ addr: DATA, access: 'w' }] });
      expect(sys.recv(pid, fds[512])).toEqual([{ tag: 512, status: 'fault', done: 0, faultAddr: DATA + 1 }]);
      expect(sys.readEvents('wide')).toEqual({
        events: [{ seq: 0, pasid: 1, addr: DATA + 1, access: 'w', kind: 'translation' }],
        lost: 0,
      });
      sys.quiesce();
      expect(sys.recv(pid, fds[0])).toEqual([{ tag: 0, status: 'ok', done: 1 }]);
    });
  });

  describe('page-request queue overflow', () => {
    /** Two started queues of one process, each with a copy whose source and destination both fault (a two-request group). */
    function twoQueuesWithTwoPageFaults(
      sys: SvaSystem,
    ): [ReturnType<typeof setupQueue>, ReturnType<typeof setupQueue>] {
      const q0 = setupQueue(sys);
      const q1 = setupQueue(sys, { pid: q0.pid });
      sys.send(q0.pid, q0.fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 4, tag: 0 }]);
      sys.send(q1.pid, q1.fd, [{ op: 'copy', src: DATA + 2 * PAGE, dst: DATA + 3 * PAGE, len: 4, tag: 1 }]);
      return [q0, q1];
    }

    it('a group that does not fit is not queued: flag set, answered SUCCESS at once, the queue does not wait', () => {
      const sys = create(smallWith({ prqDepth: 3 }));
      const [, q1] = twoQueuesWithTwoPageFaults(sys);
      sys.deviceStep('acc');
      expect(sys.deviceInfo('acc').prqOverflow).toBe(false);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests.map((g) => g.prg)).toEqual([0]);
      expect(sys.snapshot().prqOverflow).toBe(true);
      expect(sys.deviceInfo('acc').prqOverflow).toBe(true);
      expect(sys.deviceInfo('acc2').prqOverflow).toBe(true);
      expect(queueOf(sys, q1.pid, q1.fd).waitingPrg).toBeUndefined();
      // its retry faults again and overflows again while the PRQ is still full
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toHaveLength(1);
      expect(queueOf(sys, q1.pid, q1.fd).pending[0].done).toBe(0);
    });

    it('the flag clears when the queue next becomes empty, and quiesce still completes everything', () => {
      const sys = create(smallWith({ prqDepth: 3 }));
      const [q0, q1] = twoQueuesWithTwoPageFaults(sys);
      sys.deviceStep('acc');
      sys.deviceStep('acc');
      expect(sys.snapshot().prqOverflow).toBe(true);
      expect(sys.handleFaults()).toBe(1);
      expect(sys.snapshot().prqOverflow).toBe(false);
      sys.quiesce();
      expect(sys.recv(q0.pid, q0.fd)).toEqual([{ tag: 0, status: 'ok', done: 4 }]);
      expect(sys.recv(q1.pid, q1.fd)).toEqual([{ tag: 1, status: 'ok', done: 4 }]);
    });

    it('a group fits when queued requests + its size ≤ prqDepth exactly', () => {
      const sys = create(smallWith({ prqDepth: 4 }));
      twoQueuesWithTwoPageFaults(sys);
      sys.deviceStep('acc');
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests.map((g) => g.prg)).toEqual([0, 1]);
      expect(sys.snapshot().prqOverflow).toBe(false);
    });
  });

  describe("faults: 'none' (unrecoverable events)", () => {
    it('the descriptor completes fault at once and one event records pasid, exact addr, access, kind', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { device: 'evt' });
      sys.write(pid, DATA + PAGE, pattern(PAGE));
      sys.mprotect(pid, DATA + PAGE, PAGE, 'r');
      sys.send(pid, fd, [
        { op: 'copy', src: DATA + 7, dst: DATA + 2 * PAGE, len: 4, tag: 1 },
        { op: 'fill', dst: DATA + PAGE + 3, len: 4, value: 1, tag: 2 },
      ]);
      expect(sys.deviceStep('evt')).toBe(true);
      expect(sys.deviceStep('evt')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 1, status: 'fault', done: 0, faultAddr: DATA + 7 },
        { tag: 2, status: 'fault', done: 0, faultAddr: DATA + PAGE + 3 },
      ]);
      expect(sys.readEvents('evt')).toEqual({
        events: [
          { seq: 0, pasid: 1, addr: DATA + 7, access: 'r', kind: 'translation' },
          { seq: 1, pasid: 1, addr: DATA + PAGE + 3, access: 'w', kind: 'permission' },
        ],
        lost: 0,
      });
      expect(sys.readEvents('evt')).toEqual({ events: [], lost: 0 });
      expect(mmOf(sys, pid).pages.map((p) => p.addr)).toEqual([DATA + PAGE]);
    });

    it('past eventDepth records are dropped and counted; seq keeps counting; readEvents resets lost', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { device: 'evt' });
      sys.send(
        pid,
        fd,
        [0, 1, 2, 3, 4].map((i) => ({ op: 'fill' as const, dst: DATA + i * PAGE, len: 1, value: 1, tag: i })),
      );
      sys.quiesce();
      expect(recvAll(sys, pid, fd).map((c) => c.status)).toEqual(['fault', 'fault', 'fault', 'fault', 'fault']);
      expect(deviceOf(sys, 'evt').nextEventSeq).toBe(5);
      expect(sys.readEvents('evt', 2)).toEqual({
        events: [
          { seq: 0, pasid: 1, addr: DATA, access: 'w', kind: 'translation' },
          { seq: 1, pasid: 1, addr: DATA + PAGE, access: 'w', kind: 'translation' },
        ],
        lost: 2,
      });
      expect(sys.readEvents('evt')).toEqual({
        events: [{ seq: 2, pasid: 1, addr: DATA + 2 * PAGE, access: 'w', kind: 'translation' }],
        lost: 0,
      });
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + 9 * PAGE, len: 1, value: 1, tag: 9 }]);
      sys.quiesce();
      expect(sys.readEvents('evt').events.map((e) => e.seq)).toEqual([5]);
    });

    it('readEvents(device, 0) takes nothing but returns and resets lost', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { device: 'evt' });
      sys.send(
        pid,
        fd,
        [0, 1, 2, 3].map((i) => ({ op: 'fill' as const, dst: DATA + i * PAGE, len: 1, value: 1, tag: i })),
      );
      sys.quiesce();
      expect(sys.readEvents('evt', 0)).toEqual({ events: [], lost: 1 });
      expect(sys.readEvents('evt', 0)).toEqual({ events: [], lost: 0 });
      expect(sys.readEvents('evt').events).toHaveLength(3);
    });

    it('readEvents: ENODEV for an unknown device, EINVAL for a bad max', () => {
      const sys = create(smallConfig);
      expectErrno(() => sys.readEvents('nope'), 'ENODEV');
      expectErrno(() => sys.readEvents('evt', -1), 'EINVAL');
      expectErrno(() => sys.readEvents('evt', 1.5), 'EINVAL');
    });

    it('a device write to a COW page is a permission fault on a none device; no COW is broken', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys, { device: 'evt' });
      sys.write(pid, DATA, pattern(PAGE));
      const child = sys.fork(pid);
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + 4, len: 2, value: 0, tag: 1 }]);
      sys.deviceStep('evt');
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA + 4 }]);
      expect(sys.readEvents('evt').events).toEqual([
        { seq: 0, pasid: 1, addr: DATA + 4, access: 'w', kind: 'permission' },
      ]);
      expect(mmOf(sys, child).pages[0].frame).toBe(mmOf(sys, pid).pages[0].frame);
    });
  });
});
