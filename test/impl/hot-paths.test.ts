// The hot paths allocate nothing (SPEC §10): an IOTLB-hit translation, an ATC-hit translation and a
// served chunk (translate both sides + copyWithin over the frame buffer), 1e5 times each, measured
// with the counting harness; a control loop that allocates shows the harness would notice.

import { describe, expect, it } from 'vitest';
import { WarpDriveSystem, type SvaConfig } from 'warpdrive-sva';
import { allocationFree, measureAllocation } from './allocation-harness.ts';
import { pattern } from './helpers.ts';

const ITERATIONS = 100_000;
const PERM_R = 1;

/** The impl with its protected hot paths callable in a loop. */
class HotPathProbe extends WarpDriveSystem {
  readonly pid: number;
  readonly fd: number;

  constructor(config: SvaConfig) {
    super(config);
    this.pid = this.spawn();
    this.mmap(this.pid, 0x10000, 0x4000, 'rw');
    this.write(this.pid, 0x10000, pattern(0x4000));
    this.fd = this.open(this.pid, 'dummy-0');
    this.mapRegion(this.pid, this.fd, 'mmio');
    this.mapRegion(this.pid, this.fd, 'dus');
    this.startQueue(this.pid, this.fd);
  }

  /** `n` translations of page 0x10000 for read on device 0; returns the sum of frames. */
  translations(n: number): number {
    const mm = this.processTable.get(this.pid)?.mm;
    if (mm === undefined) throw new Error('no mm');
    const page = 0x10000 / this.pageSize;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.translate(0, mm.pasid, mm, page, PERM_R);
    return sum;
  }

  /** Serves the first chunk of the queue's head descriptor `n` times (rewinding its progress). */
  chunks(n: number): void {
    const queue = this.queues.get(0);
    if (queue === undefined) throw new Error('no queue');
    const device = this.devices[0];
    for (let i = 0; i < n; i++) {
      queue.headDone = 0;
      this.serveQueue(device, queue);
    }
  }
}

describe('hot paths allocate nothing', () => {
  it('the harness notices a loop that allocates an object, or a subarray view per chunk', async () => {
    let sink: unknown;
    const objects = await measureAllocation(ITERATIONS, (n) => { for (let i = 0; i < n; i++) sink = { i }; });
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
    expect(probe.inspect().caches).toEqual([{ cache: 'iotlb', entries: [{ pasid: 1, addr: 0x10000, frame, perm: 'rw' }] }]);
    const report = await measureAllocation(ITERATIONS, (n) => { probe.translations(n); });
    expect(report).toSatisfy(allocationFree);
  });

  it('an ATC-hit translation', async () => {
    const probe = new HotPathProbe({});
    probe.translations(1);
    const report = await measureAllocation(ITERATIONS, (n) => { probe.translations(n); });
    expect(report).toSatisfy(allocationFree);
  });

  it('a served copy chunk: both translations and copyWithin over the frame buffer', async () => {
    const probe = new HotPathProbe({});
    probe.send(probe.pid, probe.fd, [{ op: 'copy', src: 0x10000, dst: 0x12000, len: 0x2000, tag: 1 }]);
    probe.chunks(1);
    expect(probe.read(probe.pid, 0x12000, 0x1000)).toEqual(pattern(0x4000).subarray(0, 0x1000));
    const report = await measureAllocation(ITERATIONS, (n) => probe.chunks(n));
    expect(report).toSatisfy(allocationFree);
    expect(probe.snapshot().queues[0].pending).toEqual([{ desc: { op: 'copy', src: 0x10000, dst: 0x12000, len: 0x2000, tag: 1 }, done: 0x1000, crc: 0 }]);
  });
});
