// Isolation between PASIDs at the same virtual addresses (SPEC §1 goal 2): two processes map the
// same addresses with different bytes, and a device working for one never sees the other's pages —
// also when the PASIDs are congruent modulo any power-of-two cache size (1 and 257), where a
// translation cache that tags entries by page alone would hand one PASID the other's frame. The
// setup also takes 257 PASIDs, so the allocator must grow past its first words and still give the
// lowest free value on reuse.

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { crc32Of } from '../../support/crc32.ts';
import { factories } from '../../support/factories.ts';
import { openMappedQueue } from '../../support/setup.ts';
import type { Fd, Pid, SvaSystem } from 'warpdrive-sva/interface';

const BASE = 0x100000;
const PAGES = 4;
const PAGE = 4096;

/** Spawns `n` processes that each get a PASID (open, then close; a live process keeps its PASID). */
function processesWithPasids(sys: SvaSystem, n: number): Pid[] {
  const pids: Pid[] = [];
  for (let i = 0; i < n; i++) {
    const pid = sys.spawn();
    sys.close(pid, sys.open(pid, 'dummy-0'));
    pids.push(pid);
  }
  return pids;
}

/** Maps and fills the shared addresses of `pid` with its own bytes and opens a ready queue on `device`. */
function readyProcess(sys: SvaSystem, pid: Pid, device: string, seed: number): { fd: Fd; bytes: Uint8Array } {
  const bytes = pattern(PAGES * PAGE, seed);
  sys.mmap(pid, BASE, PAGES * PAGE, 'rw');
  sys.write(pid, BASE, bytes);
  const fd = openMappedQueue(sys, pid, device);
  return { fd, bytes };
}

describe.each(factories)('$name: isolation between PASIDs at the same addresses', ({ create }) => {
  for (const ats of [true, false]) {
    it(`PASIDs 1 and 257 never see each other's pages (${ats ? 'ATC and IOTLB' : 'IOTLB only'})`, () => {
      const sys = create({ devices: [{ name: 'dummy-0', ats }] });
      const pids = processesWithPasids(sys, 257);
      const [a, b] = [pids[0], pids[256]];
      expect([sys.pasidOf(a), sys.pasidOf(b)]).toEqual([1, 257]);
      const qa = readyProcess(sys, a, 'dummy-0', 1);
      const qb = readyProcess(sys, b, 'dummy-0', 2);
      const len = PAGES * PAGE;

      // a's translations are cached first; b then reads the same addresses and must get b's bytes
      sys.send(a, qa.fd, [{ op: 'crc32', src: BASE, len, tag: 1 }]);
      sys.quiesce();
      sys.send(b, qb.fd, [{ op: 'crc32', src: BASE, len, tag: 2 }]);
      sys.quiesce();
      expect(sys.recv(a, qa.fd)).toEqual([{ tag: 1, status: 'ok', done: len, result: crc32Of(qa.bytes) }]);
      expect(sys.recv(b, qb.fd)).toEqual([{ tag: 2, status: 'ok', done: len, result: crc32Of(qb.bytes) }]);

      // b's device writes land in b's pages only; a reads its own bytes back through the device
      sys.send(b, qb.fd, [{ op: 'fill', dst: BASE, len, value: 0xee, tag: 3 }]);
      sys.quiesce();
      sys.send(a, qa.fd, [{ op: 'crc32', src: BASE, len, tag: 4 }]);
      sys.quiesce();
      expect(sys.recv(b, qb.fd)).toEqual([{ tag: 3, status: 'ok', done: len }]);
      expect(sys.recv(a, qa.fd)).toEqual([{ tag: 4, status: 'ok', done: len, result: crc32Of(qa.bytes) }]);
      expect(sys.read(a, BASE, len)).toEqual(qa.bytes);
      expect(sys.read(b, BASE, len)).toEqual(new Uint8Array(len).fill(0xee));
    });
  }

  it('257 PASIDs are handed out lowest-first, and a freed one is the next given', () => {
    const sys = create({});
    const pids = processesWithPasids(sys, 257);
    expect(pids.map((p) => sys.pasidOf(p))).toEqual(pids.map((_, i) => i + 1));
    // the lower one freed first: the next open must still find it, not the one freed last
    sys.exit(pids[40]);
    sys.exit(pids[200]);
    const [first, second, third] = processesWithPasids(sys, 3);
    expect([sys.pasidOf(first), sys.pasidOf(second), sys.pasidOf(third)]).toEqual([41, 201, 258]);
  });
});
