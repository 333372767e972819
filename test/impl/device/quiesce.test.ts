// quiesce's fast path (a lone active queue served in bursts, contiguous chunks merged into one
// copyWithin/fill) must equal the plain §S-9 loop of handleFaults + one deviceStep per device:
// same rounds, same bytes, same state — including overlapping copies, where merging would differ.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pattern, processWithQueue } from '../../support/impl-queue.ts';
import { createSystem, type Descriptor, type ImplSystem, type SvaConfig } from 'warpdrive-sva';

/** The §S-9 quiesce loop, written out over the public steps. */
function plainQuiesce(sys: ImplSystem): number {
  let rounds = 0;
  let moved: boolean;
  do {
    rounds++;
    moved = sys.handleFaults() > 0;
    for (const d of sys.config.devices) if (!sys.deviceInfo(d.name).removed) moved = sys.deviceStep(d.name) || moved;
  } while (moved);
  return rounds;
}

const config: SvaConfig = { pageSize: 64, frames: 64, vaBits: 16, devices: [{ name: 'dummy-0', maxLen: 1024 }] };

/** A system with 16 pages at 0x1000, the first 8 written (so some frames are contiguous), and `descs` sent. */
function prepared(descs: Descriptor[], twoQueues: boolean): { sys: ImplSystem; pid: number; fd: number } {
  const sys = createSystem(config);
  const { pid, fd } = processWithQueue(sys);
  sys.mmap(pid, 0x1000, 0x400, 'rw');
  sys.write(pid, 0x1000, pattern(0x200, 3));
  if (twoQueues) {
    const other = sys.open(pid, 'dummy-0');
    sys.mapRegion(pid, other, 'mmio');
    sys.mapRegion(pid, other, 'dus');
    sys.startQueue(pid, other);
    sys.send(pid, other, [{ op: 'fill', dst: 0x1300, len: 200, value: 9, tag: 99 }]);
  }
  sys.send(pid, fd, descs);
  return { sys, pid, fd };
}

const descriptor: fc.Arbitrary<Descriptor> = fc.oneof(
  fc.record({
    op: fc.constant('copy' as const),
    src: fc.integer({ min: 0x1000, max: 0x1300 }),
    dst: fc.integer({ min: 0x1000, max: 0x1300 }),
    len: fc.integer({ min: 0, max: 300 }),
    tag: fc.nat(9),
  }),
  fc.record({
    op: fc.constant('fill' as const),
    dst: fc.integer({ min: 0x1000, max: 0x1300 }),
    len: fc.integer({ min: 0, max: 300 }),
    value: fc.nat(255),
    tag: fc.nat(9),
  }),
  fc.record({
    op: fc.constant('crc32' as const),
    src: fc.integer({ min: 0x0f00, max: 0x1300 }),
    len: fc.integer({ min: 0, max: 300 }),
    tag: fc.nat(9),
  }),
);

describe('quiesce fast path', () => {
  it('an overlapping forward copy across pages propagates exactly as chunk-by-chunk memmoves', () => {
    const descs: Descriptor[] = [{ op: 'copy', src: 0x1000, dst: 0x1001, len: 0x180, tag: 1 }];
    const fast = prepared(descs, false);
    const slow = prepared(descs, false);
    expect(fast.sys.quiesce()).toBe(plainQuiesce(slow.sys));
    expect(fast.sys.read(fast.pid, 0x1000, 0x200)).toEqual(slow.sys.read(slow.pid, 0x1000, 0x200));
  });

  it('equals the plain loop on random descriptor batches (rounds, completions, state with contents)', () => {
    fc.assert(
      fc.property(fc.array(descriptor, { minLength: 1, maxLength: 5 }), fc.boolean(), (descs, twoQueues) => {
        const fast = prepared(descs, twoQueues);
        const slow = prepared(descs, twoQueues);
        expect(fast.sys.quiesce()).toBe(plainQuiesce(slow.sys));
        expect(fast.sys.recv(fast.pid, fast.fd, 9)).toEqual(slow.sys.recv(slow.pid, slow.fd, 9));
        expect(fast.sys.snapshot({ contents: true })).toEqual(slow.sys.snapshot({ contents: true }));
      }),
      { numRuns: 150 },
    );
  });
});
