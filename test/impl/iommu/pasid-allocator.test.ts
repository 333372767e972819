// The PASID bitmap's own contract (impl/iommu/pasid-allocator.ts, SPEC §5): lowest free first, PASID
// 0 never, every value of the space once, a freed value reused first; live() ascending by PASID
// whatever the order of allocation and free; and its footprint: the bitmap starts at 4 words and
// doubles only when an allocation reaches its end, so a 20-bit space costs nothing up front.

import { describe, expect, it } from 'vitest';
import { PasidAllocator } from '../../../impl/iommu/pasid-allocator.ts';

/** Words the allocator's bitmap holds now (a private field: its footprint is the design property pinned). */
function bitmapWords(allocator: PasidAllocator): number {
  return (allocator as unknown as { bitmap: Uint32Array }).bitmap.length;
}

describe('PasidAllocator', () => {
  it('hands out every value of a 3-bit space lowest first, never 0, then 0 for exhausted', () => {
    const a = new PasidAllocator(3);
    expect(Array.from({ length: 8 }, (_, mm) => a.allocate(mm + 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
  });

  it('reuses the lowest freed value first, also below a full word', () => {
    const a = new PasidAllocator(8);
    for (let i = 1; i <= 70; i++) expect(a.allocate(i)).toBe(i);
    a.free(40);
    a.free(5);
    expect(a.allocate(100)).toBe(5);
    expect(a.allocate(101)).toBe(40);
    expect(a.allocate(102)).toBe(71);
    expect(a.ownerOf(5)).toBe(100);
  });

  it('live() lists the live PASIDs ascending even when a low value was reallocated last', () => {
    const a = new PasidAllocator(4);
    a.allocate(11); // 1
    a.allocate(12); // 2
    a.allocate(13); // 3
    a.free(1);
    a.free(2);
    a.allocate(14); // 1 again
    a.allocate(15); // 2 again
    expect(a.live()).toEqual([
      { pasid: 1, mm: 14 },
      { pasid: 2, mm: 15 },
      { pasid: 3, mm: 13 },
    ]);
  });

  it('a 20-bit space starts with a 4-word bitmap, however large the space', () => {
    const a = new PasidAllocator(20);
    expect(bitmapWords(a)).toBe(4);
    for (let i = 1; i < 128; i++) a.allocate(i);
    expect(bitmapWords(a)).toBe(4);
  });

  it('the bitmap doubles when an allocation reaches its end, not to the full space', () => {
    const a = new PasidAllocator(20);
    for (let i = 1; i <= 128; i++) expect(a.allocate(i)).toBe(i);
    expect(bitmapWords(a)).toBe(8);
    for (let i = 129; i <= 256; i++) expect(a.allocate(i)).toBe(i);
    expect(bitmapWords(a)).toBe(16);
  });

  it('a space smaller than 4 words never grows past its own size', () => {
    const a = new PasidAllocator(6); // 64 values: 2 words
    expect(bitmapWords(a)).toBe(2);
    for (let i = 1; i < 64; i++) expect(a.allocate(i)).toBe(i);
    expect(a.allocate(64)).toBe(0);
    expect(bitmapWords(a)).toBe(2);
  });
});
