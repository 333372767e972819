// The hot paths allocate nothing (SPEC §10): an IOTLB-hit translation, an ATC-hit translation and a
// served chunk (translate both sides + copyWithin over the frame buffer), 1e5 times each, measured
// with the counting harness the bench uses too; a control loop that allocates shows the harness
// would notice.

import { describe, expect, it } from 'vitest';
import { allocationFree, measureAllocation } from '../../bench/allocation-harness.ts';
import { HotPathProbe } from '../../bench/hot-path-probe.ts';

const ITERATIONS = 100_000;

describe('hot paths allocate nothing', () => {
  it('the harness notices a loop that allocates an object, or a subarray view per chunk', async () => {
    let sink: unknown;
    const objects = await measureAllocation(ITERATIONS, (n) => {
      for (let i = 0; i < n; i++) sink = { i };
    });
    expect(allocationFree(objects)).toBe(false);
    const buffer = new Uint8Array(1 << 16);
    const views = await measureAllocation(ITERATIONS, (n) => {
      for (let i = 0; i < n; i++) {
        const view = buffer.subarray(i & 0xff00, (i & 0xff00) + 64);
        buffer.set(view, 128);
        sink = view;
      }
    });
    expect(allocationFree(views)).toBe(false);
    expect(sink).toBeDefined();
  });

  it('an IOTLB-hit translation (device without ATS)', async () => {
    const probe = new HotPathProbe({ devices: [{ name: 'dummy-0', ats: false }] });
    const frame = probe.translations(1);
    expect(probe.inspect().caches).toEqual([
      { cache: 'iotlb', entries: [{ pasid: 1, addr: 0x10000, frame, perm: 'rw' }] },
    ]);
    const report = await measureAllocation(ITERATIONS, (n) => {
      probe.translations(n);
    });
    expect(report).toSatisfy(allocationFree);
  });

  it('an ATC-hit translation', async () => {
    const probe = new HotPathProbe({});
    probe.translations(1);
    const report = await measureAllocation(ITERATIONS, (n) => {
      probe.translations(n);
    });
    expect(report).toSatisfy(allocationFree);
  });

  it('a served copy chunk: both translations and copyWithin over the frame buffer', async () => {
    const probe = new HotPathProbe({});
    probe.queueCopy(0, 0x2000, 0x2000);
    probe.chunks(1);
    expect(probe.bytesAt(0x2000, 0x1000)).toEqual(probe.bytesAt(0, 0x1000));
    const report = await measureAllocation(ITERATIONS, (n) => probe.chunks(n));
    expect(report).toSatisfy(allocationFree);
    expect(probe.snapshot().queues[0].pending).toEqual([
      { desc: { op: 'copy', src: 0x10000, dst: 0x12000, len: 0x2000, tag: 1 }, done: 0x1000, crc: 0 },
    ]);
  });
});
