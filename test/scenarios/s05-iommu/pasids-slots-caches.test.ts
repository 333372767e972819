// SPEC §5 (IOMMU) up to page requests: PASID allocation, reuse, ENOSPC, EOVERFLOW, bonds and the
// PASID table, the `abort` slot, and translation through the CPU page table (§S-4, §S-5, §S-7, §S-8).

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { crc32Of } from '../../support/crc32.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { deviceOf, mmExists, mmOf } from '../../support/observe.ts';
import { DATA, PAGE, recvAll, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';

describe.each(factories)('PASIDs and the IOMMU — $name', ({ create }) => {
  describe('PASID allocation', () => {
    it('a process has no PASID until its first open; then the lowest free value from 1', () => {
      const sys = create(smallConfig);
      const a = sys.spawn();
      const b = sys.spawn();
      expect(sys.pasidOf(a)).toBeUndefined();
      sys.open(b, 'acc');
      sys.open(a, 'acc');
      expect(sys.pasidOf(b)).toBe(1);
      expect(sys.pasidOf(a)).toBe(2);
      expect(mmOf(sys, a).pasid).toBe(2);
    });

    it('one PASID per mm, the same on every device and for every queue', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const f1 = sys.open(pid, 'acc');
      const f2 = sys.open(pid, 'acc2');
      const f3 = sys.open(pid, 'acc');
      expect([f1, f2, f3]).toEqual([3, 4, 5]);
      expect([f1, f2, f3].map((fd) => sys.queueInfo(pid, fd).pasid)).toEqual([1, 1, 1]);
      expect(sys.snapshot().devices.map((d) => d.slots)).toEqual([
        [{ pasid: 1, state: 'sva', mm: pid }],
        [{ pasid: 1, state: 'sva', mm: pid }],
        [],
      ]);
    });

    it('a live process keeps its PASID after closing every queue', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const fd = sys.open(pid, 'acc');
      sys.close(pid, fd);
      expect(sys.pasidOf(pid)).toBe(1);
      expect(deviceOf(sys, 'acc').slots).toEqual([]);
      const other = sys.spawn();
      sys.open(other, 'acc');
      expect(sys.pasidOf(other)).toBe(2);
      sys.open(pid, 'acc');
      expect(sys.pasidOf(pid)).toBe(1);
    });

    it('a dropped mm frees its PASID; the next first bind reuses the lowest free value', () => {
      const sys = create(smallConfig);
      const a = sys.spawn();
      const b = sys.spawn();
      const c = sys.spawn();
      sys.open(a, 'acc');
      sys.open(b, 'acc');
      sys.exit(a);
      expect(mmExists(sys, a)).toBe(false);
      sys.open(c, 'acc2');
      expect(sys.pasidOf(c)).toBe(1);
      expect(sys.pasidOf(b)).toBe(2);
    });

    it('ENOSPC when the PASID space is exhausted; nothing changes; a freed value is reusable', () => {
      const sys = create(smallWith({ pasidBits: 2 }));
      const pids = [sys.spawn(), sys.spawn(), sys.spawn(), sys.spawn()];
      for (const pid of pids.slice(0, 3)) sys.open(pid, 'acc');
      expect(pids.slice(0, 3).map((p) => sys.pasidOf(p))).toEqual([1, 2, 3]);
      expectErrnoUnchanged(sys, () => sys.open(pids[3], 'acc2'), 'ENOSPC');
      expect(sys.pasidOf(pids[3])).toBeUndefined();
      sys.exit(pids[1]);
      expect(sys.open(pids[3], 'acc2')).toBe(3);
      expect(sys.pasidOf(pids[3])).toBe(2);
    });

    it('ENODEV is checked before the PASID is allocated (§S-4)', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      expectErrnoUnchanged(sys, () => sys.open(pid, 'nope'), 'ENODEV');
      expect(sys.pasidOf(pid)).toBeUndefined();
    });

    it('EOVERFLOW: the PASID does not fit the device; the mm keeps it; no bond, no hardware queue', () => {
      const sys = create(
        smallWith({
          devices: [
            { name: 'wide', hwQueues: 2 },
            { name: 'narrow', hwQueues: 2, pasidBits: 1 },
          ],
        }),
      );
      const a = sys.spawn();
      const b = sys.spawn();
      sys.open(a, 'narrow');
      expect(sys.pasidOf(a)).toBe(1);
      const before = sys.snapshot();
      expectErrno(() => sys.open(b, 'narrow'), 'EOVERFLOW');
      expect(sys.pasidOf(b)).toBe(2);
      const after = sys.snapshot();
      expect(after.devices).toEqual(before.devices);
      expect(after.queues).toEqual(before.queues);
      expect(after.processes).toEqual(before.processes);
      expect(sys.deviceInfo('narrow').availableInstances).toBe(1);
      expect(sys.open(b, 'wide')).toBe(3);
      expect(sys.queueInfo(b, 3).pasid).toBe(2);
    });

    it('EOVERFLOW leaves a PASID the mm already had unchanged (nothing changes)', () => {
      const sys = create(
        smallWith({
          devices: [
            { name: 'wide', hwQueues: 2 },
            { name: 'narrow', hwQueues: 2, pasidBits: 1 },
          ],
        }),
      );
      sys.open(sys.spawn(), 'wide');
      const b = sys.spawn();
      sys.open(b, 'wide');
      expectErrnoUnchanged(sys, () => sys.open(b, 'narrow'), 'EOVERFLOW');
    });

    it('a PASID is never 0', () => {
      const sys = create(smallWith({ pasidBits: 1 }));
      const a = sys.spawn();
      sys.open(a, 'acc');
      expect(sys.pasidOf(a)).toBe(1);
      expectErrno(() => sys.open(sys.spawn(), 'acc'), 'ENOSPC');
    });
  });

  describe('bonds and the PASID table', () => {
    it('the first bond sets the slot to sva(mm); bonds count queues; the last unbind clears the slot', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      const f1 = sys.open(pid, 'acc');
      expect(deviceOf(sys, 'acc').slots).toEqual([{ pasid: 1, state: 'sva', mm: pid }]);
      expect(deviceOf(sys, 'acc').bonds).toEqual([{ mm: pid, count: 1 }]);
      const f2 = sys.open(pid, 'acc');
      expect(deviceOf(sys, 'acc').bonds).toEqual([{ mm: pid, count: 2 }]);
      sys.close(pid, f1);
      expect(deviceOf(sys, 'acc').bonds).toEqual([{ mm: pid, count: 1 }]);
      expect(deviceOf(sys, 'acc').slots).toEqual([{ pasid: 1, state: 'sva', mm: pid }]);
      sys.close(pid, f2);
      expect(deviceOf(sys, 'acc').bonds).toEqual([]);
      expect(deviceOf(sys, 'acc').slots).toEqual([]);
    });

    it('exit while a forked child holds the fd: the slot becomes abort, the mm lives on with its PASID', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const child = sys.fork(pid);
      sys.exit(pid);
      expect(deviceOf(sys, 'acc').slots).toEqual([{ pasid: 1, state: 'abort', mm: pid }]);
      expect(deviceOf(sys, 'acc').bonds).toEqual([{ mm: pid, count: 1 }]);
      expect(mmOf(sys, pid)).toEqual({ id: pid, pasid: 1, exited: true, vmas: [], pages: [] });
      expect(sys.queueInfo(child, fd)).toEqual({
        device: 'acc',
        state: 'started',
        pasid: 1,
        hwQueue: 0,
        outstanding: 0,
      });
    });

    it('DMA through an abort slot completes aborted, with no page request and no event', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const child = sys.fork(pid);
      sys.exit(pid);
      sys.mapRegion(child, fd, 'mmio');
      sys.mapRegion(child, fd, 'dus');
      sys.send(child, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 10, tag: 5 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(sys.recv(child, fd)).toEqual([{ tag: 5, status: 'aborted', done: 0 }]);
    });

    it('page requests queued before exit are answered INVALID by the next handleFaults (§S-7)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const child = sys.fork(pid);
      sys.send(pid, fd, [{ op: 'copy', src: DATA + 3, dst: DATA + 2 * PAGE, len: 10, tag: 8 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toHaveLength(1);
      sys.exit(pid);
      expect(sys.snapshot().pageRequests).toHaveLength(1);
      expect(sys.handleFaults()).toBe(1);
      sys.mapRegion(child, fd, 'mmio');
      sys.mapRegion(child, fd, 'dus');
      expect(sys.recv(child, fd)).toEqual([{ tag: 8, status: 'fault', done: 0, faultAddr: DATA + 3 }]);
    });
  });

  describe.each([true, false])('translation walks the CPU page table of the bound mm (ats %s)', (ats) => {
    // with and without the device-side ATC, so both the IOTLB and the ATC must be invalidated (SPEC §5)
    const config = smallWith({ devices: [{ name: 'acc', hwQueues: 3, ringDepth: 8, maxLen: 4096, ats }] });

    it('a present, permitted page needs no page request: the device sees what the CPU wrote', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(2 * PAGE));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 100, tag: 1 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 100 }]);
      expect(sys.read(pid, DATA + PAGE, 100)).toEqual(pattern(100));
    });

    it('after munmap and a new mmap the device sees the new zero page, not the old frame', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(PAGE, 1));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: PAGE, tag: 1 }]);
      sys.quiesce();
      sys.munmap(pid, DATA, PAGE);
      sys.mmap(pid, DATA, PAGE, 'rw');
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: PAGE, tag: 2 }]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd).map((c) => c.status)).toEqual(['ok', 'ok']);
      expect(sys.read(pid, DATA + PAGE, PAGE)).toEqual(new Uint8Array(PAGE));
    });

    it('after mprotect to r a device write to that page faults (permission), answered INVALID', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(2 * PAGE));
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + PAGE, len: 4, value: 9, tag: 1 }]);
      sys.quiesce();
      sys.mprotect(pid, DATA + PAGE, PAGE, 'r');
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + PAGE + 8, len: 4, value: 7, tag: 2 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([
        { device: 'acc', pasid: 1, prg: 0, requests: [{ addr: DATA + PAGE, access: 'w' }] },
      ]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 1, status: 'ok', done: 4 },
        { tag: 2, status: 'fault', done: 0, faultAddr: DATA + PAGE + 8 },
      ]);
      const expected = pattern(PAGE, 7 * PAGE);
      expected.fill(9, 0, 4);
      expect(sys.read(pid, DATA + PAGE, PAGE)).toEqual(expected);
    });

    it('munmap after the device used a page: its next access faults and is answered INVALID', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(2 * PAGE));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 8, tag: 1 }]);
      sys.quiesce();
      sys.munmap(pid, DATA, PAGE);
      sys.send(pid, fd, [{ op: 'copy', src: DATA + 4, dst: DATA + PAGE + 16, len: 8, tag: 2 }]);
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests.map((g) => g.requests)).toEqual([[{ addr: DATA, access: 'r' }]]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 1, status: 'ok', done: 8 },
        { tag: 2, status: 'fault', done: 0, faultAddr: DATA + 4 },
      ]);
      expect(sys.read(pid, DATA + PAGE + 16, 8)).toEqual(pattern(2 * PAGE).subarray(PAGE + 16, PAGE + 24));
    });

    it('reclaim after the device used a page: its next access faults (translation) and swaps it in', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(2 * PAGE, 4));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 8, tag: 1 }]);
      sys.quiesce();
      sys.reclaim(pid, DATA);
      sys.reclaim(pid, DATA + PAGE);
      sys.send(pid, fd, [{ op: 'copy', src: DATA + 8, dst: DATA + PAGE + 8, len: 8, tag: 2 }]);
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests.map((g) => g.requests)).toEqual([
        [
          { addr: DATA, access: 'r' },
          { addr: DATA + PAGE, access: 'w' },
        ],
      ]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd).map((c) => c.status)).toEqual(['ok', 'ok']);
      expect(sys.read(pid, DATA + PAGE, 16)).toEqual(pattern(2 * PAGE, 4).subarray(0, 16));
    });

    it('migrate after the device used a page: the device follows the page to its new frame', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(2 * PAGE, 6));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 8, tag: 1 }]);
      sys.quiesce();
      sys.migrate(pid, DATA);
      sys.migrate(pid, DATA + PAGE);
      sys.write(pid, DATA, pattern(8, 50));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 8, tag: 2 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(recvAll(sys, pid, fd).map((c) => c.status)).toEqual(['ok', 'ok']);
      expect(sys.read(pid, DATA + PAGE, 8)).toEqual(pattern(8, 50));
      sys.write(pid, DATA + PAGE + 100, pattern(4, 70));
      sys.send(pid, fd, [{ op: 'crc32', src: DATA + PAGE + 100, len: 4, tag: 3 }]);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 3, status: 'ok', done: 4, result: crc32Of(pattern(4, 70)) }]);
    });

    it("fork after the device wrote a page: the parent's next device write faults (permission)", () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 4, value: 1, tag: 1 }]);
      sys.quiesce();
      const child = sys.fork(pid);
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + 4, len: 4, value: 2, tag: 2 }]);
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests.map((g) => g.requests)).toEqual([[{ addr: DATA, access: 'w' }]]);
      sys.quiesce();
      expect(sys.read(pid, DATA, 8)).toEqual(new Uint8Array([1, 1, 1, 1, 2, 2, 2, 2]));
      expect(sys.read(child, DATA, 8)).toEqual(new Uint8Array([1, 1, 1, 1, 0, 0, 0, 0]));
    });

    it('mprotect cannot give w back to a COW-shared page: the device write still faults and breaks COW', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(PAGE));
      const child = sys.fork(pid);
      sys.mprotect(pid, DATA, PAGE, 'r');
      sys.mprotect(pid, DATA, PAGE, 'rw');
      sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 1, value: 0, tag: 1 }]);
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests.map((g) => g.requests)).toEqual([[{ addr: DATA, access: 'w' }]]);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 1 }]);
      expect(sys.read(child, DATA, 1)).toEqual(pattern(1));
      expect(sys.read(pid, DATA, 1)).toEqual(new Uint8Array([0]));
    });

    it('when the other sharer breaks COW, the sole owner is writable again at once, without a fault (§S-3)', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(PAGE));
      const child = sys.fork(pid);
      sys.write(child, DATA, pattern(1, 40));
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + 1, len: 2, value: 0, tag: 1 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 2 }]);
      const expected = pattern(PAGE);
      expected.fill(0, 1, 3);
      expect(sys.read(pid, DATA, PAGE)).toEqual(expected);
    });

    it('a reclaimed page faults on the device (translation) and is swapped back in by the handler', () => {
      const sys = create(config);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(PAGE, 11));
      sys.reclaim(pid, DATA);
      sys.send(pid, fd, [{ op: 'crc32', src: DATA, len: PAGE, tag: 3 }]);
      sys.deviceStep('acc');
      expect(sys.snapshot().pageRequests).toEqual([
        { device: 'acc', pasid: 1, prg: 0, requests: [{ addr: DATA, access: 'r' }] },
      ]);
      expect(sys.handleFaults()).toBe(1);
      expect(mmOf(sys, pid).pages.map((p) => p.state)).toEqual(['present']);
      sys.quiesce();
      expect(sys.recv(pid, fd)[0].status).toBe('ok');
    });
  });
});
