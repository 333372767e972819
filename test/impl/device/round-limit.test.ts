// The livelock bound of quiesce and drain (impl/system.ts roundLimit) must never stop a correct run:
// it grows with every pending descriptor (its bytes plus one, so zero-length ones count too) and with
// the number of devices, so thousands of rounds of real work complete instead of throwing.

import { describe, expect, it } from 'vitest';
import { processWithQueue } from '../../support/impl-queue.ts';
import { createSystem, type Descriptor, type SvaConfig } from 'warpdrive-sva';

/** Zero-length fills: each completes in one device step and is one unit of work. */
function zeroLengthFills(n: number): Descriptor[] {
  return Array.from({ length: n }, (_, tag) => ({ op: 'fill', dst: 0x1000, len: 0, value: 0, tag }));
}

/** 64 devices (the most a config may have), the first with a ring deep enough for `n` descriptors. */
function manyDevices(n: number): SvaConfig {
  return {
    frames: 16,
    devices: Array.from({ length: 64 }, (_, i) => ({ name: `d${i}`, hwQueues: 1, ringDepth: i === 0 ? 2 * n : 2 })),
  };
}

describe('quiesce/drain round bound', () => {
  it('quiesce serves 2000 zero-length descriptors on one of 64 devices (2000+ rounds) without a livelock error', () => {
    const sys = createSystem(manyDevices(2000));
    const { pid, fd } = processWithQueue(sys, 'd0');
    expect(sys.send(pid, fd, zeroLengthFills(2000))).toBe(2000);
    expect(sys.quiesce()).toBeGreaterThan(2000);
    const done = sys.recv(pid, fd, 5000);
    expect(done).toHaveLength(2000);
    expect(done.every((c) => c.status === 'ok')).toBe(true);
  });

  it('PUT_Q drains 2000 zero-length descriptors (2000 rounds) without a livelock error', () => {
    const sys = createSystem(manyDevices(2000));
    const { pid, fd } = processWithQueue(sys, 'd0');
    sys.send(pid, fd, zeroLengthFills(2000));
    sys.stopQueue(pid, fd);
    expect(sys.queueInfo(pid, fd)).toMatchObject({ state: 'init', outstanding: 2000 });
    expect(sys.recv(pid, fd, 5000)).toHaveLength(2000);
  });

  it('quiesce serves a 1200-page fill (1200 chunks, one per round) without a livelock error', () => {
    const pages = 1200;
    const sys = createSystem({
      pageSize: 64,
      frames: 1300,
      vaBits: 20,
      devices: [{ name: 'dummy-0', maxLen: pages * 64 }],
    });
    const { pid, fd } = processWithQueue(sys);
    sys.mmap(pid, 0x1000, pages * 64, 'rw');
    sys.write(pid, 0x1000, new Uint8Array(pages * 64)); // every page present: no page request
    sys.send(pid, fd, [{ op: 'fill', dst: 0x1000, len: pages * 64, value: 7, tag: 1 }]);
    expect(sys.quiesce()).toBeGreaterThan(pages);
    expect(sys.recv(pid, fd)[0].status).toBe('ok');
    expect(sys.read(pid, 0x1000 + (pages - 1) * 64, 64).every((b) => b === 7)).toBe(true);
  });
});
