// The page-request ring's own contract (impl/iommu/page-request-queue.ts, SPEC §5, §S-8): take()
// returns exactly the oldest group; discard() returns only the groups it selects and keeps the others
// whole and in order; the overflow flag clears only when the queue becomes empty; a trailing run of
// requests without the `last` flag still counts as one group (never read past, never lost).

import { describe, expect, it } from 'vitest';
import { PageRequestQueue } from '../../../impl/iommu/page-request-queue.ts';
import type { PageRequestGroup } from 'warpdrive-sva';

/** Queues a whole group: one request per address, the last one flagged. */
function pushGroup(q: PageRequestQueue, g: PageRequestGroup): void {
  g.requests.forEach((r, k) => q.push(g.device, g.pasid, g.prg, r.addr, r.access, k === g.requests.length - 1));
}

const A: PageRequestGroup = {
  device: 0,
  pasid: 1,
  prg: 0,
  requests: [
    { addr: 0x1000, access: 'r' },
    { addr: 0x2000, access: 'w' },
  ],
};
const B: PageRequestGroup = {
  device: 1,
  pasid: 2,
  prg: 0,
  requests: [
    { addr: 0x3000, access: 'r' },
    { addr: 0x4000, access: 'w' },
  ],
};
const C: PageRequestGroup = { device: 0, pasid: 1, prg: 1, requests: [{ addr: 0x5000, access: 'w' }] };
const D: PageRequestGroup = {
  device: 0,
  pasid: 3,
  prg: 2,
  requests: [
    { addr: 0x6000, access: 'r' },
    { addr: 0x7000, access: 'w' },
  ],
};

/** A queue of `capacity` holding the groups, in order. */
function queueOf(capacity: number, ...groups: PageRequestGroup[]): PageRequestQueue {
  const q = new PageRequestQueue(capacity);
  for (const g of groups) pushGroup(q, g);
  return q;
}

describe('PageRequestQueue', () => {
  it('take returns the oldest group only, then the next, FIFO', () => {
    const q = queueOf(8, A, C, B);
    expect(q.take()).toEqual(A);
    expect(q.length).toBe(3);
    expect(q.take()).toEqual(C);
    expect(q.take()).toEqual(B);
    expect(q.take()).toBeUndefined();
  });

  it('take clears the overflow flag only when it empties the queue', () => {
    const q = queueOf(4, A, C);
    q.overflow = true;
    q.take();
    expect(q.overflow).toBe(true);
    q.take();
    expect(q.length).toBe(0);
    expect(q.overflow).toBe(false);
  });

  it('discard returns only the selected groups and keeps the others whole, in order', () => {
    const q = queueOf(8, A, B, C, D);
    const removed = q.discard((device) => device === 1);
    expect(removed).toEqual([B]);
    expect(q.length).toBe(5);
    expect(q.groups()).toEqual([A, C, D]);
    // the kept groups are still separate groups for take()
    expect([q.take(), q.take(), q.take(), q.take()]).toEqual([A, C, D, undefined]);
  });

  it('discard by device and PASID keeps the device’s groups of other PASIDs', () => {
    const q = queueOf(8, A, D, C);
    expect(q.discard((device, pasid) => device === 0 && pasid === 1)).toEqual([A, C]);
    expect(q.groups()).toEqual([D]);
  });

  it('discard keeps the overflow flag while groups remain and clears it when the queue empties', () => {
    const q = queueOf(6, A, B, C);
    q.overflow = true;
    q.discard((device) => device === 1);
    expect(q.overflow).toBe(true);
    expect(q.discard(() => false)).toEqual([]);
    expect(q.overflow).toBe(true);
    q.discard((device) => device === 0);
    expect(q.length).toBe(0);
    expect(q.overflow).toBe(false);
  });

  it('a discard that removes nothing changes nothing, not even the overflow flag of an empty queue', () => {
    const q = new PageRequestQueue(4);
    q.overflow = true;
    expect(q.discard(() => true)).toEqual([]);
    expect(q.overflow).toBe(true);
  });

  it('kept groups survive a discard across the ring’s wrap-around', () => {
    const q = queueOf(4, A);
    q.take(); // head now at 2: the next two groups wrap
    pushGroup(q, B);
    pushGroup(q, C);
    expect(q.discard((device) => device === 1)).toEqual([B]);
    expect(q.groups()).toEqual([C]);
    expect(q.take()).toEqual(C);
  });

  it('a trailing run without the `last` flag is one group for groups() and take(), and take stops at the end', () => {
    const q = queueOf(8, C);
    q.push(0, 4, 3, 0x8000, 'r', false);
    q.push(0, 4, 3, 0x9000, 'w', false);
    const tail: PageRequestGroup = {
      device: 0,
      pasid: 4,
      prg: 3,
      requests: [
        { addr: 0x8000, access: 'r' },
        { addr: 0x9000, access: 'w' },
      ],
    };
    expect(q.groups()).toEqual([C, tail]);
    expect(q.take()).toEqual(C);
    expect(q.take()).toEqual(tail);
    expect(q.length).toBe(0);
    expect(q.take()).toBeUndefined();
  });
});
