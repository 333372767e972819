// Page-table changes over more pages than any translation cache holds (SPEC §5 "Caches"): after a
// munmap or an mprotect of 288 pages that the device had just used, the device sees exactly what
// the CPU sees — new bytes after a remap, a permission fault after a downgrade. An implementation
// that invalidates large ranges by scanning its cache instead of page by page must still drop
// every entry of the range.

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { crc32Of } from '../../support/crc32.ts';
import { factories } from '../../support/factories.ts';
import type { Fd, Pid, SvaSystem } from 'warpdrive-sva/interface';

const BASE = 0x400000;
const PAGE = 4096;
const PAGES = 288; // more than a 256-entry IOTLB or a 64-entry ATC
const CHUNK = 16 * PAGE; // one descriptor: maxLen of the default device
const LEN = PAGES * PAGE;

/** CRC-32 of every 64 KiB piece of the range, through the device (in ring-sized batches). */
function deviceCrcs(sys: SvaSystem, pid: Pid, fd: Fd): number[] {
  const out: number[] = [];
  for (let start = 0; start < LEN; start += 15 * CHUNK) {
    const descs = [];
    for (let off = start; off < Math.min(LEN, start + 15 * CHUNK); off += CHUNK)
      descs.push({ op: 'crc32' as const, src: BASE + off, len: CHUNK, tag: off / CHUNK });
    sys.send(pid, fd, descs);
    sys.quiesce();
    for (const c of sys.recv(pid, fd, descs.length)) {
      expect(c.status).toBe('ok');
      out.push(c.result ?? -1);
    }
  }
  return out;
}

/** Reads the range's first and last page through the device, so that both are freshly cached. */
function touchEnds(sys: SvaSystem, pid: Pid, fd: Fd): void {
  sys.send(pid, fd, [
    { op: 'crc32', src: BASE, len: 1, tag: 90 },
    { op: 'crc32', src: BASE + LEN - 1, len: 1, tag: 91 },
  ]);
  sys.quiesce();
  expect(sys.recv(pid, fd, 2).map((c) => c.status)).toEqual(['ok', 'ok']);
}

/** The CRC-32 of every 64 KiB piece of `bytes`. */
function expectedCrcs(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let off = 0; off < bytes.length; off += CHUNK) out.push(crc32Of(bytes.subarray(off, off + CHUNK)));
  return out;
}

describe.each(factories)('$name: invalidation of ranges larger than the caches', ({ create }) => {
  for (const ats of [true, false]) {
    function ready(): { sys: SvaSystem; pid: Pid; fd: Fd } {
      const sys = create({ devices: [{ name: 'dummy-0', ats }] });
      const pid = sys.spawn();
      const fd = sys.open(pid, 'dummy-0');
      sys.mapRegion(pid, fd, 'mmio');
      sys.mapRegion(pid, fd, 'dus');
      sys.startQueue(pid, fd);
      return { sys, pid, fd };
    }

    it(`munmap of ${PAGES} used pages, then a remap with new bytes: the device reads the new bytes (${ats ? 'ATC' : 'IOTLB'})`, () => {
      const { sys, pid, fd } = ready();
      const before = pattern(LEN, 3);
      sys.mmap(pid, BASE, LEN, 'rw');
      sys.write(pid, BASE, before);
      expect(deviceCrcs(sys, pid, fd)).toEqual(expectedCrcs(before));
      touchEnds(sys, pid, fd); // the range's first and last pages are the most recent translations
      sys.munmap(pid, BASE, LEN);
      const after = pattern(LEN, 101);
      sys.mmap(pid, BASE, LEN, 'rw');
      sys.write(pid, BASE, after);
      expect(deviceCrcs(sys, pid, fd)).toEqual(expectedCrcs(after));
    });

    it(`mprotect of ${PAGES} used pages to 'r': a device write faults and changes nothing (${ats ? 'ATC' : 'IOTLB'})`, () => {
      const { sys, pid, fd } = ready();
      const bytes = pattern(LEN, 5);
      sys.mmap(pid, BASE, LEN, 'rw');
      sys.write(pid, BASE, bytes);
      expect(deviceCrcs(sys, pid, fd)).toEqual(expectedCrcs(bytes));
      touchEnds(sys, pid, fd);
      sys.mprotect(pid, BASE, LEN, 'r');
      // the last page the device used, and the first: both must fault now
      sys.send(pid, fd, [
        { op: 'fill', dst: BASE + LEN - PAGE, len: 16, value: 0, tag: 1 },
        { op: 'fill', dst: BASE, len: 16, value: 0, tag: 2 },
      ]);
      sys.quiesce();
      expect(sys.recv(pid, fd, 2)).toEqual([
        { tag: 1, status: 'fault', done: 0, faultAddr: BASE + LEN - PAGE },
        { tag: 2, status: 'fault', done: 0, faultAddr: BASE },
      ]);
      // (compared as buffers: a deep equality over a megabyte is slow)
      expect(Buffer.from(sys.read(pid, BASE, LEN)).equals(Buffer.from(bytes))).toBe(true);
    });
  }
});
