// Smoke tests of the impl: a copy between CPU-filled buffers, demand paging through a page request,
// a device write to a fork-shared page (COW broken for the parent only), ring wrap with the phase
// flip, and IOTLB/ATC invalidation on munmap seen through the inspection hook.

import { describe, expect, it } from 'vitest';
import { crc32 } from '../../impl/device/crc32.ts';
import { pattern, processWithQueue } from '../support/impl-queue.ts';
import { createSystem } from 'warpdrive-sva';

describe('impl smoke', () => {
  it('copies between CPU-filled buffers across page boundaries, and computes CRC-32 and fill', () => {
    const sys = createSystem({ frames: 64 });
    const { pid, fd } = processWithQueue(sys);
    sys.mmap(pid, 0x10000, 0x4000, 'rw');
    const data = pattern(5000);
    sys.write(pid, 0x10010, data);
    sys.write(pid, 0x13800, new TextEncoder().encode('123456789'));
    sys.send(pid, fd, [
      { op: 'copy', src: 0x10010, dst: 0x11ff0, len: 5000, tag: 7 },
      { op: 'crc32', src: 0x13800, len: 9, tag: 8 },
      { op: 'crc32', src: 0x10010, len: 5000, tag: 9 },
    ]);
    sys.quiesce();
    expect(sys.recv(pid, fd, 3)).toEqual([
      { tag: 7, status: 'ok', done: 5000 },
      { tag: 8, status: 'ok', done: 9, result: 0xcbf43926 },
      { tag: 9, status: 'ok', done: 5000, result: crc32(data) },
    ]);
    expect(sys.read(pid, 0x11ff0, 5000)).toEqual(data);
    sys.send(pid, fd, [{ op: 'fill', dst: 0x10ffe, len: 4, value: 0xab, tag: 1 }]);
    sys.quiesce();
    expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 4 }]);
    expect([...sys.read(pid, 0x10ffd, 6)]).toEqual([data[0xffd - 0x10], 0xab, 0xab, 0xab, 0xab, data[0x1002 - 0x10]]);
  });

  it('pages in an untouched destination through one page request', () => {
    const sys = createSystem({ frames: 64 });
    const { pid, fd } = processWithQueue(sys);
    sys.mmap(pid, 0x20000, 0x1000, 'rw');
    sys.send(pid, fd, [{ op: 'fill', dst: 0x20100, len: 16, value: 5, tag: 3 }]);
    expect(sys.snapshot().mms[0].pages).toEqual([]); // mmap allocates nothing
    expect(sys.deviceStep('dummy-0')).toBe(true); // translation fault → page request
    const faulted = sys.snapshot();
    expect(faulted.pageRequests).toEqual([
      { device: 'dummy-0', pasid: 1, prg: 0, requests: [{ addr: 0x20000, access: 'w' }] },
    ]);
    expect(faulted.queues[0].waitingPrg).toBe(0);
    expect(sys.deviceStep('dummy-0')).toBe(false); // waiting on its PRG
    expect(sys.handleFaults()).toBe(1);
    expect(sys.snapshot().mms[0].pages).toMatchObject([{ addr: 0x20000, state: 'present' }]);
    expect(sys.deviceStep('dummy-0')).toBe(true);
    expect(sys.recv(pid, fd)).toEqual([{ tag: 3, status: 'ok', done: 16 }]);
    expect([...sys.read(pid, 0x200fe, 20)]).toEqual([0, 0, ...new Array(16).fill(5), 0, 0]);
  });

  it('a device write to a page fork shared faults and breaks COW for the parent only', () => {
    const sys = createSystem({ frames: 64 });
    const { pid, fd } = processWithQueue(sys);
    sys.mmap(pid, 0x30000, 0x1000, 'rw');
    sys.write(pid, 0x30000, new Uint8Array(64).fill(0x41));
    sys.send(pid, fd, [{ op: 'crc32', src: 0x30000, len: 64, tag: 1 }]);
    sys.quiesce(); // warms the IOTLB/ATC with a writable translation of the page
    sys.recv(pid, fd);
    const child = sys.fork(pid);
    const shared = sys.snapshot();
    expect(shared.mms[0].pages[0].frame).toBe(shared.mms[1].pages[0].frame);
    sys.send(pid, fd, [{ op: 'fill', dst: 0x30000, len: 64, value: 0x42, tag: 2 }]);
    sys.deviceStep('dummy-0');
    expect(sys.snapshot().pageRequests).toEqual([
      { device: 'dummy-0', pasid: 1, prg: 0, requests: [{ addr: 0x30000, access: 'w' }] },
    ]);
    sys.quiesce();
    expect(sys.recv(pid, fd)).toEqual([{ tag: 2, status: 'ok', done: 64 }]);
    expect(sys.read(pid, 0x30000, 64)).toEqual(new Uint8Array(64).fill(0x42));
    expect(sys.read(child, 0x30000, 64)).toEqual(new Uint8Array(64).fill(0x41));
    const broken = sys.snapshot();
    expect(broken.mms[0].pages[0].frame).not.toBe(broken.mms[1].pages[0].frame);
    expect(broken.frames.refs.map((r) => r.count)).toEqual([1, 1]);
  });

  it('wraps the completion ring, flipping the phase every lap, never more than depth - 1 outstanding', () => {
    const sys = createSystem({ devices: [{ name: 'dummy-0', ringDepth: 4 }] });
    const { pid, fd } = processWithQueue(sys);
    const phases: number[] = [];
    for (let lap = 0; lap < 4; lap++) {
      const descs = [0, 1, 2].map((k) => ({ op: 'fill' as const, dst: 0, len: 0, value: 0, tag: lap * 3 + k }));
      expect(sys.send(pid, fd, descs)).toBe(3);
      expect(() => sys.send(pid, fd, [descs[0]])).toThrow(expect.objectContaining({ code: 'EBUSY' }));
      sys.quiesce();
      expect(sys.recv(pid, fd, 5).map((c) => c.tag)).toEqual([lap * 3, lap * 3 + 1, lap * 3 + 2]);
      expect(sys.poll(pid, fd)).toBe(false); // stale CQEs of the last lap are not new
      const ring = sys.inspect().rings[0];
      phases.push(ring.producerPhase);
      expect(ring.cqTail).toBe(((lap + 1) * 3) % 4);
    }
    // tails after each lap: 3, 2 (wrapped), 1 (wrapped), 0 (wrapped)
    expect(phases).toEqual([1, 0, 1, 0]);
  });

  it('munmap invalidates the unmapped pages in the IOTLB and the ATC, and nothing else', () => {
    const sys = createSystem({ frames: 64 });
    const { pid, fd } = processWithQueue(sys);
    sys.mmap(pid, 0x40000, 0x2000, 'rw');
    sys.write(pid, 0x40000, pattern(0x2000));
    sys.send(pid, fd, [{ op: 'copy', src: 0x40000, dst: 0x41000, len: 0x800, tag: 1 }]);
    sys.quiesce();
    const cachedPages = (): string[] =>
      sys
        .inspect()
        .caches.flatMap((c) => c.entries.map((e) => `${c.cache}:${e.pasid}:${e.addr.toString(16)}`))
        .sort();
    expect(cachedPages()).toEqual(['atc:1:40000', 'atc:1:41000', 'iotlb:1:40000', 'iotlb:1:41000']);
    sys.munmap(pid, 0x41000, 0x1000);
    expect(cachedPages()).toEqual(['atc:1:40000', 'iotlb:1:40000']);
    sys.send(pid, fd, [{ op: 'copy', src: 0x40000, dst: 0x41000, len: 8, tag: 2 }]);
    sys.quiesce();
    expect(sys.recv(pid, fd, 2)).toEqual([
      { tag: 1, status: 'ok', done: 0x800 },
      { tag: 2, status: 'fault', done: 0, faultAddr: 0x41000 },
    ]);
  });
});
