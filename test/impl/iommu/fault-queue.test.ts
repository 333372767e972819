// The impl's fault-queue record (impl/iommu/fault-queue.ts): FIFO delivery through a ring that
// grows past its first size, lowest-free cookies from the bitmap past one word, removal keeping the
// others in order and freeing cookies, and stale cookies not found.

import { describe, expect, it } from 'vitest';
import { FaultQueue } from '../../../impl/iommu/fault-queue.ts';
import type { PageRequestGroup } from '../../../impl/iommu/page-request-queue.ts';

const group = (prg: number, pasid = 1): PageRequestGroup => ({
  device: 0,
  pasid,
  prg,
  requests: [{ addr: prg * 64, access: 'r' }],
});

describe('FaultQueue', () => {
  it('delivers FIFO through ring growth, cookies 1, 2, 3 …', () => {
    const fq = new FaultQueue(1, 1);
    for (let prg = 0; prg < 20; prg++) fq.push(group(prg));
    expect(fq.undeliveredCount).toBe(20);
    const cookies: number[] = [];
    const prgs: number[] = [];
    while (fq.peek() !== undefined) {
      prgs.push((fq.peek() as PageRequestGroup).prg);
      cookies.push(fq.deliverHead());
    }
    expect(prgs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(cookies).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(fq.deliveredCount).toBe(20);
  });

  it('hands out the lowest free cookie past the first bitmap word, and reuses freed ones lowest first', () => {
    const fq = new FaultQueue(1, 1);
    for (let prg = 0; prg < 70; prg++) {
      fq.push(group(prg));
      fq.deliverHead();
    }
    expect(fq.highestCookie).toBe(70);
    fq.takeDelivered(40);
    fq.takeDelivered(5);
    fq.takeDelivered(64);
    expect(fq.deliveredGroup(5)).toBeUndefined();
    expect(fq.deliveredGroup(6)?.prg).toBe(5);
    for (const want of [5, 40, 64, 71]) {
      fq.push(group(100 + want));
      expect(fq.deliverHead()).toBe(want);
    }
    expect(fq.deliveredGroup(0)).toBeUndefined();
    expect(fq.deliveredGroup(1000)).toBeUndefined();
  });

  it('removeWhere returns delivered (by cookie) then undelivered (FIFO) matches, keeps the rest in order, frees cookies', () => {
    const fq = new FaultQueue(1, 1);
    for (let prg = 0; prg < 6; prg++) fq.push(group(prg, prg % 2 === 0 ? 1 : 2));
    fq.deliverHead(); // prg 0, pasid 1
    fq.deliverHead(); // prg 1, pasid 2
    const removed = fq.removeWhere((g) => g.pasid === 1);
    expect(removed.map((g) => g.prg)).toEqual([0, 2, 4]);
    expect(fq.undeliveredGroups().map((g) => g.prg)).toEqual([3, 5]);
    expect(fq.deliveredGroups().map((d) => [d.cookie, d.group.prg])).toEqual([[2, 1]]);
    expect(fq.deliveredCount).toBe(1);
    expect(fq.deliverHead()).toBe(1);
  });
});
