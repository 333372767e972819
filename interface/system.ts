// The interface both the model (the specification) and the impl (the library) implement: SPEC §3-§8.

import type { ResolvedConfig, SvaConfig } from './config.ts';
import type { FaultQueueId, FaultRecord, FaultResponse, FaultRouteTarget } from './fault-queues.ts';
import type { ProcessOps } from './process-ops.ts';
import type { SnapshotOptions, SystemSnapshot } from './snapshot.ts';
import type { DeviceInfo, DeviceName, Fd, Pid, Prot, ReadEventsResult } from './types.ts';
import type { GuestSystem, VmCreateOptions, VmId, VmInfo, VmReadEventsResult } from './vms.ts';

/**
 * A WarpDrive/uacce shared-virtual-addressing system: processes and their memory, an IOMMU with
 * PASIDs and page requests, and accelerators with queues. Every operation returns its value or
 * throws a `WarpDriveError`; an operation that throws changes nothing (SPEC §3). See
 * `docs/SEMANTICS.md` for the rules this project chose where SPEC is silent.
 * @public
 */
export interface SvaSystem extends ProcessOps {
  /** The validated config the system was created with. */
  readonly config: ResolvedConfig;

  // ── devices (SPEC §6; the process and queue operations are `ProcessOps`) ──
  /** Hot-unplugs a device; its queues become zombies. */
  removeDevice(device: DeviceName): void;

  // ── environment steps (SPEC §5, §6) ──
  /** Serves one chunk of one queue of `device`; whether it did anything. */
  deviceStep(device: DeviceName): boolean;
  /** Handles up to `max` (default all) page-request groups in FIFO order; returns how many. */
  handleFaults(max?: number): number;
  /** Alternates `handleFaults()` and `deviceStep` on every device until nothing moves; returns the rounds. */
  quiesce(): number;
  /** Takes up to `max` (default all) fault events of `device` and the lost count (which resets). */
  readEvents(device: DeviceName, max?: number): ReadEventsResult;

  // ── user-space fault queues (SPEC §12, §17 R5-R11; docs/SEMANTICS.md §S-12) ──
  /** A new, empty fault queue owned by `pid` (`flags` must be 0); returns its id. */
  faultQueueCreate(pid: Pid, flags?: number): FaultQueueId;
  /** Routes the page requests of the fd's queue's slot (device, PASID) to `fq`, owned by `pid`. */
  routeFaults(pid: Pid, fd: Fd, fq: FaultQueueId): void;
  /** Moves the slot's route to `target`, answering INVALID every group of the slot left in the old queue. */
  replaceFaultRoute(pid: Pid, fd: Fd, target: FaultRouteTarget): void;
  /** Takes whole groups from the head while their records fit in `maxRecords` (default all); each gets a cookie. */
  readFaults(fq: FaultQueueId, maxRecords?: number): FaultRecord[];
  /** Answers delivered groups by cookie, in order, stopping at the first bad entry; returns how many. */
  respondFaults(fq: FaultQueueId, responses: readonly FaultResponse[]): number;
  /** Whether an undelivered group is waiting. */
  pollFaults(fq: FaultQueueId): boolean;
  /** Destroys an unrouted fault queue, answering INVALID every group left. */
  faultQueueDestroy(fq: FaultQueueId): void;

  // ── WarpDrive's older modes (SPEC §14, R20-R22; docs/SEMANTICS.md §S-15) ──
  /** Allocates the queue's static-share region: zeroed pinned frames mapped `rw` at `va`. Returns `va`. */
  mapSs(pid: Pid, fd: Fd, va: number, length: number): number;
  /** The physical address of page `index` of a `'noiommu'` queue's static-share region. */
  ssDma(pid: Pid, fd: Fd, index: number): number;

  // ── VMs: two-stage translation (SPEC §13, §17 R12-R19) ──
  /** A new VM run by `vmm`, with empty stage 2, no devices and a fault queue owned by the VMM; returns its id. */
  vmCreate(vmm: Pid, options: VmCreateOptions): VmId;
  /** Maps GPA pages `[gpa, gpa+length)` onto the VMM's `[vmmVa, +length)` (stage 2), pinning each frame. */
  vmMapRam(vm: VmId, gpa: number, vmmVa: number, length: number, prot: Prot): void;
  /** Removes the stage-2 entries of `[gpa, gpa+length)`, invalidating every translation through them, then unpins. */
  vmUnmapRam(vm: VmId, gpa: number, length: number): void;
  /** Gives every slot of `device` to the VM (guest PASID = slot index). */
  vmAssign(vm: VmId, device: DeviceName): void;
  /** Takes the device back: its guest queues become zombies, its groups are answered INVALID. */
  vmUnassign(vm: VmId, device: DeviceName): void;
  /** Tears the VM down (R18): devices back to the host, then the pins drop. */
  vmDestroy(vm: VmId): void;
  /** Takes up to `max` (default all) records of the VM's virtual event queue and the lost count. */
  vmReadEvents(vm: VmId, max?: number): VmReadEventsResult;
  vmInfo(vm: VmId): VmInfo;
  /** The guest kernel of `vm`; never throws (its methods throw ENOENT for an unknown or destroyed VM). */
  guest(vm: VmId): GuestSystem;

  // ── observation (`pasidOf`, `queueInfo` and `processes` are `ProcessOps`) ──
  deviceInfo(device: DeviceName): DeviceInfo;
  /** The abstract state (see `SystemSnapshot`). */
  snapshot(options?: SnapshotOptions): SystemSnapshot;
}

/** Makes a fresh system from a config (throws EINVAL for an invalid config). @public */
export type SystemFactory = (config?: SvaConfig) => SvaSystem;
