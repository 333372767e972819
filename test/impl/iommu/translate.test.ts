// The engine's translation order and its DMA audit records. An ats device's ATC answers before the
// IOTLB (a hit leaves the IOTLB alone); an IOTLB hit answers before the walk and fills the ATC with
// the IOTLB entry's own permission; entry index 0 is an entry like any other. The audit names the
// PASID owner and what it maps at that moment: -1 / -1 / '' where no mm owns the PASID or the page
// is absent or swapped (fault-injecting variants make the device reach such frames).

import { describe, expect, it } from 'vitest';
import { openMappedQueue } from '../../support/setup.ts';
import {
  ATC_ENTRIES,
  IOTLB_ENTRIES,
  WarpDriveSystem,
  createSystem,
  type Mm,
  type CacheView,
  type Fd,
  type ImplSystem,
  type InvalidationReason,
  type Pid,
  type SvaConfig,
} from 'warpdrive-sva';

const PS = 64;
/** Page 177 is entry 0 of both the IOTLB and the ATC for PASID 1 (its index is page ^ hash(PASID 1)). */
const X = 177;
/** A page with the same IOTLB (and ATC) index as X. */
const Y = X + IOTLB_ENTRIES;
const config: SvaConfig = {
  pageSize: PS,
  frames: 64,
  vaBits: 16,
  devices: [
    { name: 'ats', ats: true },
    { name: 'plain', ats: false },
  ],
};

/** The cached pages (with perms) of one cache, by name. */
function cached(sys: ImplSystem, which: 'iotlb' | 'atc'): Array<[number, string]> {
  const view = sys.inspect().caches.find((c: CacheView) => c.cache === which);
  return (view?.entries ?? []).map((e) => [e.addr / PS, e.perm]);
}

/** Runs one descriptor on `fd` to completion and checks it completed ok. */
function run(sys: ImplSystem, pid: Pid, fd: Fd, desc: Parameters<ImplSystem['send']>[2][number]): void {
  sys.send(pid, fd, [desc]);
  sys.quiesce();
  expect(sys.recv(pid, fd)[0]?.status).toBe('ok');
}

describe('translation order', () => {
  it('X is entry 0 of both caches (the premise of the tests below)', () => {
    expect(IOTLB_ENTRIES % ATC_ENTRIES).toBe(0);
    const sys = createSystem(config);
    const pid = sys.spawn();
    const ats = openMappedQueue(sys, pid, 'ats');
    sys.mmap(pid, X * PS, PS, 'rw');
    run(sys, pid, ats, { op: 'fill', dst: X * PS, len: 4, value: 1, tag: 1 });
    expect(sys.inspect().caches.map((c) => c.entries.length)).toEqual([1, 1]);
  });

  it('an ATC hit does not go to the IOTLB: the IOTLB entry a collision evicted stays evicted', () => {
    const sys = createSystem(config);
    const pid = sys.spawn();
    const ats = openMappedQueue(sys, pid, 'ats');
    const plain = openMappedQueue(sys, pid, 'plain');
    sys.mmap(pid, X * PS, PS, 'rw');
    sys.mmap(pid, Y * PS, PS, 'rw');
    run(sys, pid, ats, { op: 'fill', dst: X * PS, len: 4, value: 1, tag: 1 }); // X in the IOTLB and the ATC
    run(sys, pid, plain, { op: 'fill', dst: Y * PS, len: 4, value: 2, tag: 2 }); // Y evicts X from the IOTLB only
    expect(cached(sys, 'iotlb')).toEqual([[Y, 'rw']]);
    run(sys, pid, ats, { op: 'fill', dst: X * PS, len: 4, value: 3, tag: 3 }); // answered by the ATC
    expect(cached(sys, 'iotlb')).toEqual([[Y, 'rw']]);
    expect(cached(sys, 'atc')).toEqual([[X, 'rw']]);
    expect(sys.read(pid, X * PS, 4)).toEqual(new Uint8Array(4).fill(3));
  });

  it("an IOTLB hit is used as cached: the ATC gets the IOTLB entry's permission, not a fresh walk's", () => {
    const sys = createSystem(config);
    const pid = sys.spawn();
    const ats = openMappedQueue(sys, pid, 'ats');
    const plain = openMappedQueue(sys, pid, 'plain');
    sys.mmap(pid, X * PS, PS, 'rw');
    sys.write(pid, X * PS, new Uint8Array([1, 2, 3, 4]));
    const child = sys.fork(pid); // X is COW-shared: effectively read-only
    run(sys, pid, plain, { op: 'crc32', src: X * PS, len: 4, tag: 1 }); // the IOTLB caches X as 'r'
    sys.exit(child); // X is private again (rw); the narrower 'r' entry stays valid
    expect(cached(sys, 'iotlb')).toEqual([[X, 'r']]);
    run(sys, pid, ats, { op: 'crc32', src: X * PS, len: 4, tag: 2 });
    expect(cached(sys, 'iotlb')).toEqual([[X, 'r']]);
    expect(cached(sys, 'atc')).toEqual([[X, 'r']]);
  });
});

/** A variant whose mmu notifier skips one reason, so the device keeps a stale translation. */
class SkipsInvalidation extends WarpDriveSystem {
  skipped: InvalidationReason | undefined;

  protected override invalidateTranslations(mm: Mm, first: number, pages: number, reason: InvalidationReason): void {
    if (reason !== this.skipped) super.invalidateTranslations(mm, first, pages, reason);
  }

  /** Gives the mm's PASID back to the allocator while its slots stay `sva` (a use-after-free). */
  freePasidOf(pid: Pid): void {
    const pasid = this.pasidOf(pid);
    if (pasid !== undefined) this.iommu.pasids.free(pasid);
  }
}

/** A process with page X present and cached (after one DMA read), and its `plain` queue. */
function warmed(): { sys: SkipsInvalidation; pid: Pid; fd: Fd } {
  const sys = new SkipsInvalidation(config);
  const pid = sys.spawn();
  const fd = openMappedQueue(sys, pid, 'plain');
  sys.mmap(pid, X * PS, PS, 'rw');
  sys.write(pid, X * PS, new Uint8Array([1, 2, 3, 4]));
  run(sys, pid, fd, { op: 'crc32', src: X * PS, len: 4, tag: 1 });
  return { sys, pid, fd };
}

/** The audit records of one crc32 over the first 4 bytes of X. */
function auditedRead(sys: ImplSystem, pid: Pid, fd: Fd): ReturnType<ImplSystem['inspect']>['dmaAudit'] {
  sys.setDmaAudit(true);
  run(sys, pid, fd, { op: 'crc32', src: X * PS, len: 4, tag: 2 });
  return sys.inspect().dmaAudit;
}

describe('DMA audit records', () => {
  it("a read through a stale entry of a swapped page records the page as not mapped: frame -1, permission ''", () => {
    const { sys, pid, fd } = warmed();
    sys.skipped = 'reclaim';
    sys.reclaim(pid, X * PS);
    expect(auditedRead(sys, pid, fd)).toEqual([
      {
        mode: 'sva',
        device: 'plain',
        queue: 0,
        pasid: 1,
        addr: X * PS,
        length: 4,
        access: 'r',
        frame: 0,
        owner: pid,
        mappedFrame: -1,
        mappedPerm: '',
      },
    ]);
  });

  it("a read through a stale entry of an unmapped page records frame -1, permission ''", () => {
    const { sys, pid, fd } = warmed();
    sys.skipped = 'munmap';
    sys.munmap(pid, X * PS, PS);
    expect(auditedRead(sys, pid, fd)).toMatchObject([{ frame: 0, owner: pid, mappedFrame: -1, mappedPerm: '' }]);
  });

  it('DMA with a PASID no mm owns records owner -1 and nothing mapped', () => {
    const { sys, pid, fd } = warmed();
    sys.freePasidOf(pid);
    expect(auditedRead(sys, pid, fd)).toMatchObject([
      { pasid: 1, frame: 0, owner: -1, mappedFrame: -1, mappedPerm: '' },
    ]);
  });

  it('a clean read records the owner and its mapping', () => {
    const { sys, pid, fd } = warmed();
    expect(auditedRead(sys, pid, fd)).toMatchObject([{ frame: 0, owner: pid, mappedFrame: 0, mappedPerm: 'rw' }]);
  });
});
