// The stories of SPEC §1 and §8, end to end: each one a short life of processes, queues and devices
// whose every visible outcome (completions, bytes, PASIDs, events) is asserted exactly.

import { describe, expect, it } from 'vitest';
import { ascii, pattern } from '../../support/bytes.ts';
import { crc32Of } from '../../support/crc32.ts';
import { expectErrno } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { freeFrames, mmExists, mmOf, pageStates } from '../../support/observe.ts';
import { DATA, PAGE, dataBase, recvAll, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';
import { presets } from 'warpdrive-sva/interface';

describe.each(factories)('stories — $name', ({ create }) => {
  it('a copy between two CPU-filled buffers: no page request, no new frame, dst = src', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    const src = pattern(3 * PAGE, 1);
    sys.write(pid, DATA, src);
    sys.write(pid, DATA + 4 * PAGE, pattern(3 * PAGE, 99));
    const free = freeFrames(sys);
    sys.send(pid, fd, [
      { op: 'copy', src: DATA + 10, dst: DATA + 4 * PAGE + 20, len: 3 * PAGE - 40, tag: 1 },
      { op: 'crc32', src: DATA + 4 * PAGE + 20, len: 3 * PAGE - 40, tag: 2 },
    ]);
    for (let steps = 0; sys.deviceStep('acc'); steps++) {
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(steps).toBeLessThan(20);
    }
    const copied = src.subarray(10, 3 * PAGE - 30);
    expect(recvAll(sys, pid, fd)).toEqual([
      { tag: 1, status: 'ok', done: 3 * PAGE - 40 },
      { tag: 2, status: 'ok', done: 3 * PAGE - 40, result: crc32Of(copied) },
    ]);
    expect(sys.read(pid, DATA + 4 * PAGE + 20, 3 * PAGE - 40)).toEqual(copied);
    expect(sys.read(pid, DATA + 4 * PAGE, 20)).toEqual(pattern(20, 99));
    expect(sys.read(pid, DATA, 3 * PAGE)).toEqual(src);
    expect(freeFrames(sys)).toBe(free);
  });

  it('device demand paging into never-touched pages (the README example, default preset)', () => {
    const sys = create(presets.default);
    const pid = sys.spawn();
    sys.mmap(pid, 0x10000, 0x4000, 'rw');
    sys.write(pid, 0x10000, ascii('hello, device'));
    const fd = sys.open(pid, 'dummy-0');
    sys.mapRegion(pid, fd, 'mmio');
    sys.mapRegion(pid, fd, 'dus');
    sys.startQueue(pid, fd);
    sys.send(pid, fd, [{ op: 'copy', src: 0x10000, dst: 0x12000, len: 13, tag: 1 }]);
    expect(pageStates(sys, pid)).toEqual([{ addr: 0x10000, state: 'present' }]);
    expect(sys.deviceStep('dummy-0')).toBe(true);
    expect(sys.snapshot().pageRequests).toEqual([
      { device: 'dummy-0', pasid: 1, prg: 0, requests: [{ addr: 0x12000, access: 'w' }] },
    ]);
    expect(sys.quiesce()).toBeGreaterThan(1);
    expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 13 }]);
    expect(new TextDecoder().decode(sys.read(pid, 0x12000, 13))).toBe('hello, device');
    expect(pageStates(sys, pid)).toEqual([
      { addr: 0x10000, state: 'present' },
      { addr: 0x12000, state: 'present' },
    ]);
  });

  it("fork, then the parent's device writes a COW page: the parent sees it, the child does not", () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    sys.write(pid, DATA, pattern(PAGE, 5));
    // the device writes the page first, so any cached translation of it is writable
    sys.send(pid, fd, [{ op: 'fill', dst: DATA + 100, len: 2, value: 0xbb, tag: 0 }]);
    sys.quiesce();
    expect(sys.recv(pid, fd)).toEqual([{ tag: 0, status: 'ok', done: 2 }]);
    const original = pattern(PAGE, 5);
    original.fill(0xbb, 100, 102);
    const child = sys.fork(pid);
    const shared = mmOf(sys, pid).pages[0].frame;
    expect(mmOf(sys, child).pages[0].frame).toBe(shared);
    sys.send(pid, fd, [{ op: 'fill', dst: DATA + 4, len: 4, value: 0xaa, tag: 1 }]);
    expect(sys.deviceStep('acc')).toBe(true);
    // permission fault: the page is present but COW-shared, so it lost w
    expect(sys.snapshot().pageRequests).toEqual([
      { device: 'acc', pasid: 1, prg: 0, requests: [{ addr: DATA, access: 'w' }] },
    ]);
    expect(sys.handleFaults()).toBe(1);
    expect(mmOf(sys, child).pages[0].frame).toBe(shared);
    expect(mmOf(sys, pid).pages[0].frame).not.toBe(shared);
    expect(sys.snapshot().frames.refs.find((r) => r.frame === shared)?.count).toBe(1);
    expect(sys.deviceStep('acc')).toBe(true);
    expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 4 }]);
    const parentView = original.slice();
    parentView.fill(0xaa, 4, 8);
    expect(sys.read(pid, DATA, PAGE)).toEqual(parentView);
    expect(sys.read(child, DATA, PAGE)).toEqual(original);
  });

  it('exit while a forked child holds the fd: the PASID stays taken until the child closes', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    const child = sys.fork(pid);
    sys.write(pid, DATA, pattern(PAGE));
    sys.send(pid, fd, [
      { op: 'copy', src: DATA, dst: DATA + PAGE, len: 8, tag: 1 },
      { op: 'fill', dst: DATA, len: 8, value: 3, tag: 2 },
    ]);
    expect(sys.deviceStep('acc')).toBe(true);
    sys.exit(pid);
    expect(sys.processes()).toEqual([child]);
    expect(mmOf(sys, pid)).toEqual({ id: pid, pasid: 1, exited: true, vmas: [], pages: [] });
    const newcomer = sys.spawn();
    sys.open(newcomer, 'acc2');
    expect(sys.pasidOf(newcomer)).toBe(2);
    // the child takes over the queue: the group queued before exit is answered INVALID, the rest aborts
    sys.mapRegion(child, fd, 'mmio');
    sys.mapRegion(child, fd, 'dus');
    sys.quiesce();
    expect(recvAll(sys, child, fd)).toEqual([
      { tag: 1, status: 'fault', done: 0, faultAddr: DATA + PAGE },
      { tag: 2, status: 'aborted', done: 0 },
    ]);
    expect(sys.read(child, DATA, 2 * PAGE)).toEqual(new Uint8Array(2 * PAGE));
    sys.unmapRegion(child, fd, 'mmio');
    sys.unmapRegion(child, fd, 'dus');
    expect(mmExists(sys, pid)).toBe(true);
    sys.close(child, fd);
    expect(mmExists(sys, pid)).toBe(false);
    expect(sys.snapshot().devices[0].slots).toEqual([]);
    const next = sys.spawn();
    sys.open(next, 'acc');
    expect(sys.pasidOf(next)).toBe(1);
    expect(sys.pasidOf(child)).toBeUndefined();
  });

  it('device removal with work in flight: zombies, no more DMA, the other device finishes', () => {
    const sys = create(smallConfig);
    const a = setupQueue(sys);
    const b = setupQueue(sys);
    const c = setupQueue(sys, { pid: b.pid, device: 'acc2' });
    sys.write(a.pid, DATA, new Uint8Array(PAGE));
    sys.send(a.pid, a.fd, [
      { op: 'fill', dst: DATA, len: PAGE, value: 1, tag: 1 },
      { op: 'fill', dst: DATA + PAGE, len: PAGE, value: 2, tag: 2 },
    ]);
    sys.send(b.pid, b.fd, [{ op: 'fill', dst: DATA, len: 2 * PAGE, value: 3, tag: 3 }]);
    sys.send(c.pid, c.fd, [{ op: 'fill', dst: DATA + 4 * PAGE, len: 2 * PAGE, value: 4, tag: 4 }]);
    sys.deviceStep('acc'); // a: tag 1 done
    sys.deviceStep('acc'); // b: faults on its first page
    sys.deviceStep('acc'); // a: faults on DATA + PAGE
    sys.deviceStep('acc2'); // c: faults
    expect(sys.snapshot().pageRequests.map((g) => g.device)).toEqual(['acc', 'acc', 'acc2']);
    const before = [sys.read(a.pid, DATA, 2 * PAGE), sys.read(b.pid, DATA, 2 * PAGE)];
    sys.removeDevice('acc');
    expect(sys.snapshot().pageRequests.map((g) => g.device)).toEqual(['acc2']);
    sys.quiesce();
    expect([sys.read(a.pid, DATA, 2 * PAGE), sys.read(b.pid, DATA, 2 * PAGE)]).toEqual(before);
    expect(before[0]).toEqual(new Uint8Array(2 * PAGE).fill(1, 0, PAGE));
    expect(recvAll(sys, c.pid, c.fd)).toEqual([{ tag: 4, status: 'ok', done: 2 * PAGE }]);
    expect(sys.read(b.pid, DATA + 4 * PAGE, 2 * PAGE)).toEqual(new Uint8Array(2 * PAGE).fill(4));
    expect(sys.queueInfo(a.pid, a.fd)).toEqual({ device: 'acc', state: 'zombie', outstanding: 0 });
    expectErrno(() => sys.recv(a.pid, a.fd), 'ENXIO');
    sys.exit(a.pid);
    sys.exit(b.pid);
    expect(sys.snapshot().mms).toEqual([]);
    expect(sys.snapshot().queues).toEqual([]);
    const next = sys.spawn();
    sys.open(next, 'acc2');
    expect(sys.pasidOf(next)).toBe(1);
    expectErrno(() => sys.open(next, 'acc'), 'ENODEV');
  });

  it('page-request overflow still completes everything after quiesce', () => {
    const sys = create(smallWith({ prqDepth: 3 }));
    const a = setupQueue(sys);
    const b = setupQueue(sys, { pid: a.pid });
    const c = setupQueue(sys);
    sys.write(a.pid, DATA, pattern(2 * PAGE, 1));
    sys.reclaim(a.pid, DATA);
    sys.reclaim(a.pid, DATA + PAGE);
    sys.write(c.pid, DATA, pattern(2 * PAGE, 2));
    sys.send(a.pid, a.fd, [{ op: 'copy', src: DATA + PAGE / 2, dst: DATA + 4 * PAGE, len: PAGE, tag: 1 }]);
    sys.send(b.pid, b.fd, [{ op: 'copy', src: DATA, dst: DATA + 8 * PAGE + 1, len: 2 * PAGE, tag: 2 }]);
    sys.send(c.pid, c.fd, [
      { op: 'copy', src: DATA, dst: DATA + 6 * PAGE, len: 2 * PAGE, tag: 3 },
      { op: 'crc32', src: DATA + 6 * PAGE, len: 2 * PAGE, tag: 4 },
    ]);
    sys.deviceStep('acc');
    sys.deviceStep('acc');
    expect(sys.snapshot().prqOverflow).toBe(true);
    expect(sys.quiesce()).toBeGreaterThan(1);
    expect(sys.snapshot().prqOverflow).toBe(false);
    expect(sys.snapshot().pageRequests).toEqual([]);
    expect(recvAll(sys, a.pid, a.fd)).toEqual([{ tag: 1, status: 'ok', done: PAGE }]);
    expect(recvAll(sys, b.pid, b.fd)).toEqual([{ tag: 2, status: 'ok', done: 2 * PAGE }]);
    expect(recvAll(sys, c.pid, c.fd)).toEqual([
      { tag: 3, status: 'ok', done: 2 * PAGE },
      { tag: 4, status: 'ok', done: 2 * PAGE, result: crc32Of(pattern(2 * PAGE, 2)) },
    ]);
    expect(sys.read(a.pid, DATA + 4 * PAGE, PAGE)).toEqual(pattern(2 * PAGE, 1).subarray(PAGE / 2, PAGE / 2 + PAGE));
    expect(sys.read(a.pid, DATA + 8 * PAGE + 1, 2 * PAGE)).toEqual(pattern(2 * PAGE, 1));
    expect(sys.read(c.pid, DATA + 6 * PAGE, 2 * PAGE)).toEqual(pattern(2 * PAGE, 2));
  });

  it('presets.tiny: two queues fill the 4-request PRQ exactly (no overflow) and quiesce finishes', () => {
    const sys = create(presets.tiny);
    const page = sys.config.pageSize;
    const base = dataBase(page);
    const a = setupQueue(sys, { device: 'dummy-0' });
    const b = setupQueue(sys, { device: 'dummy-0' });
    expect(sys.deviceInfo('dummy-0').availableInstances).toBe(0);
    sys.write(a.pid, base, pattern(page, 1));
    sys.reclaim(a.pid, base);
    sys.send(a.pid, a.fd, [{ op: 'copy', src: base, dst: base + 2 * page, len: page, tag: 1 }]);
    sys.send(b.pid, b.fd, [{ op: 'copy', src: base + 1, dst: base + 3 * page, len: 2 * page, tag: 2 }]);
    sys.deviceStep('dummy-0');
    sys.deviceStep('dummy-0');
    expect(sys.snapshot().pageRequests.map((g) => [g.pasid, g.prg, g.requests.length])).toEqual([
      [1, 0, 2],
      [2, 1, 2],
    ]);
    expect(sys.snapshot().prqOverflow).toBe(false);
    sys.quiesce();
    expect(recvAll(sys, a.pid, a.fd)).toEqual([{ tag: 1, status: 'ok', done: page }]);
    expect(recvAll(sys, b.pid, b.fd)).toEqual([{ tag: 2, status: 'ok', done: 2 * page }]);
    expect(sys.read(a.pid, base + 2 * page, page)).toEqual(pattern(page, 1));
    expect(sys.read(b.pid, base + 3 * page, 2 * page)).toEqual(new Uint8Array(2 * page));
  });

  it("a faults:'none' device records events with seq and counts the lost ones", () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys, { device: 'evt' });
    sys.write(pid, DATA, pattern(2 * PAGE));
    sys.mprotect(pid, DATA + PAGE, PAGE, 'r');
    sys.send(pid, fd, [
      { op: 'copy', src: DATA, dst: DATA + 8, len: 16, tag: 1 },
      { op: 'fill', dst: DATA + PAGE + 1, len: 1, value: 1, tag: 2 },
      { op: 'crc32', src: DATA + 3 * PAGE, len: 1, tag: 3 },
      { op: 'copy', src: DATA + 20, dst: DATA + PAGE - 2, len: 8, tag: 4 },
      { op: 'fill', dst: 0x90000, len: 1, value: 1, tag: 5 },
      { op: 'copy', src: 0x90000 + 5, dst: DATA + PAGE + 9, len: 3, tag: 6 },
    ]);
    sys.quiesce();
    expect(recvAll(sys, pid, fd)).toEqual([
      { tag: 1, status: 'ok', done: 16 },
      { tag: 2, status: 'fault', done: 0, faultAddr: DATA + PAGE + 1 },
      { tag: 3, status: 'fault', done: 0, faultAddr: DATA + 3 * PAGE },
      { tag: 4, status: 'fault', done: 2, faultAddr: DATA + PAGE },
      { tag: 5, status: 'fault', done: 0, faultAddr: 0x90000 },
      { tag: 6, status: 'fault', done: 0, faultAddr: 0x90000 + 5 },
    ]);
    expect(sys.readEvents('evt')).toEqual({
      events: [
        { seq: 0, pasid: 1, addr: DATA + PAGE + 1, access: 'w', kind: 'permission' },
        { seq: 1, pasid: 1, addr: DATA + 3 * PAGE, access: 'r', kind: 'translation' },
        { seq: 2, pasid: 1, addr: DATA + PAGE, access: 'w', kind: 'permission' },
      ],
      lost: 2,
    });
    expect(sys.readEvents('evt')).toEqual({ events: [], lost: 0 });
    expect(sys.snapshot().devices[2].nextEventSeq).toBe(5);
    // tag 1 moved bytes 0..15 to DATA + 8, so DATA + 20 held byte 12 when tag 4 copied it
    expect(sys.read(pid, DATA + PAGE - 2, 2)).toEqual(pattern(2 * PAGE).subarray(12, 14));
  });
});
