// The abstract state of a system: what the model's state *is* and what the impl's state *means*.
// Invariants S1-S7 are predicates over it, and refinement compares the impl's to the model's.

import type { DeviceMode } from './config.ts';
import type { FaultQueueId } from './fault-queues.ts';
import type {
  Access,
  Completion,
  Descriptor,
  DeviceName,
  Fd,
  FaultEvent,
  Pasid,
  Pid,
  Prot,
  QueueState,
  Region,
} from './types.ts';
import type { VmId, VmSnapshot } from './vms.ts';

/** An mm is named by the pid of the process it was created for (spawn or fork). @public */
export type MmId = number;
/** A queue is named by its creation order: the n-th successful `open` made queue n (from 0). @public */
export type QueueId = number;

/** A live process. Its mm is `mms[id === pid]`. @public */
export interface ProcessSnapshot {
  readonly pid: Pid;
  /** Open fds, ascending. */
  readonly fds: readonly { readonly fd: Fd; readonly queue: QueueId }[];
}

/** A maximal run of contiguous virtual pages with the same protection: `[start, end)`. @public */
export interface VmaSnapshot {
  readonly start: number;
  readonly end: number;
  readonly prot: Prot;
}

/** A page the mm has contents for: present in a frame, or swapped out. @public */
export interface PageSnapshot {
  /** Page-aligned virtual address. */
  readonly addr: number;
  readonly state: 'present' | 'swapped';
  /** The frame, for a present page. Frame numbers are implementation-chosen; compare them only up to renaming. */
  readonly frame?: number;
  /** The page's bytes, only when the snapshot was asked for contents. */
  readonly bytes?: Uint8Array;
}

/** An address space that has not been dropped. @public */
export interface MmSnapshot {
  readonly id: MmId;
  readonly pasid?: Pasid;
  /** The owning process has exited (the mm lives on only while bonds remain). */
  readonly exited: boolean;
  /** Ascending, maximal (adjacent runs with the same prot are merged). */
  readonly vmas: readonly VmaSnapshot[];
  /** Ascending by address. */
  readonly pages: readonly PageSnapshot[];
}

/** The physical frame pool. @public */
export interface FramesSnapshot {
  readonly total: number;
  /** Free frame numbers, ascending. */
  readonly free: readonly number[];
  /** Every frame with a non-zero reference count, ascending by frame. */
  readonly refs: readonly { readonly frame: number; readonly count: number }[];
  /**
   * Every pinned frame with its pin count, ascending by frame (R3: a frame's references are its
   * PTEs plus its pins; stage-2 entries pin their frames, SPEC §13). Empty when nothing is pinned.
   */
  readonly pins: readonly { readonly frame: number; readonly count: number }[];
}

/** A device's PASID-table slot for one PASID. Empty slots are not listed. @public */
export interface SlotSnapshot {
  readonly pasid: Pasid;
  /**
   * `'static'`: a `'pasid-static'` device's table for the mm — the union of its static-share regions
   * (R22). `'nested'`: the device is assigned to a VM and the guest binds this slot (R1); its `mm` is
   * the guest's mm id (the VM's namespace) and the VM's snapshot shows the slot as the guest sees it.
   */
  readonly state: 'sva' | 'abort' | 'static' | 'nested';
  readonly mm: MmId;
  /** The fault queue the slot's page requests go to (SPEC §12); absent when they go to the kernel. */
  readonly route?: FaultQueueId;
}

/** A device and its IOMMU-side state. @public */
export interface DeviceSnapshot {
  readonly name: DeviceName;
  /** The device's mode (SPEC §14). */
  readonly mode: DeviceMode;
  readonly removed: boolean;
  /** The VM the device is assigned to (SPEC §13); absent for a host device. */
  readonly assignedTo?: VmId;
  readonly availableInstances: number;
  /** Ascending by PASID. */
  readonly slots: readonly SlotSnapshot[];
  /** Bond reference counts per mm, ascending by mm; zero counts are not listed. */
  readonly bonds: readonly { readonly mm: MmId; readonly count: number }[];
  /** The hardware-queue index served last by `deviceStep` (-1 before the first). */
  readonly lastServed: number;
  /** Fault events not yet read, oldest first. */
  readonly events: readonly FaultEvent[];
  readonly lost: number;
  /** The `seq` the next generated event gets. */
  readonly nextEventSeq: number;
}

/** A descriptor submitted and not yet completed, with its progress. @public */
export interface PendingSnapshot {
  readonly desc: Descriptor;
  /** Bytes finished so far. */
  readonly done: number;
  /** For crc32: the CRC-32 of the `done` bytes processed so far (0 for none, or for other ops). */
  readonly crc: number;
}

/** A queue record that has not been freed (live, or a zombie still held by an fd). @public */
export interface QueueSnapshot {
  readonly id: QueueId;
  readonly device: DeviceName;
  /** The mm of the process that opened it (its bond). */
  readonly mm: MmId;
  readonly state: QueueState;
  /** Absent for a zombie. */
  readonly hwQueue?: number;
  /** Which process holds each mapped region. */
  readonly regions: { readonly [R in Region]?: Pid };
  /** Submitted, not yet completed, in submission order (the head first). */
  readonly pending: readonly PendingSnapshot[];
  /** Completed, not yet received, in submission order. */
  readonly completions: readonly Completion[];
  /** The PRG index the queue waits on, if it waits. */
  readonly waitingPrg?: number;
  /** The queue's static-share region (SPEC §14, R22), if `mapSs` made one. */
  readonly staticShare?: StaticShareSnapshot;
}

/** A static-share region: `pages` pinned frames mapped `rw` at `va` (R22). @public */
export interface StaticShareSnapshot {
  readonly va: number;
  readonly pages: number;
  /** The frame of each page, in page order (R2 makes frame numbers comparable). */
  readonly frames: readonly number[];
  /** The pid holding the mapping (one queue reference); absent once it exited. */
  readonly holder?: Pid;
}

/** One page request of a group: the page-aligned address and the access. @public */
export interface PageRequestSnapshot {
  readonly addr: number;
  readonly access: Access;
}

/** A page-request group queued in the IOMMU's page-request queue. @public */
export interface PageRequestGroupSnapshot {
  readonly device: DeviceName;
  readonly pasid: Pasid;
  readonly prg: number;
  /** Source before destination; the last one is the one flagged `last`. */
  readonly requests: readonly PageRequestSnapshot[];
}

/** A delivered, unanswered group of a fault queue and the cookie `readFaults` gave it. @public */
export interface DeliveredGroupSnapshot {
  readonly cookie: number;
  readonly group: PageRequestGroupSnapshot;
}

/** A fault queue (SPEC §12, R1). @public */
export interface FaultQueueSnapshot {
  readonly id: FaultQueueId;
  /** The pid that created it (a live process: its exit destroys the queue). */
  readonly owner: Pid;
  /** Groups routed here and not yet read, oldest first. */
  readonly undelivered: readonly PageRequestGroupSnapshot[];
  /** Groups read and not yet answered, ascending by cookie. */
  readonly delivered: readonly DeliveredGroupSnapshot[];
}

/**
 * The whole abstract state. Every list is in a canonical order so that two snapshots compare by deep
 * equality (up to frame renaming).
 * @public
 */
export interface SystemSnapshot {
  /** The pid the next `spawn`/`fork` returns. */
  readonly nextPid: Pid;
  /** Live processes, ascending by pid. */
  readonly processes: readonly ProcessSnapshot[];
  /** Mms not yet dropped, ascending by id. */
  readonly mms: readonly MmSnapshot[];
  readonly frames: FramesSnapshot;
  /** In config order. */
  readonly devices: readonly DeviceSnapshot[];
  /** Ascending by id. */
  readonly queues: readonly QueueSnapshot[];
  /** The IOMMU's page-request queue, oldest first. */
  readonly pageRequests: readonly PageRequestGroupSnapshot[];
  readonly prqOverflow: boolean;
  /** Fault queues not yet destroyed, ascending by id. */
  readonly faultQueues: readonly FaultQueueSnapshot[];
  /** VMs not yet destroyed, ascending by id (SPEC §13, R1); always empty in a guest's snapshot. */
  readonly vms: readonly VmSnapshot[];
}

/** Options of `snapshot()`. @public */
export interface SnapshotOptions {
  /** Include every page's bytes (costly; default false). */
  readonly contents?: boolean;
}
