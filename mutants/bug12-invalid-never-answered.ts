// Bug 12 (SPEC §9): a group is answered never — the handler's error path returns without sending
// the INVALID response, so the device waits on that PRG forever.
// Linux analogue: an iopf/PRQ handler error path that skipped the page response (a `goto` past
// iopf_group_response / intel_svm_page_response), leaving the device's PRG outstanding.

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl that never answers a failed group. */
export class InvalidNeverAnswered extends WarpDriveSystem {
  protected override respond(device: Device, prg: number, success: boolean, firstAccess: 'r' | 'w'): void {
    // The bug: the failure path returns before the response is sent.
    if (!success) return;
    super.respond(device, prg, success, firstAccess);
  }
}

/** Bug 12 of the zoo. */
export const bug12: ZooBug = {
  id: 12,
  name: 'invalid-never-answered',
  description: 'a group that fails is never answered (INVALID response dropped): the queue waits forever',
  analogue: 'PRQ/iopf handler error path skipping the page response, leaving the PRG outstanding',
  create: (config) => new InvalidNeverAnswered(config),
};
