// SPEC §5 / §S-8 page-request groups at their edges: a group is as many requests as the chunk has
// faulting accesses — a request for page 0 (address 0 is never mapped) counts like any other — it is
// queued only if it fits entirely in the PRQ (else overflow and an immediate SUCCESS), and a source
// and destination request of one chunk form one group (the destination is the one flagged last).

import { describe, expect, it } from 'vitest';
import { factories } from '../../support/factories.ts';
import { DATA, PAGE, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';
import type { Descriptor, SvaSystem } from 'warpdrive-sva/interface';

/** Two started queues of one process on `acc` (hardware queues 0 and 1), its data pages untouched. */
function twoQueues(sys: SvaSystem) {
  const first = setupQueue(sys);
  const second = setupQueue(sys, { pid: first.pid });
  return { pid: first.pid, first: first.fd, second: second.fd };
}

/** Queues `a` on the first queue and `b` on the second, and lets each fault once (hardware queue order). */
function faultBoth(sys: SvaSystem, a: Descriptor, b: Descriptor): void {
  const { pid, first, second } = twoQueues(sys);
  sys.send(pid, first, [a]);
  sys.send(pid, second, [b]);
  expect(sys.deviceStep('acc')).toBe(true);
  expect(sys.deviceStep('acc')).toBe(true);
}

describe.each(factories)('page-request groups at the edges — $name', ({ create }) => {
  it('a source request for page 0 counts: a two-request group does not fit one free slot (overflow, not queued)', () => {
    const sys = create(smallWith({ prqDepth: 2 }));
    faultBoth(
      sys,
      { op: 'fill', dst: DATA, len: 8, value: 1, tag: 1 },
      { op: 'copy', src: 0, dst: DATA + 2 * PAGE, len: 8, tag: 2 },
    );
    const snap = sys.snapshot();
    expect(snap.pageRequests.map((g) => g.requests)).toEqual([[{ addr: DATA, access: 'w' }]]);
    expect(snap.prqOverflow).toBe(true);
  });

  it('a destination request for page 0 counts: a one-request group does not fit a full PRQ', () => {
    const sys = create(smallWith({ prqDepth: 2 }));
    faultBoth(
      sys,
      { op: 'copy', src: DATA, dst: DATA + 2 * PAGE, len: 8, tag: 1 },
      { op: 'fill', dst: 0, len: 8, value: 1, tag: 2 },
    );
    const snap = sys.snapshot();
    expect(snap.pageRequests.map((g) => g.requests)).toEqual([
      [
        { addr: DATA, access: 'r' },
        { addr: DATA + 2 * PAGE, access: 'w' },
      ],
    ]);
    expect(snap.prqOverflow).toBe(true);
  });

  it('a destination-only group of one request fits the last free slot', () => {
    const sys = create(smallWith({ prqDepth: 2 }));
    faultBoth(
      sys,
      { op: 'fill', dst: DATA, len: 8, value: 1, tag: 1 },
      { op: 'fill', dst: DATA + 2 * PAGE, len: 8, value: 1, tag: 2 },
    );
    const snap = sys.snapshot();
    expect(snap.pageRequests.map((g) => [g.prg, g.requests])).toEqual([
      [0, [{ addr: DATA, access: 'w' }]],
      [1, [{ addr: DATA + 2 * PAGE, access: 'w' }]],
    ]);
    expect(snap.prqOverflow).toBe(false);
  });

  it('a source-only group of one request fits the last free slot', () => {
    const sys = create(smallWith({ prqDepth: 2 }));
    faultBoth(
      sys,
      { op: 'fill', dst: DATA, len: 8, value: 1, tag: 1 },
      { op: 'crc32', src: DATA + 2 * PAGE, len: 8, tag: 2 },
    );
    const snap = sys.snapshot();
    expect(snap.pageRequests.map((g) => [g.prg, g.requests])).toEqual([
      [0, [{ addr: DATA, access: 'w' }]],
      [1, [{ addr: DATA + 2 * PAGE, access: 'r' }]],
    ]);
    expect(snap.prqOverflow).toBe(false);
  });

  it('a source request and a destination request for page 0 form one group, answered once', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    sys.send(pid, fd, [{ op: 'copy', src: DATA + 5, dst: 3, len: 8, tag: 1 }]);
    expect(sys.deviceStep('acc')).toBe(true);
    expect(sys.snapshot().pageRequests).toEqual([
      {
        device: 'acc',
        pasid: 1,
        prg: 0,
        requests: [
          { addr: DATA, access: 'r' },
          { addr: 0, access: 'w' },
        ],
      },
    ]);
    expect(sys.handleFaults()).toBe(1);
    expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: DATA + 5 }]);
  });
});
