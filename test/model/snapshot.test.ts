// The model's snapshot (§S-11): canonical orders, optional keys absent (not undefined) when they do
// not apply, page bytes only on request, and fresh objects the caller cannot use to reach the state.

import { describe, expect, it } from 'vitest';
import { createModel } from 'warpdrive-sva/model';

const PAGE = 64;

describe('model snapshot', () => {
  it('of a fresh system lists every frame free and every device idle', () => {
    const sys = createModel({ pageSize: PAGE, frames: 4, vaBits: 12, pasidBits: 3, prqDepth: 4 });
    expect(sys.snapshot()).toStrictEqual({
      nextPid: 1,
      processes: [],
      mms: [],
      frames: { total: 4, free: [0, 1, 2, 3], refs: [], pins: [] },
      devices: [
        {
          name: 'dummy-0',
          mode: 'sva',
          removed: false,
          availableInstances: 4,
          slots: [],
          bonds: [],
          lastServed: -1,
          events: [],
          lost: 0,
          nextEventSeq: 0,
        },
      ],
      queues: [],
      pageRequests: [],
      prqOverflow: false,
      faultQueues: [],
      vms: [],
    });
  });

  it('leaves optional keys out and lists pages ascending, with bytes only on request', () => {
    const sys = createModel({ pageSize: PAGE, frames: 4, vaBits: 12, pasidBits: 3, prqDepth: 4 });
    const pid = sys.spawn();
    sys.mmap(pid, PAGE, 4 * PAGE, 'rw');
    sys.write(pid, 3 * PAGE, new Uint8Array([3]));
    sys.write(pid, PAGE, new Uint8Array([1]));
    sys.reclaim(pid, 3 * PAGE);
    const fd = sys.open(pid, 'dummy-0');
    const snap = sys.snapshot();
    expect(snap.mms).toStrictEqual([
      {
        id: pid,
        pasid: 1,
        exited: false,
        vmas: [{ start: PAGE, end: 5 * PAGE, prot: 'rw' }],
        pages: [
          { addr: PAGE, state: 'present', frame: expect.any(Number) as number },
          { addr: 3 * PAGE, state: 'swapped' },
        ],
      },
    ]);
    expect(snap.processes).toStrictEqual([{ pid, fds: [{ fd, queue: 0 }] }]);
    expect(snap.queues).toStrictEqual([
      { id: 0, device: 'dummy-0', mm: pid, state: 'init', hwQueue: 0, regions: {}, pending: [], completions: [] },
    ]);
    const withBytes = sys.snapshot({ contents: true }).mms[0].pages;
    expect(withBytes[0].bytes?.[0]).toBe(1);
    expect(withBytes[1].bytes?.[0]).toBe(3);
    withBytes[0].bytes?.fill(9); // a snapshot is a copy
    expect(sys.read(pid, PAGE, 1)).toEqual(new Uint8Array([1]));
  });
});
