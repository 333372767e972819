// Bug 28 (SPEC §12): pollFaults counts delivered-unanswered groups — a user that read everything
// is woken again and again with nothing to read.
// Linux analogue: iommufd_fault_fops_poll() testing "any group in the fault object" instead of
// "the deliver list is not empty".

import { WarpDriveSystem } from '../impl/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose poll reports delivered groups too. */
export class PollCountsDelivered extends WarpDriveSystem {
  override pollFaults(fq: number): boolean {
    const queue = this.liveFaultQueue(fq);
    return queue.undeliveredCount + queue.deliveredCount > 0; // the bug: delivered ones count
  }
}

/** Bug 28 of the zoo. */
export const bug28: ZooBug = {
  id: 28,
  name: 'poll-counts-delivered',
  description: 'pollFaults is true while only delivered-unanswered groups remain',
  analogue: 'iommufd fault poll checking the whole object instead of the deliver list',
  create: (config) => new PollCountsDelivered(config),
};
