// The value types of user-space fault queues (SPEC §12, §17 R7-R11): fault-queue ids, the records
// `readFaults` returns, the responses `respondFaults` takes, and a route target.

import type { Access, DeviceName, Pasid } from './types.ts';

/** A fault queue: ≥ 1, never reused (SPEC §12). */
export type FaultQueueId = number;

/** Where a slot's page requests go: a fault queue, or back to the kernel's `handleFaults`. */
export type FaultRouteTarget = FaultQueueId | 'kernel';

/** The answer a user gives a delivered group. */
export type FaultResponseCode = 'success' | 'invalid';

/**
 * One record of `readFaults`: one page request of a delivered group. Every record of a group has
 * the group's cookie; `last` only on the group's last record (R11); `addr` is page-aligned.
 */
export interface FaultRecord {
  readonly cookie: number;
  readonly device: DeviceName;
  readonly pasid: Pasid;
  readonly prg: number;
  readonly addr: number;
  readonly access: Access;
  readonly last: boolean;
}

/** One entry of `respondFaults`: answers the delivered group `cookie` with `code`. */
export interface FaultResponse {
  readonly cookie: number;
  readonly code: FaultResponseCode;
}
