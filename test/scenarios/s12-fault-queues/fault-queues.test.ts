// SPEC §12 user-space fault queues, every row on model and impl: create, route, replace (with its
// auto-response), whole-group reads with lowest-free cookies, responses stopping at the first bad
// entry, poll, destroy; detach at last unbind / exit's abort / removal; the drain (R9); the owner's
// exit (R8); PRG indexes outstanding while in a fault queue (R5); U1-U4 after each story.

import { describe, expect, it } from 'vitest';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { queueOf } from '../../support/observe.ts';
import { DATA, PAGE, openMappedQueue, recvAll, setupQueue, smallConfig } from '../../support/setup.ts';
import { resolveConfig, type FaultResponse, type SvaSystem } from 'warpdrive-sva/interface';
import { checkFaultQueues, checkSpecInvariants } from 'warpdrive-sva/invariants';

/** A ready queue whose slot routes to a fresh fault queue of the same process. */
function routed(sys: SvaSystem) {
  const q = setupQueue(sys);
  const fq = sys.faultQueueCreate(q.pid);
  sys.routeFaults(q.pid, q.fd, fq);
  return { ...q, fq };
}

/** Sends a copy that faults on both pages (a two-request group), lets the device fault and the kernel route it. */
function faultTwoPages(sys: SvaSystem, pid: number, fd: number, srcPage = 0, dstPage = 8, tag = 1): void {
  sys.send(pid, fd, [{ op: 'copy', src: DATA + srcPage * PAGE, dst: DATA + dstPage * PAGE, len: 4, tag }]);
  sys.deviceStep('acc');
  sys.handleFaults();
}

/** U1-U4 and S1-S7 hold. */
function expectInvariants(sys: SvaSystem): void {
  const snap = sys.snapshot();
  expect(checkFaultQueues(snap)).toEqual([]);
  expect(checkSpecInvariants(snap, resolveConfig(smallConfig))).toEqual([]);
}

describe.each(factories)('user-space fault queues — $name', ({ create }) => {
  describe('faultQueueCreate', () => {
    it('ids start at 1 and are never reused; ESRCH; EOPNOTSUPP for flags', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expect(sys.faultQueueCreate(pid)).toBe(1);
      expect(sys.faultQueueCreate(pid, 0)).toBe(2);
      sys.faultQueueDestroy(1);
      expect(sys.faultQueueCreate(pid)).toBe(3);
      expectErrnoUnchanged(sys, () => sys.faultQueueCreate(99), 'ESRCH');
      expectErrnoUnchanged(sys, () => sys.faultQueueCreate(pid, 1), 'EOPNOTSUPP');
      expect(sys.snapshot().faultQueues).toEqual([
        { id: 2, owner: pid, undelivered: [], delivered: [] },
        { id: 3, owner: pid, undelivered: [], delivered: [] },
      ]);
    });
  });

  describe('routeFaults', () => {
    it("handleFaults moves the slot's groups into the queue instead of resolving them; the device keeps waiting", () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      expect(sys.snapshot().devices[0].slots).toEqual([{ pasid: 1, state: 'sva', mm: pid, route: fq }]);
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + 8 * PAGE, len: 4, tag: 1 }]);
      sys.deviceStep('acc');
      expect(sys.handleFaults()).toBe(1);
      const snap = sys.snapshot();
      expect(snap.pageRequests).toEqual([]);
      expect(snap.faultQueues[0].undelivered).toEqual([
        {
          device: 'acc',
          pasid: 1,
          prg: 0,
          requests: [
            { addr: DATA, access: 'r' },
            { addr: DATA + 8 * PAGE, access: 'w' },
          ],
        },
      ]);
      expect(snap.mms[0].pages).toEqual([]); // nothing resolved
      expect(queueOf(sys, pid, fd).waitingPrg).toBe(0);
      expect(sys.quiesce()).toBe(1); // quiesce does not answer routed groups
      expect(queueOf(sys, pid, fd).waitingPrg).toBe(0);
      expectInvariants(sys);
    });

    it('errno order: ENOENT unknown fq first, ESRCH, EBADF, ENXIO, ENOENT not owned, EOPNOTSUPP, EINVAL abort, EBUSY', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const other = sys.spawn();
      const mine = sys.faultQueueCreate(pid);
      const theirs = sys.faultQueueCreate(other);
      expectErrnoUnchanged(sys, () => sys.routeFaults(99, 99, 42), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.routeFaults(pid, fd, 'x' as unknown as number), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.routeFaults(99, fd, mine), 'ESRCH');
      expectErrnoUnchanged(sys, () => sys.routeFaults(pid, 99, mine), 'EBADF');
      expectErrnoUnchanged(sys, () => sys.routeFaults(pid, fd, theirs), 'ENOENT');
      const evt = openMappedQueue(sys, pid, 'evt');
      expectErrnoUnchanged(sys, () => sys.routeFaults(pid, evt, mine), 'EOPNOTSUPP');
      sys.routeFaults(pid, fd, mine);
      const second = sys.faultQueueCreate(pid);
      expectErrnoUnchanged(sys, () => sys.routeFaults(pid, fd, second), 'EBUSY');
      expectErrnoUnchanged(sys, () => sys.routeFaults(pid, fd, mine), 'EBUSY');
      // a second queue of the same mm on the device shares the slot, so its route
      const fd2 = openMappedQueue(sys, pid, 'acc');
      expectErrnoUnchanged(sys, () => sys.routeFaults(pid, fd2, second), 'EBUSY');
    });

    it('ENXIO on a zombie; EINVAL on an abort slot (the fd inherited by a child whose parent exited)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const child = sys.fork(pid);
      const fq = sys.faultQueueCreate(child);
      sys.exit(pid);
      expect(sys.snapshot().devices[0].slots[0].state).toBe('abort');
      expectErrnoUnchanged(sys, () => sys.routeFaults(child, fd, fq), 'EINVAL');
      const sys2 = create(smallConfig);
      const q = setupQueue(sys2);
      const fq2 = sys2.faultQueueCreate(q.pid);
      sys2.removeDevice('acc');
      expectErrnoUnchanged(sys2, () => sys2.routeFaults(q.pid, q.fd, fq2), 'ENXIO');
    });
  });

  describe('replaceFaultRoute', () => {
    it('answers INVALID every group of the slot in the old queue (undelivered and delivered), then routes to the target', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      const fd2 = openMappedQueue(sys, pid, 'acc');
      faultTwoPages(sys, pid, fd, 0, 8, 1);
      faultTwoPages(sys, pid, fd2, 1, 9, 2);
      expect(sys.readFaults(fq, 2).map((r) => r.cookie)).toEqual([1, 1]);
      const next = sys.faultQueueCreate(pid);
      sys.replaceFaultRoute(pid, fd, next);
      const snap = sys.snapshot();
      expect(snap.faultQueues.map((q) => [q.undelivered.length, q.delivered.length])).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect(snap.devices[0].slots[0].route).toBe(next);
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA }]);
      expect(recvAll(sys, pid, fd2)).toEqual([{ tag: 2, status: 'fault', done: 0, faultAddr: DATA + PAGE }]);
      expectInvariants(sys);
    });

    it('to the kernel: the next faults are resolved by handleFaults; the current target is a no-op', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      sys.replaceFaultRoute(pid, fd, fq); // no-op
      expect(sys.snapshot().devices[0].slots[0].route).toBe(fq);
      sys.replaceFaultRoute(pid, fd, 'kernel');
      expect(sys.snapshot().devices[0].slots[0].route).toBeUndefined();
      sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 4, value: 7, tag: 3 }]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 3, status: 'ok', done: 4 }]);
      sys.faultQueueDestroy(fq); // no longer routed
    });

    it('errno order: ENOENT unknown target, ESRCH, EBADF, ENXIO, EINVAL unrouted, ENOENT not owned', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const other = sys.spawn();
      const mine = sys.faultQueueCreate(pid);
      const theirs = sys.faultQueueCreate(other);
      expectErrnoUnchanged(sys, () => sys.replaceFaultRoute(99, 99, 77), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.replaceFaultRoute(99, fd, 'kernel'), 'ESRCH');
      expectErrnoUnchanged(sys, () => sys.replaceFaultRoute(pid, 99, 'kernel'), 'EBADF');
      expectErrnoUnchanged(sys, () => sys.replaceFaultRoute(pid, fd, 'kernel'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.replaceFaultRoute(pid, fd, theirs), 'EINVAL');
      sys.routeFaults(pid, fd, mine);
      expectErrnoUnchanged(sys, () => sys.replaceFaultRoute(pid, fd, theirs), 'ENOENT');
      sys.removeDevice('acc');
      expectErrnoUnchanged(sys, () => sys.replaceFaultRoute(pid, fd, 'kernel'), 'ENXIO');
    });
  });

  describe('readFaults', () => {
    it('whole groups FIFO while they fit; a head group that does not fit stops the read ([] is not an error)', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      const fd2 = openMappedQueue(sys, pid, 'acc');
      faultTwoPages(sys, pid, fd, 0, 8, 1);
      faultTwoPages(sys, pid, fd2, 1, 9, 2);
      expect(sys.readFaults(fq, 0)).toEqual([]);
      expect(sys.readFaults(fq, 1)).toEqual([]);
      expect(sys.readFaults(fq, 3)).toEqual([
        { cookie: 1, device: 'acc', pasid: 1, prg: 0, addr: DATA, access: 'r', last: false },
        { cookie: 1, device: 'acc', pasid: 1, prg: 0, addr: DATA + 8 * PAGE, access: 'w', last: true },
      ]);
      expect(sys.readFaults(fq)).toEqual([
        { cookie: 2, device: 'acc', pasid: 1, prg: 1, addr: DATA + PAGE, access: 'r', last: false },
        { cookie: 2, device: 'acc', pasid: 1, prg: 1, addr: DATA + 9 * PAGE, access: 'w', last: true },
      ]);
      expect(sys.readFaults(fq)).toEqual([]);
      expect(sys.snapshot().faultQueues[0].delivered.map((d) => d.cookie)).toEqual([1, 2]);
      expectInvariants(sys);
    });

    it('cookies are the lowest free among the delivered-unanswered: an answered one is reused', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      const fd2 = openMappedQueue(sys, pid, 'acc');
      faultTwoPages(sys, pid, fd, 0, 8, 1);
      faultTwoPages(sys, pid, fd2, 1, 9, 2);
      sys.readFaults(fq);
      expect(sys.respondFaults(fq, [{ cookie: 1, code: 'invalid' }])).toBe(1);
      const fd3 = openMappedQueue(sys, pid, 'acc');
      faultTwoPages(sys, pid, fd3, 2, 10, 3);
      expect(sys.readFaults(fq).map((r) => r.cookie)).toEqual([1, 1]);
      expect(sys.snapshot().faultQueues[0].delivered.map((d) => d.cookie)).toEqual([1, 2]);
    });

    it('ENOENT; EINVAL for a bad maxRecords', () => {
      const sys = create(smallConfig);
      const { fq } = routed(sys);
      expectErrnoUnchanged(sys, () => sys.readFaults(fq + 1), 'ENOENT');
      for (const bad of [-1, 1.5, NaN, '2' as unknown as number])
        expectErrnoUnchanged(sys, () => sys.readFaults(fq, bad), 'EINVAL');
    });
  });

  describe('respondFaults', () => {
    it('SUCCESS after the user resolves the pages: the device retries and completes', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      faultTwoPages(sys, pid, fd);
      const records = sys.readFaults(fq);
      for (const r of records) sys.write(pid, r.addr, new Uint8Array([9]));
      expect(sys.respondFaults(fq, [{ cookie: 1, code: 'success' }])).toBe(1);
      expect(queueOf(sys, pid, fd).waitingPrg).toBeUndefined();
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 4 }]);
      expect(sys.read(pid, DATA + 8 * PAGE, 1)).toEqual(new Uint8Array([9]));
      expectInvariants(sys);
    });

    it('SUCCESS without resolving: the retry faults again (a new group); INVALID completes the descriptor fault', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      faultTwoPages(sys, pid, fd);
      sys.readFaults(fq);
      sys.respondFaults(fq, [{ cookie: 1, code: 'success' }]);
      sys.deviceStep('acc');
      sys.handleFaults();
      expect(sys.pollFaults(fq)).toBe(true);
      expect(sys.readFaults(fq).map((r) => [r.cookie, r.prg])).toEqual([
        [1, 0],
        [1, 0],
      ]);
      expect(sys.respondFaults(fq, [{ cookie: 1, code: 'invalid' }])).toBe(1);
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA }]);
    });

    it('the first bad entry stops the batch: a bad code keeps its cookie outstanding; a repeated cookie is unknown', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      const fd2 = openMappedQueue(sys, pid, 'acc');
      faultTwoPages(sys, pid, fd, 0, 8, 1);
      faultTwoPages(sys, pid, fd2, 1, 9, 2);
      sys.readFaults(fq);
      const bad = [
        { cookie: 1, code: 'invalid' },
        { cookie: 2, code: 'retry' },
      ] as unknown as FaultResponse[];
      expect(sys.respondFaults(fq, bad)).toBe(1);
      expect(sys.snapshot().faultQueues[0].delivered.map((d) => d.cookie)).toEqual([2]);
      expect(
        sys.respondFaults(fq, [
          { cookie: 2, code: 'invalid' },
          { cookie: 2, code: 'invalid' },
        ]),
      ).toBe(1);
      expect(sys.snapshot().faultQueues[0].delivered).toEqual([]);
      expect(recvAll(sys, pid, fd2)).toEqual([{ tag: 2, status: 'fault', done: 0, faultAddr: DATA + PAGE }]);
    });

    it('ENOENT; EINVAL (nothing changed) for a non-array, an empty one, or a first entry that is bad', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      faultTwoPages(sys, pid, fd);
      sys.readFaults(fq);
      expectErrnoUnchanged(sys, () => sys.respondFaults(fq + 1, [{ cookie: 1, code: 'success' }]), 'ENOENT');
      const bads: unknown[] = [
        undefined,
        {},
        [],
        [null],
        [7],
        [{ cookie: 1.5, code: 'success' }],
        [{ cookie: '1', code: 'success' }],
        [{ cookie: 1, code: 'retry' }],
        [{ cookie: 1 }],
        [{ cookie: 2, code: 'success' }],
        [{ cookie: 0, code: 'success' }],
        [
          {
            get cookie() {
              throw new Error('user code ran');
            },
            code: 'success',
          },
        ],
      ];
      for (const b of bads) expectErrnoUnchanged(sys, () => sys.respondFaults(fq, b as FaultResponse[]), 'EINVAL');
    });
  });

  describe('pollFaults and faultQueueDestroy', () => {
    it('poll counts only undelivered groups; ENOENT', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      expect(sys.pollFaults(fq)).toBe(false);
      faultTwoPages(sys, pid, fd);
      expect(sys.pollFaults(fq)).toBe(true);
      sys.readFaults(fq);
      expect(sys.pollFaults(fq)).toBe(false);
      expectErrno(() => sys.pollFaults(fq + 1), 'ENOENT');
    });

    it('destroy: ENOENT; EBUSY while routed; afterwards ENOENT everywhere', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      expectErrnoUnchanged(sys, () => sys.faultQueueDestroy(fq + 1), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.faultQueueDestroy(fq), 'EBUSY');
      sys.replaceFaultRoute(pid, fd, 'kernel');
      sys.faultQueueDestroy(fq);
      expect(sys.snapshot().faultQueues).toEqual([]);
      expectErrno(() => sys.readFaults(fq), 'ENOENT');
      expectErrno(() => sys.faultQueueDestroy(fq), 'ENOENT');
    });
  });

  describe('detach, drain, removal and exit', () => {
    it("a drain never waits on user space (R9): PUT_Q answers the queue's group in the fault queue INVALID", () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      faultTwoPages(sys, pid, fd);
      sys.readFaults(fq);
      sys.stopQueue(pid, fd);
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA }]);
      expect(sys.snapshot().faultQueues[0].delivered).toEqual([]);
      expect(sys.snapshot().devices[0].slots[0].route).toBe(fq); // the route belongs to the slot
      expectInvariants(sys);
    });

    it('the drain also takes a group still in the PRQ through the route (handleFaults, then INVALID)', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 4, value: 1, tag: 5 }]);
      sys.deviceStep('acc');
      sys.stopQueue(pid, fd);
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 5, status: 'fault', done: 0, faultAddr: DATA }]);
      expect(sys.snapshot().faultQueues[0]).toEqual({ id: fq, owner: pid, undelivered: [], delivered: [] });
    });

    it('the last unbind ends the route with the slot; the fault queue lives on, unrouted', () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      sys.unmapRegion(pid, fd, 'mmio');
      sys.unmapRegion(pid, fd, 'dus');
      sys.close(pid, fd);
      expect(sys.snapshot().devices[0].slots).toEqual([]);
      sys.faultQueueDestroy(fq);
    });

    it("exit's abort detaches: the groups are answered INVALID; the owner's queues are destroyed (R8)", () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      const child = sys.fork(pid); // keeps the queue (and its bond) alive past the parent's exit
      faultTwoPages(sys, pid, fd);
      sys.readFaults(fq);
      sys.exit(pid);
      const snap = sys.snapshot();
      expect(snap.faultQueues).toEqual([]);
      expect(snap.devices[0].slots).toEqual([{ pasid: 1, state: 'abort', mm: pid }]);
      expect(snap.queues[0].waitingPrg).toBeUndefined();
      expect(snap.queues[0].completions).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA }]);
      expectErrno(() => sys.respondFaults(fq, [{ cookie: 1, code: 'success' }]), 'ENOENT');
      expect(sys.processes()).toEqual([child]);
    });

    it("the owner's exit detaches another mm's slot routed to its queue and answers its groups INVALID", () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const child = sys.fork(pid);
      const fq = sys.faultQueueCreate(child);
      sys.routeFaults(child, fd, fq); // the child routes the parent's slot through the inherited fd
      faultTwoPages(sys, pid, fd);
      expect(sys.snapshot().faultQueues[0].undelivered.length).toBe(1);
      sys.exit(child);
      const snap = sys.snapshot();
      expect(snap.faultQueues).toEqual([]);
      expect(snap.devices[0].slots).toEqual([{ pasid: 1, state: 'sva', mm: pid }]);
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA }]);
      expectInvariants(sys);
    });

    it("device removal discards the device's groups from their fault queue unanswered, cookies freed", () => {
      const sys = create(smallConfig);
      const { pid, fd, fq } = routed(sys);
      const acc2 = openMappedQueue(sys, pid, 'acc2');
      const fq2 = sys.faultQueueCreate(pid);
      sys.routeFaults(pid, acc2, fq2);
      faultTwoPages(sys, pid, fd);
      sys.readFaults(fq);
      sys.removeDevice('acc');
      const snap = sys.snapshot();
      expect(snap.faultQueues.map((q) => [q.id, q.undelivered, q.delivered])).toEqual([
        [fq, [], []],
        [fq2, [], []],
      ]);
      expect(snap.devices[1].slots[0].route).toBe(fq2);
      sys.faultQueueDestroy(fq);
      expectInvariants(sys);
    });
  });

  it('R5: a PRG index stays outstanding while its group sits in a fault queue', () => {
    const sys = create(smallConfig);
    const { pid, fd, fq } = routed(sys);
    faultTwoPages(sys, pid, fd);
    sys.readFaults(fq);
    const fd2 = openMappedQueue(sys, pid, 'acc');
    sys.send(pid, fd2, [{ op: 'fill', dst: DATA + 3 * PAGE, len: 4, value: 1, tag: 2 }]);
    sys.deviceStep('acc');
    expect(sys.snapshot().pageRequests.map((g) => g.prg)).toEqual([1]);
    expectInvariants(sys);
  });
});
