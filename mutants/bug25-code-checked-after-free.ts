// Bug 25 (SPEC §12): the response code is checked after the cookie is freed — a bad code returns
// EINVAL, but the group has already left the table unanswered: it is lost and its device waits.
// Linux analogue: iommufd_fault_fops_write() erasing the group from the response xarray before
// validating the response code (the fix validates first, then xa_erase).

import { WarpDriveSystem } from '../impl/index.ts';
import type { FaultQueue } from '../impl/iommu/fault-queue.ts';
import type { BadEntry } from '../impl/iommu/fault-queues.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl that consumes the cookie before checking the code. */
export class CodeCheckedAfterFree extends WarpDriveSystem {
  protected override consumeResponse(queue: FaultQueue, entry: unknown): BadEntry {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'malformed';
    const cookie = Object.getOwnPropertyDescriptor(entry, 'cookie')?.value as unknown;
    if (!Number.isSafeInteger(cookie) || queue.deliveredGroup(cookie as number) === undefined) return 'unknown';
    const group = queue.takeDelivered(cookie as number); // the bug: freed before the code is checked
    const code = Object.getOwnPropertyDescriptor(entry, 'code')?.value as unknown;
    if (code !== 'success' && code !== 'invalid') return 'code';
    this.answer(group, code === 'success');
    return undefined;
  }
}

/** Bug 25 of the zoo. */
export const bug25: ZooBug = {
  id: 25,
  name: 'code-checked-after-free',
  description: 'respondFaults frees the cookie before checking the code: a bad code loses the group (the device hangs)',
  analogue: 'iommufd fault write path erasing the response before validating its code',
  create: (config) => new CodeCheckedAfterFree(config),
};
