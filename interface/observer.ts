// Notable moments a system may report while it runs, so a campaign can count how deep it got.
// Optional: the model reports them; an impl need not.

import type { MmId, QueueId } from './snapshot.ts';
import type { Access, DeviceName, FaultKind, Pasid, Pid } from './types.ts';

/** One notable moment. @public */
export type SpecEvent =
  /** A page-request group was queued in the PRQ. */
  | {
      readonly kind: 'pageRequest';
      readonly device: DeviceName;
      readonly pasid: Pasid;
      readonly prg: number;
      readonly requests: number;
    }
  /** A group did not fit: overflow flag set, answered SUCCESS at once. */
  | { readonly kind: 'prqOverflow'; readonly device: DeviceName; readonly pasid: Pasid }
  /** A group was answered (by `handleFaults`, drain or unbind). */
  | {
      readonly kind: 'pageResponse';
      readonly device: DeviceName;
      readonly prg: number;
      readonly response: 'success' | 'invalid';
    }
  /** A write broke copy-on-write by copying. */
  | { readonly kind: 'cowBroken'; readonly by: 'cpu' | 'device'; readonly mm: MmId; readonly addr: number }
  /** An mm got a PASID; `reused` when another mm held that value before. */
  | { readonly kind: 'pasidAllocated'; readonly pasid: Pasid; readonly mm: MmId; readonly reused: boolean }
  /** A queue was released; `pending` descriptors were still queued at that moment. */
  | { readonly kind: 'queueReleased'; readonly queue: QueueId; readonly pending: number }
  /** A device was removed; `queuesWithWork` of its queues had pending descriptors. */
  | { readonly kind: 'deviceRemoved'; readonly device: DeviceName; readonly queuesWithWork: number }
  /** A device's translation failed (before any page request or event is made). */
  | {
      readonly kind: 'deviceFault';
      readonly device: DeviceName;
      readonly mm: MmId;
      readonly pasid: Pasid;
      readonly addr: number;
      readonly access: Access;
      readonly fault: FaultKind;
    }
  /** A fault event was dropped because the device's event queue was full. */
  | { readonly kind: 'eventLost'; readonly device: DeviceName }
  /** `handleFaults` moved a group into the fault queue its slot routes to (SPEC §12, R6). */
  | {
      readonly kind: 'faultRouted';
      readonly device: DeviceName;
      readonly pasid: Pasid;
      readonly prg: number;
      readonly queue: number;
    }
  /** `readFaults` took `groups`; `stoppedAtBoundary` when a head group did not fit the room left. */
  | {
      readonly kind: 'faultsRead';
      readonly queue: number;
      readonly groups: number;
      readonly stoppedAtBoundary: boolean;
    }
  /** `readFaults` gave a group a cookie this queue had given before (lowest-free reuse, R11). */
  | { readonly kind: 'cookieReused'; readonly queue: number; readonly cookie: number }
  /** A user answered a delivered group through `respondFaults`. */
  | { readonly kind: 'faultResponded'; readonly queue: number; readonly response: 'success' | 'invalid' }
  /**
   * Groups of a fault queue answered INVALID without the user (SEMANTICS §S-12): on replace, when the
   * slot's route ends (last unbind, exit's abort), by destroy, at the owner's exit (its queues' slots
   * detached — its own slot's at the abort — and the queues destroyed), or by a drain.
   */
  | {
      readonly kind: 'faultAutoResponse';
      readonly queue: number;
      readonly reason: FaultAutoResponseReason;
      readonly groups: number;
    }
  /** A `respondFaults` entry stopped the batch; `duplicate`: its cookie was answered before (stale or repeated). */
  | {
      readonly kind: 'faultResponseRejected';
      readonly queue: number;
      readonly reason: 'malformed' | 'code' | 'unknown' | 'duplicate';
    }
  /** Something inside the guest of `vm` (SPEC §13, SEMANTICS §S-14): the guest kernel's own event; ids are the VM's. */
  | { readonly kind: 'guest'; readonly vm: number; readonly event: SpecEvent }
  /** A device assigned to `vm` faulted at stage 2 (host event, never the guest's: N3). */
  | {
      readonly kind: 'stage2Fault';
      readonly vm: number;
      readonly device: DeviceName;
      readonly access: Access;
      readonly fault: FaultKind;
    }
  /** `fork` of a process with `pages` present pages on pinned frames copied them at once (R3). */
  | { readonly kind: 'vmForkPinned'; readonly pid: Pid; readonly pages: number }
  /** A VM was destroyed (`vmDestroy` or its VMM's exit) while `queuesWithWork` guest queues had pending work. */
  | { readonly kind: 'vmDestroyed'; readonly vm: number; readonly queuesWithWork: number };

/** Why a fault queue's groups were answered without the user. */
export type FaultAutoResponseReason = 'replace' | 'unbind' | 'abort' | 'ownerExit' | 'destroy' | 'drain';

/** Receives `SpecEvent`s. @public */
export type SpecObserver = (event: SpecEvent) => void;
