// Smoke tests of the model's IOMMU and device operations (SPEC §5, §6, §8): the data path,
// page requests and their responses, fault events, fork/exit PASID lifetime, device removal,
// the observer, and CRC-32.

import { describe, expect, it } from 'vitest';
import { WarpDriveError, type Errno, type SpecEvent, type SvaSystem } from 'warpdrive-sva/interface';
import { createModel, crc32 } from 'warpdrive-sva/model';

const PAGE = 64;
const DATA = 16 * PAGE;
const config = {
  pageSize: PAGE,
  frames: 16,
  vaBits: 12,
  pasidBits: 3,
  prqDepth: 4,
  devices: [
    { name: 'acc', hwQueues: 2, ringDepth: 4, maxLen: 256 },
    { name: 'evt', hwQueues: 2, ringDepth: 4, maxLen: 256, faults: 'none' as const, eventDepth: 1 },
  ],
};

function expectErrno(fn: () => unknown, code: Errno): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(WarpDriveError);
  expect((thrown as WarpDriveError).code).toBe(code);
}

/** spawn → mmap 8 rw pages at DATA → open → map both regions → start. */
function setup(sys: SvaSystem, device = 'acc'): { pid: number; fd: number } {
  const pid = sys.spawn();
  sys.mmap(pid, DATA, 8 * PAGE, 'rw');
  const fd = sys.open(pid, device);
  sys.mapRegion(pid, fd, 'mmio');
  sys.mapRegion(pid, fd, 'dus');
  sys.startQueue(pid, fd);
  return { pid, fd };
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('model devices', () => {
  it('crc32 is the IEEE CRC-32', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('copies through page faults the IOMMU resolves, and computes crc32 over chunks', () => {
    const events: SpecEvent[] = [];
    const sys = createModel(config, { observer: (e) => events.push(e) });
    const { pid, fd } = setup(sys);
    const text = ascii('the quick brown fox jumps over the lazy dog, twice over the pages!!');
    sys.write(pid, DATA + 40, text);
    expect(
      sys.send(pid, fd, [
        { op: 'copy', src: DATA + 40, dst: DATA + 3 * PAGE + 10, len: text.length, tag: 1 },
        { op: 'crc32', src: DATA + 40, len: text.length, tag: 2 },
        { op: 'fill', dst: DATA + 6 * PAGE, len: 0, value: 1, tag: 3 },
      ]),
    ).toBe(3);
    expect(sys.quiesce()).toBeGreaterThan(1);
    expect(sys.recv(pid, fd, 5)).toEqual([
      { tag: 1, status: 'ok', done: text.length },
      { tag: 2, status: 'ok', done: text.length, result: crc32(text) },
      { tag: 3, status: 'ok', done: 0 },
    ]);
    expect(sys.read(pid, DATA + 3 * PAGE + 10, text.length)).toEqual(text);
    expect(events.some((e) => e.kind === 'pageRequest')).toBe(true);
    expect(events.some((e) => e.kind === 'pageResponse' && e.response === 'success')).toBe(true);
    expect(events.some((e) => e.kind === 'pasidAllocated' && e.pasid === 1 && !e.reused)).toBe(true);
  });

  it('answers INVALID for an illegal access: the descriptor completes fault at the exact address', () => {
    const sys = createModel(config);
    const { pid, fd } = setup(sys);
    sys.send(pid, fd, [{ op: 'fill', dst: DATA + 8 * PAGE - 5, len: 10, value: 7, tag: 9 }]);
    expect(sys.deviceStep('acc')).toBe(true); // faults on the first (mapped) page
    expect(sys.snapshot().pageRequests).toEqual([
      { device: 'acc', pasid: 1, prg: 0, requests: [{ addr: DATA + 7 * PAGE, access: 'w' }] },
    ]);
    expect(sys.queueInfo(pid, fd)).toEqual({ device: 'acc', state: 'started', pasid: 1, hwQueue: 0, outstanding: 1 });
    sys.quiesce();
    expect(sys.recv(pid, fd)).toEqual([{ tag: 9, status: 'fault', done: 5, faultAddr: DATA + 8 * PAGE }]);
    expect(sys.read(pid, DATA + 8 * PAGE - 5, 5)).toEqual(new Uint8Array(5).fill(7));
  });

  it('a device without PRI completes fault at once and records events, counting the lost ones', () => {
    const sys = createModel(config);
    const { pid, fd } = setup(sys, 'evt');
    sys.send(pid, fd, [
      { op: 'copy', src: DATA, dst: DATA + PAGE, len: 4, tag: 1 },
      { op: 'crc32', src: 0, len: 4, tag: 2 },
      { op: 'fill', dst: DATA, len: 1000, value: 0, tag: 3 },
    ]);
    sys.quiesce();
    expect(sys.recv(pid, fd, 3)).toEqual([
      { tag: 1, status: 'fault', done: 0, faultAddr: DATA },
      { tag: 2, status: 'fault', done: 0, faultAddr: 0 },
      { tag: 3, status: 'invalid', done: 0 },
    ]);
    expect(sys.readEvents('evt')).toEqual({
      events: [{ seq: 0, pasid: 1, addr: DATA, access: 'r', kind: 'translation' }],
      lost: 1,
    });
    expect(sys.readEvents('evt')).toEqual({ events: [], lost: 0 });
  });

  it('checks queue operations in the order of §S-1/§S-9', () => {
    const sys = createModel(config);
    const pid = sys.spawn();
    expectErrno(() => sys.open(pid, 'nope'), 'ENODEV');
    const fd = sys.open(pid, 'acc');
    expect(fd).toBe(3);
    expectErrno(() => sys.send(pid, fd, [{ op: 'fill', dst: 0, len: 1, value: 1, tag: 1 }]), 'EFAULT');
    sys.mapRegion(pid, fd, 'mmio');
    expectErrno(() => sys.mapRegion(pid, fd, 'mmio'), 'EEXIST');
    expectErrno(() => sys.mapRegion(pid, fd, 'ring' as never), 'EINVAL');
    sys.mapRegion(pid, fd, 'dus');
    expectErrno(() => sys.send(pid, fd, []), 'EINVAL');
    expectErrno(() => sys.send(pid, fd, [{ op: 'fill', dst: 0, len: 1, value: 256, tag: 1 }]), 'EINVAL');
    const d = { op: 'fill' as const, dst: DATA, len: 1, value: 1, tag: 1 };
    expect(sys.send(pid, fd, [d, d, d])).toBe(3);
    expectErrno(() => sys.send(pid, fd, [d]), 'EBUSY');
    expectErrno(() => sys.recv(pid, fd), 'EAGAIN');
    expect(sys.deviceStep('acc')).toBe(false); // not started
    expectErrno(() => sys.recv(pid, fd, 0), 'EINVAL');
    expectErrno(() => sys.close(pid, 4), 'EBADF');
    sys.startQueue(pid, fd);
    expectErrno(() => sys.startQueue(pid, fd), 'EINVAL');
  });

  it('a forked child holding the fd keeps the exited parent mm and its PASID until it closes', () => {
    const sys = createModel(config);
    const { pid, fd } = setup(sys);
    const child = sys.fork(pid);
    sys.exit(pid);
    const snap = sys.snapshot();
    expect(snap.mms.find((m) => m.id === pid)).toMatchObject({ exited: true, pasid: 1, vmas: [], pages: [] });
    expect(snap.devices[0].slots).toEqual([{ pasid: 1, state: 'abort', mm: pid }]);
    expect(sys.open(child, 'acc')).toBe(4); // the child gets PASID 2: 1 is still held
    expect(sys.pasidOf(child)).toBe(2);
    sys.close(child, fd);
    expect(sys.snapshot().mms.map((m) => m.id)).toEqual([child]);
    expect(sys.snapshot().devices[0].slots).toEqual([{ pasid: 2, state: 'sva', mm: child }]);
  });

  it('exit drains a started queue: remaining descriptors complete aborted, queued requests answered INVALID', () => {
    const events: SpecEvent[] = [];
    const sys = createModel(config, { observer: (e) => events.push(e) });
    const { pid, fd } = setup(sys);
    sys.send(pid, fd, [
      { op: 'fill', dst: DATA, len: 4, value: 1, tag: 1 },
      { op: 'fill', dst: DATA, len: 4, value: 2, tag: 2 },
    ]);
    sys.deviceStep('acc');
    expect(sys.snapshot().pageRequests).toHaveLength(1);
    sys.exit(pid);
    const snap = sys.snapshot();
    expect(snap.pageRequests).toEqual([]);
    expect(snap.queues).toEqual([]);
    expect(snap.mms).toEqual([]);
    expect(sys.deviceInfo('acc')).toEqual({ availableInstances: 2, removed: false, prqOverflow: false });
    expect(events).toContainEqual({ kind: 'queueReleased', queue: 0, pending: 2 });
    expect(events).toContainEqual({ kind: 'pageResponse', device: 'acc', prg: 0, response: 'invalid' });
  });

  it('removeDevice makes queues zombies, discards page requests and frees the PASID of an exited mm', () => {
    const sys = createModel(config);
    const { pid, fd } = setup(sys);
    sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 4, value: 1, tag: 1 }]);
    sys.deviceStep('acc');
    sys.removeDevice('acc');
    expect(sys.queueInfo(pid, fd)).toEqual({ device: 'acc', state: 'zombie', outstanding: 0 });
    expect(sys.poll(pid, fd)).toBe(false);
    expectErrno(() => sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }]), 'ENXIO');
    expectErrno(() => sys.unmapRegion(pid, fd, 'mmio'), 'EINVAL');
    expectErrno(() => sys.deviceStep('acc'), 'ENODEV');
    expectErrno(() => sys.removeDevice('acc'), 'ENODEV');
    expect(sys.deviceInfo('acc')).toEqual({ availableInstances: 2, removed: true, prqOverflow: false });
    const snap = sys.snapshot();
    expect(snap.pageRequests).toEqual([]);
    expect(snap.queues).toEqual([
      { id: 0, device: 'acc', mm: pid, state: 'zombie', regions: {}, pending: [], completions: [] },
    ]);
    sys.close(pid, fd);
    expect(sys.snapshot().queues).toEqual([]);
  });

  it('overflows the page-request queue: the group is answered SUCCESS at once and the queue retries', () => {
    const events: SpecEvent[] = [];
    const sys = createModel({ ...config, prqDepth: 2 }, { observer: (e) => events.push(e) });
    const a = setup(sys);
    const b = setup(sys);
    sys.send(a.pid, a.fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 4, tag: 1 }]);
    sys.send(b.pid, b.fd, [{ op: 'fill', dst: DATA, len: 4, value: 3, tag: 2 }]);
    sys.deviceStep('acc'); // a: group of 2 requests fills the PRQ
    sys.deviceStep('acc'); // b: 1 more does not fit
    expect(sys.deviceInfo('acc').prqOverflow).toBe(true);
    expect(sys.queueInfo(b.pid, b.fd).outstanding).toBe(1);
    expect(sys.snapshot().queues[1].waitingPrg).toBeUndefined();
    expect(events).toContainEqual({ kind: 'prqOverflow', device: 'acc', pasid: 2 });
    sys.quiesce();
    expect(sys.deviceInfo('acc').prqOverflow).toBe(false);
    expect(sys.recv(b.pid, b.fd)).toEqual([{ tag: 2, status: 'ok', done: 4 }]);
    expect(sys.recv(a.pid, a.fd)).toEqual([{ tag: 1, status: 'ok', done: 4 }]);
  });

  it('a device write to a page fork made shared breaks COW for the queue owner only', () => {
    const sys = createModel(config);
    const { pid, fd } = setup(sys);
    sys.write(pid, DATA, ascii('parent'));
    const child = sys.fork(pid);
    sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 6, value: 0x41, tag: 1 }]);
    sys.deviceStep('acc');
    expect(sys.snapshot().pageRequests[0].requests).toEqual([{ addr: DATA, access: 'w' }]);
    sys.quiesce();
    expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 6 }]);
    expect(sys.read(pid, DATA, 6)).toEqual(ascii('AAAAAA'));
    expect(sys.read(child, DATA, 6)).toEqual(ascii('parent'));
  });

  it('open fails with EOVERFLOW for a PASID too wide for the device, keeping the PASID but no bond', () => {
    const sys = createModel({ ...config, devices: [{ name: 'narrow', pasidBits: 1 }] });
    const first = sys.spawn();
    sys.open(first, 'narrow');
    const second = sys.spawn();
    expectErrno(() => sys.open(second, 'narrow'), 'EOVERFLOW');
    expect(sys.pasidOf(second)).toBe(2);
    const snap = sys.snapshot();
    expect(snap.devices[0].bonds).toEqual([{ mm: first, count: 1 }]);
    expect(snap.devices[0].availableInstances).toBe(3);
  });
});
