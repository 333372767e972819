// Bug 17 (SPEC §9): the device writes every completion with status `ok`, so faults, invalid
// descriptors and aborts look like success to user space.
// Linux analogue: a CQE status field not written (or masked) by the driver/device — e.g. a hisi_qm
// sqe status parsed from the wrong bits — so UADK reports errors as done.

import { STATUS_OK } from '../impl/device/queue-rings.ts';
import { QueueRings, createSystem } from '../impl/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** Rings whose completions always carry status ok. */
export class AlwaysOkRings extends QueueRings {
  override complete(_status: number, done: number, result: number, faultAddr: number): void {
    // The bug: the status is never written, so it reads as ok.
    super.complete(STATUS_OK, done, result, faultAddr);
  }
}

/** Bug 17 of the zoo. */
export const bug17: ZooBug = {
  id: 17,
  name: 'status-always-ok',
  description: 'every completion reports status ok (faults, invalid and aborted included)',
  analogue: 'completion status not written / parsed from the wrong bits (hisi_qm sqe status), errors reported as done',
  create: (config) => createSystem(config, { components: { queueRings: (depth) => new AlwaysOkRings(depth) } }),
};
