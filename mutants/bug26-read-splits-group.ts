// Bug 26 (SPEC §12): a read returns part of a group when the buffer is short — the head group is
// delivered with only the records that fit, the rest never reach the user.
// Linux analogue: iommufd_fault_fops_read() copying fault records up to the user's count without
// first checking that the whole group fits (the fix checks group size against the remaining room).

import { WarpDriveSystem } from '../impl/index.ts';
import type { FaultRecord } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose reads split groups. */
export class ReadSplitsGroup extends WarpDriveSystem {
  override readFaults(fq: number, maxRecords: number = Infinity): FaultRecord[] {
    const queue = this.liveFaultQueue(fq);
    const bad = maxRecords !== Infinity && (!Number.isSafeInteger(maxRecords) || maxRecords < 0);
    if (bad) return super.readFaults(fq, maxRecords);
    const out: FaultRecord[] = [];
    for (let head = queue.peek(); head !== undefined && out.length < maxRecords; head = queue.peek()) {
      const cookie = queue.deliverHead();
      const records: FaultRecord[] = [];
      this.pushRecords(records, cookie, head);
      out.push(...records.slice(0, maxRecords - out.length)); // the bug: no whole-group check
    }
    return out;
  }
}

/** Bug 26 of the zoo. */
export const bug26: ZooBug = {
  id: 26,
  name: 'read-splits-group',
  description: 'readFaults returns part of a group when the buffer is short (the rest is lost to the user)',
  analogue: 'iommufd fault read copying records up to the count without the whole-group check',
  create: (config) => new ReadSplitsGroup(config),
};
