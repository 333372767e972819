// The value types of SVA inside a VM (SPEC §13, §17 R1, R12-R19): VM ids, `vmCreate` options,
// `vmInfo`, a guest kernel's operations (`GuestSystem`) and the VM part of the abstract state.

import type { FaultQueueId } from './fault-queues.ts';
import type { ProcessOps } from './process-ops.ts';
import type { SystemSnapshot } from './snapshot.ts';
import type { DeviceName, FaultEvent, Pid, Prot } from './types.ts';

/** A VM: ≥ 1, never reused (SPEC §13). @public */
export type VmId = number;

/** Options of `vmCreate` (SPEC §13, R17). @public */
export interface VmCreateOptions {
  /** Guest physical pages `0 .. gpaPages-1`; an integer in `[1, frames]`. */
  readonly gpaPages: number;
  /** Records the VM's virtual event queue holds (R17). Default 16. */
  readonly eventDepth?: number;
}

/** What `vmInfo` returns (SPEC §13). @public */
export interface VmInfo {
  /** The VMM process that created the VM. */
  readonly vmm: Pid;
  readonly gpaPages: number;
  /** GPA pages stage 2 maps, ascending. */
  readonly mapped: readonly number[];
  /** Assigned devices, in config order. */
  readonly devices: readonly DeviceName[];
  /** The VM's fault queue (§12): its guest's page requests wait here for the guest's `handleFaults`. */
  readonly faultQueue: FaultQueueId;
}

/**
 * A fault record of the VM's virtual event queue (stage-1 faults of assigned `faults: 'none'`
 * devices, R17): a `FaultEvent` with `stage: 1`, naming its device. `pasid` is the guest PASID,
 * `addr` the guest VA.
 * @public
 */
export interface VmFaultEvent extends FaultEvent {
  readonly device: DeviceName;
}

/** What `vmReadEvents` returns. @public */
export interface VmReadEventsResult {
  readonly events: readonly VmFaultEvent[];
  /** Records dropped since the last `vmReadEvents` because the queue was full. */
  readonly lost: number;
}

/**
 * The guest kernel of one VM (`sys.guest(vm)`, SPEC §13, R12): the host's process, memory and queue
 * operations with the VM's GPA pages as frames and the VM's own pids, fds and PASIDs, plus the
 * guest's fault handler. Every method throws ENOENT first for an unknown or destroyed VM.
 * @public
 */
export interface GuestSystem extends ProcessOps {
  /** The VM this guest runs in. */
  readonly vm: VmId;
  /**
   * The VMM relaying its guest's page requests: reads up to `max` (default all) groups from the
   * VM's fault queue, resolves each against the guest mm owning the slot (§5's legality rule inside
   * the guest) and answers it by cookie; returns how many.
   */
  handleFaults(max?: number): number;
}

/** One stage-2 entry: GPA page → host frame, with the stage-2 protection. @public */
export interface Stage2EntrySnapshot {
  readonly gpa: number;
  readonly frame: number;
  readonly prot: Prot;
}

/** A VM (R1). @public */
export interface VmSnapshot {
  readonly id: VmId;
  readonly vmm: Pid;
  readonly gpaPages: number;
  /** Ascending by GPA page. */
  readonly stage2: readonly Stage2EntrySnapshot[];
  /** Assigned devices, in config order. */
  readonly devices: readonly DeviceName[];
  readonly faultQueue: FaultQueueId;
  /** The virtual event queue: records not yet read, oldest first. */
  readonly events: readonly VmFaultEvent[];
  readonly lost: number;
  /** The `seq` the next virtual event gets. */
  readonly nextEventSeq: number;
  readonly eventDepth: number;
  /**
   * The guest's own abstract state: its processes, mms (pages name GPA pages as frames), frames
   * (total = gpaPages, free = GPA pages stage 2 maps `rw` that no guest page uses, R2), the assigned
   * devices as the guest sees them (slots `sva`/`abort` by guest PASID), its queues. It has no
   * page-request queue and no fault queues of its own. S1-S7 run on it unchanged.
   */
  readonly guest: SystemSnapshot;
}
