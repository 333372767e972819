// Frames at the edges (SPEC §4, §5 handling, §S-3): a write to a private page needs no new frame,
// even with none free, and an absent page reads as zeros whatever the frames hold; a COW break may
// take any free frame, frame 0 included; a device write to a COW-shared page with no free frame is
// answered INVALID and changes nothing; a read request resolved after its page became COW-shared
// leaves it shared; the last page of the address space reads and writes like any other; a
// snapshot's bytes of a swapped page are a copy.

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { crc32Of } from '../../support/crc32.ts';
import { factories } from '../../support/factories.ts';
import { freeFrames, mmOf } from '../../support/observe.ts';
import { DATA, PAGE, recvAll, setupQueue, smallConfig } from '../../support/setup.ts';

/** Where the scenarios below map the pages that use up the free frames (far from `DATA`). */
const FILL = 0x40000;

describe.each(factories)('frames at the edges — $name', ({ create }) => {
  it('a write to a private page keeps its frame and succeeds even when no frame is free; an absent page still reads as zeros', () => {
    const sys = create(smallConfig);
    const pid = sys.spawn();
    sys.mmap(pid, DATA, PAGE, 'r'); // never touched
    const pages = freeFrames(sys);
    sys.mmap(pid, FILL, pages * PAGE, 'rw');
    sys.write(pid, FILL, pattern(pages * PAGE, 1));
    expect(freeFrames(sys)).toBe(0);
    const frames = mmOf(sys, pid).pages.map((p) => p.frame);
    sys.write(pid, FILL + 3 * PAGE + 10, pattern(PAGE, 2)); // straddles pages 3 and 4
    expect(mmOf(sys, pid).pages.map((p) => p.frame)).toEqual(frames);
    expect(sys.read(pid, FILL + 3 * PAGE + 10, PAGE)).toEqual(pattern(PAGE, 2));
    expect(sys.read(pid, FILL, 3 * PAGE + 10)).toEqual(pattern(pages * PAGE, 1).subarray(0, 3 * PAGE + 10));
    expect(sys.read(pid, DATA + 8, 16)).toEqual(new Uint8Array(16)); // every frame, the last one too, holds a pattern
  });

  it('a COW break by a CPU write may take frame 0 (the first frame a fresh system hands out)', () => {
    const sys = create(smallConfig);
    const pid = sys.spawn();
    sys.mmap(pid, DATA, 2 * PAGE, 'rw');
    sys.write(pid, DATA, pattern(PAGE, 1)); // the impl's frame 0
    sys.write(pid, DATA + PAGE, pattern(PAGE, 2));
    sys.munmap(pid, DATA, PAGE); // frame 0 is the next one handed out
    const child = sys.fork(pid);
    sys.write(pid, DATA + PAGE, pattern(PAGE, 3));
    expect(sys.read(pid, DATA + PAGE, PAGE)).toEqual(pattern(PAGE, 3));
    expect(sys.read(child, DATA + PAGE, PAGE)).toEqual(pattern(PAGE, 2));
    const [parentPage, childPage] = [mmOf(sys, pid).pages, mmOf(sys, child).pages];
    expect(parentPage[0].frame).not.toBe(childPage[0].frame);
  });

  it('a device write to a COW-shared page with no free frame is answered INVALID and changes nothing', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    sys.write(pid, DATA, pattern(PAGE, 1));
    const child = sys.fork(pid);
    const pages = freeFrames(sys);
    sys.mmap(pid, FILL, pages * PAGE, 'rw');
    sys.write(pid, FILL, pattern(pages * PAGE, 2));
    expect(freeFrames(sys)).toBe(0);
    sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 4, value: 9, tag: 1 }]);
    expect(sys.deviceStep('acc')).toBe(true);
    expect(sys.snapshot().pageRequests.map((g) => g.requests)).toEqual([[{ addr: DATA, access: 'w' }]]);
    expect(sys.handleFaults()).toBe(1);
    sys.deviceStep('acc');
    expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA }]);
    expect(sys.snapshot().pageRequests).toEqual([]);
    expect(sys.read(pid, DATA, PAGE)).toEqual(pattern(PAGE, 1));
    expect(sys.read(child, DATA, PAGE)).toEqual(pattern(PAGE, 1));
    expect(sys.read(pid, FILL, pages * PAGE)).toEqual(pattern(pages * PAGE, 2));
    expect(mmOf(sys, pid).pages[0].frame).toBe(mmOf(sys, child).pages[0].frame);
  });

  it('a read request resolved after its page became COW-shared leaves the page shared', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    sys.send(pid, fd, [{ op: 'crc32', src: DATA, len: 8, tag: 1 }]);
    sys.deviceStep('acc'); // DATA is absent: a read request waits
    sys.write(pid, DATA, pattern(8, 4));
    const child = sys.fork(pid);
    const free = freeFrames(sys);
    expect(sys.handleFaults()).toBe(1);
    expect(freeFrames(sys)).toBe(free);
    expect(mmOf(sys, pid).pages[0].frame).toBe(mmOf(sys, child).pages[0].frame);
    sys.quiesce();
    expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 8, result: crc32Of(pattern(8, 4)) }]);
  });

  it('the last page of the address space reads and writes like any other; a byte past it faults', () => {
    const sys = create(smallConfig);
    const pid = sys.spawn();
    const last = 2 ** 20 - PAGE; // smallConfig: 20-bit addresses
    sys.mmap(pid, last, PAGE, 'rw');
    sys.write(pid, last + PAGE - 16, pattern(16, 5));
    expect(sys.read(pid, last + PAGE - 16, 16)).toEqual(pattern(16, 5));
    expect(() => sys.read(pid, last + PAGE - 16, 17)).toThrow(expect.objectContaining({ code: 'EFAULT' }));
    expect(() => sys.write(pid, last + PAGE - 1, pattern(2))).toThrow(expect.objectContaining({ code: 'EFAULT' }));
  });

  it('the bytes a snapshot gives for a swapped page are a copy: changing them changes no page', () => {
    const sys = create(smallConfig);
    const pid = sys.spawn();
    sys.mmap(pid, DATA, PAGE, 'rw');
    sys.write(pid, DATA, pattern(PAGE, 6));
    sys.reclaim(pid, DATA);
    const page = mmOf(sys, pid, true).pages[0];
    expect(page.state).toBe('swapped');
    page.bytes?.fill(0xee);
    expect(sys.read(pid, DATA, PAGE)).toEqual(pattern(PAGE, 6));
    expect(mmOf(sys, pid, true).pages[0].bytes).toEqual(pattern(PAGE, 6));
  });
});
