// I1-I3 each catch a deliberately corrupted impl: a variant that skips one invalidation (I1), a
// variant whose migration leaves the device a stale frame (I2), rings that forget the phase flip
// or allow depth outstanding (I3), and hand-corrupted inspection data. A clean workload passes all.

import { describe, expect, it } from 'vitest';
import { pattern, processWithQueue } from '../support/impl-queue.ts';
import {
  QueueRings,
  WarpDriveSystem,
  createSystem,
  type Mm,
  type ImplInspection,
  type InvalidationReason,
} from 'warpdrive-sva';
import { checkCoherence, checkImplInvariants, checkIsolation, checkRingEncoding } from 'warpdrive-sva/invariants';

/** A variant that skips the mmu-notifier invalidation for one reason. */
function skippingInvalidation(skipped: InvalidationReason): WarpDriveSystem {
  return new (class extends WarpDriveSystem {
    protected override invalidateTranslations(mm: Mm, first: number, pages: number, reason: InvalidationReason): void {
      if (reason !== skipped) super.invalidateTranslations(mm, first, pages, reason);
    }
  })({ frames: 64 });
}

/** A process whose queue has copied page 0x10000 to page 0x11000, so both are cached. */
function warmed(sys: WarpDriveSystem | ReturnType<typeof createSystem>): { pid: number; fd: number } {
  const { pid, fd } = processWithQueue(sys);
  sys.mmap(pid, 0x10000, 0x2000, 'rw');
  sys.write(pid, 0x10000, pattern(0x2000));
  sys.send(pid, fd, [{ op: 'copy', src: 0x10000, dst: 0x11000, len: 64, tag: 1 }]);
  sys.quiesce();
  sys.recv(pid, fd);
  return { pid, fd };
}

describe('I1 coherence', () => {
  it('holds on a clean impl through munmap, mprotect, fork, reclaim and migrate', () => {
    const sys = createSystem({ frames: 64 });
    const { pid } = warmed(sys);
    sys.mprotect(pid, 0x10000, 0x1000, 'r');
    sys.fork(pid);
    sys.migrate(pid, 0x11000);
    sys.reclaim(pid, 0x11000);
    sys.munmap(pid, 0x10000, 0x1000);
    expect(checkCoherence(sys.inspect())).toBeUndefined();
  });

  it('catches an IOTLB/ATC entry left behind by munmap (SPEC §9 bug 1), naming PASID and page', () => {
    const sys = skippingInvalidation('munmap');
    const { pid } = warmed(sys);
    expect(checkCoherence(sys.inspect())).toBeUndefined();
    sys.munmap(pid, 0x11000, 0x1000);
    const v = checkCoherence(sys.inspect());
    expect(v?.invariant).toBe('I1');
    expect(v?.detail).toMatch(/PASID 1, page 0x11000.*no present page/);
  });

  it('catches a writable entry kept across mprotect to r (SPEC §9 bug 5)', () => {
    const sys = skippingInvalidation('mprotect');
    const { pid } = warmed(sys);
    sys.mprotect(pid, 0x11000, 0x1000, 'r');
    expect(checkCoherence(sys.inspect())?.detail).toMatch(/page 0x11000.*'rw'.*wider than mm 1's permission 'r'/);
  });

  it('catches hand-corrupted data: a cached frame that is not the mapped one, an entry without a slot', () => {
    const sys = createSystem({ frames: 64 });
    warmed(sys);
    const real = sys.inspect();
    const [iotlb, ...rest] = real.caches;
    const wrongFrame: ImplInspection = {
      ...real,
      caches: [{ ...iotlb, entries: iotlb.entries.map((e) => ({ ...e, frame: e.frame + 5 })) }, ...rest],
    };
    expect(checkCoherence(wrongFrame)?.detail).toMatch(
      /IOTLB entry \(PASID 1, page 0x1[01]000\) → frame \d+ 'rw', but mm 1 maps that page to frame \d+/,
    );
    expect(checkCoherence({ ...real, slots: [] })?.detail).toMatch(/has no sva slot/);
  });
});

describe('I2 isolation', () => {
  it('holds for every DMA byte of a clean workload, and the audit records only while enabled', () => {
    const sys = createSystem({ frames: 64 });
    const { pid, fd } = warmed(sys); // audit off: nothing recorded
    expect(sys.inspect().dmaAudit).toEqual([]);
    sys.setDmaAudit(true);
    sys.fork(pid);
    sys.send(pid, fd, [
      { op: 'copy', src: 0x10000, dst: 0x11000, len: 0x1000, tag: 2 },
      { op: 'fill', dst: 0x11800, len: 16, value: 1, tag: 3 },
    ]);
    sys.quiesce();
    const audit = sys.inspect().dmaAudit;
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(checkIsolation(sys.inspect())).toBeUndefined();
    sys.clearDmaAudit();
    expect(sys.inspect().dmaAudit).toEqual([]);
  });

  it('catches a device reading a frame migration freed (SPEC §9 bug 7), naming queue, PASID and frames', () => {
    const sys = skippingInvalidation('migrate');
    const { pid, fd } = warmed(sys);
    sys.setDmaAudit(true);
    sys.migrate(pid, 0x10000);
    sys.send(pid, fd, [{ op: 'copy', src: 0x10000, dst: 0x11000, len: 8, tag: 2 }]);
    sys.quiesce();
    const v = checkIsolation(sys.inspect());
    expect(v?.invariant).toBe('I2');
    expect(v?.detail).toMatch(
      /dummy-0 queue 0 read 8 bytes at 0x10000 for PASID 1 in frame \d+, but mm 1 maps that page to frame \d+/,
    );
  });

  it('catches a write through a permission the mm no longer grants (hand-corrupted record)', () => {
    const sys = createSystem({ frames: 64 });
    const { fd, pid } = warmed(sys);
    sys.setDmaAudit(true);
    sys.send(pid, fd, [{ op: 'fill', dst: 0x11000, len: 8, value: 9, tag: 2 }]);
    sys.quiesce();
    const real = sys.inspect();
    const corrupted: ImplInspection = { ...real, dmaAudit: real.dmaAudit.map((r) => ({ ...r, mappedPerm: 'r' })) };
    expect(checkIsolation(corrupted)?.detail).toMatch(/wrote 8 bytes at 0x11000 .* permission there is only 'r'/);
  });
});

describe('I3 ring encoding', () => {
  const ringConfig = { devices: [{ name: 'dummy-0', ringDepth: 4 }] };

  /** Three laps of three zero-length descriptors; the first I3 violation seen, if any. */
  function laps(sys: ReturnType<typeof createSystem>): ReturnType<typeof checkRingEncoding> {
    const { pid, fd } = processWithQueue(sys);
    for (let lap = 0; lap < 3; lap++) {
      sys.send(
        pid,
        fd,
        [0, 1, 2].map((k) => ({ op: 'fill' as const, dst: 0, len: 0, value: 0, tag: k })),
      );
      sys.quiesce();
      const v = checkRingEncoding(sys.inspect());
      if (v !== undefined) return v;
      sys.recv(pid, fd, 3);
    }
    return undefined;
  }

  it('holds through several laps of a clean ring', () => {
    const sys = createSystem(ringConfig);
    expect(laps(sys)).toBeUndefined();
    expect(checkImplInvariants(sys)).toEqual([]);
  });

  it('catches a CQ whose phase bit does not flip on wrap (SPEC §9 bug 16)', () => {
    class NoPhaseFlip extends QueueRings {
      override complete(status: number, done: number, result: number, faultAddr: number): void {
        const before = this.producerPhase;
        super.complete(status, done, result, faultAddr);
        this.producerPhase = before;
      }
    }
    const sys = createSystem(ringConfig, { components: { queueRings: (depth) => new NoPhaseFlip(depth) } });
    const v = laps(sys);
    expect(v?.invariant).toBe('I3');
    expect(v?.detail).toMatch(/queue 0 \(dummy-0, started\): unread CQE in slot 0 has phase 1, the driver expects 0/);
  });

  it('catches a ring that lets depth descriptors be outstanding (SPEC §9 bug 16)', () => {
    class OneTooMany extends QueueRings {
      override freeSlots(): number {
        return this.depth - this.used;
      }
    }
    const sys = createSystem(ringConfig, { components: { queueRings: (depth) => new OneTooMany(depth) } });
    const { pid, fd } = processWithQueue(sys);
    sys.send(
      pid,
      fd,
      [0, 1, 2, 3].map((k) => ({ op: 'fill' as const, dst: 0, len: 0, value: 0, tag: k })),
    );
    const v = checkRingEncoding(sys.inspect());
    expect(v?.invariant).toBe('I3');
    expect(v?.detail).toMatch(/queue 0 .*used count 4 exceeds ring depth 4 - 1/);
  });

  it('catches hand-corrupted registers', () => {
    const sys = createSystem(ringConfig);
    const { pid, fd } = processWithQueue(sys);
    sys.send(pid, fd, [{ op: 'fill', dst: 0, len: 0, value: 0, tag: 1 }]);
    const real = sys.inspect();
    expect(checkRingEncoding(real)).toBeUndefined();
    expect(checkRingEncoding({ ...real, rings: [{ ...real.rings[0], sqTail: 2 }] })?.detail).toMatch(
      /SQ head 0 \/ tail 2 hold 2 descriptors, but 1 are pending/,
    );
    sys.quiesce();
    const done = sys.inspect();
    expect(checkRingEncoding({ ...done, rings: [{ ...done.rings[0], cqPhases: [0, 0, 0, 0] }] })?.detail).toMatch(
      /unread CQE in slot 0 has phase 0, the driver expects 1/,
    );
  });
});
