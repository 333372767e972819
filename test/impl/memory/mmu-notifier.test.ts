// What the memory layer invalidates (impl/memory/memory.ts through the mmu notifier, SPEC §5
// "Caches"): exactly the translations a change removes or narrows — fork only the parent's
// writable areas, mprotect only a range that lost a permission, munmap only the unmapped pages —
// so that the IOTLB and the ATC keep every translation that is still right.

import { describe, expect, it } from 'vitest';
import { pattern, processWithQueue } from '../../support/impl-queue.ts';
import { createSystem, type ImplSystem, type Pid } from 'warpdrive-sva';

const A = 0x40000;
const B = 0x41000;

/** Every cached translation as `cache:pasid:addr` (hex), sorted. */
function cached(sys: ImplSystem): string[] {
  return sys
    .inspect()
    .caches.flatMap((c) => c.entries.map((e) => `${c.cache}:${e.pasid}:${e.addr.toString(16)}`))
    .sort();
}

/** A process whose pages A and B (areas of `protA` and `protB`) the device has just read, so both are cached. */
function bothCached(protA: 'rw' | 'r', protB: 'rw' | 'r'): { sys: ImplSystem; pid: Pid } {
  const sys = createSystem({ frames: 64 });
  const { pid, fd } = processWithQueue(sys);
  sys.mmap(pid, A, 0x1000, protA);
  sys.mmap(pid, B, 0x1000, protB);
  if (protA === 'rw') sys.write(pid, A, pattern(16));
  sys.send(pid, fd, [
    { op: 'crc32', src: A, len: 16, tag: 1 },
    { op: 'crc32', src: B, len: 16, tag: 2 },
  ]);
  sys.quiesce();
  expect(sys.recv(pid, fd, 2).map((c) => c.status)).toEqual(['ok', 'ok']);
  expect(cached(sys)).toEqual(['atc:1:40000', 'atc:1:41000', 'iotlb:1:40000', 'iotlb:1:41000']);
  return { sys, pid };
}

describe('memory invalidations', () => {
  it("fork drops the translations of the parent's writable areas and keeps those of its read-only ones", () => {
    const { sys, pid } = bothCached('rw', 'r');
    sys.fork(pid);
    expect(cached(sys)).toEqual(['atc:1:41000', 'iotlb:1:41000']);
  });

  it('an mprotect that only adds permissions keeps every translation', () => {
    const { sys, pid } = bothCached('rw', 'r');
    sys.mprotect(pid, B, 0x1000, 'rw');
    expect(cached(sys)).toEqual(['atc:1:40000', 'atc:1:41000', 'iotlb:1:40000', 'iotlb:1:41000']);
  });

  it('an mprotect that removes a permission drops the translations of its range only', () => {
    const { sys, pid } = bothCached('rw', 'rw');
    sys.mprotect(pid, A, 0x1000, 'r');
    expect(cached(sys)).toEqual(['atc:1:41000', 'iotlb:1:41000']);
  });

  it('munmap drops the translations of the unmapped pages and keeps those of the page after them', () => {
    const { sys, pid } = bothCached('rw', 'rw');
    sys.munmap(pid, A, 0x1000);
    expect(cached(sys)).toEqual(['atc:1:41000', 'iotlb:1:41000']);
  });
});
