// A device's two-level PASID table (impl/iommu/pasid-table.ts, SPEC §5): a slot value is empty (0),
// `sva(mm)` or `abort`; setAbort turns only a non-empty slot into `abort`; slots() reports each
// non-empty slot under its own PASID, also past the first 64-entry leaf and across unused leaves.

import { describe, expect, it } from 'vitest';
import { isSvaSlot, PasidTable, slotMm } from '../../../impl/iommu/pasid-table.ts';

describe('PasidTable', () => {
  it('an empty slot (0) is not `sva`; mm * 4 is `sva(mm)`; mm * 4 + 1 is `abort`', () => {
    expect(isSvaSlot(0)).toBe(false);
    expect(isSvaSlot(7 * 4)).toBe(true);
    expect(isSvaSlot(7 * 4 + 1)).toBe(false);
    expect(slotMm(7 * 4 + 1)).toBe(7);
  });

  it('setAbort on an empty slot leaves it empty; on an `sva` slot keeps its mm', () => {
    const table = new PasidTable();
    table.setAbort(3);
    expect(table.get(3)).toBe(0);
    expect(table.slots()).toEqual([]);
    table.setSva(3, 9);
    table.setAbort(3);
    expect(table.slots()).toEqual([{ pasid: 3, state: 'abort', mm: 9 }]);
  });

  it('slots() reports PASIDs of later leaves under their own value, ascending, skipping unused leaves', () => {
    const table = new PasidTable();
    table.setSva(1000, 4); // leaf 15
    table.setSva(70, 5); // leaf 1
    table.setSva(2, 6); // leaf 0
    table.setAbort(70);
    expect(table.slots()).toEqual([
      { pasid: 2, state: 'sva', mm: 6 },
      { pasid: 70, state: 'abort', mm: 5 },
      { pasid: 1000, state: 'sva', mm: 4 },
    ]);
    expect([table.get(1000), table.get(999), table.get(5000)]).toEqual([16, 0, 0]);
    table.clear(1000);
    table.clear(5000); // a leaf never allocated: nothing to clear
    expect(table.slots().map((s) => s.pasid)).toEqual([2, 70]);
  });
});
