// The model's whole state as plain records: processes, mms, frames, PASIDs, devices, queues and the
// IOMMU's page-request queue. Every other model file is a small function over this record.

import type {
  Access,
  Completion,
  Descriptor,
  DeviceName,
  Fd,
  FaultEvent,
  MmId,
  Pasid,
  Pid,
  Prot,
  QueueId,
  QueueState,
  ResolvedConfig,
  ResolvedDeviceConfig,
  SpecEvent,
  SpecObserver,
} from '../interface/index.ts';

/** A page present in a frame. */
export interface PresentPage {
  readonly state: 'present';
  readonly frame: number;
}

/** A page swapped out: its contents are kept, private to its mm (§S-3). */
export interface SwappedPage {
  readonly state: 'swapped';
  readonly bytes: Uint8Array;
}

/** What an mm holds for one virtual page; an absent page has no entry. */
export type PageEntry = PresentPage | SwappedPage;

/** A virtual memory area `[start, end)`; the list of an mm is kept sorted and maximal. */
export interface Vma {
  readonly start: number;
  readonly end: number;
  readonly prot: Prot;
}

/** An address space, named by the pid it was created for (§S-2). */
export interface Mm {
  readonly id: MmId;
  pasid: Pasid | undefined;
  exited: boolean;
  /** Sorted by start, non-overlapping, adjacent runs with the same prot merged. */
  vmas: Vma[];
  /** Page-aligned virtual address → contents. */
  readonly pages: Map<number, PageEntry>;
}

/** A live process. */
export interface Process {
  readonly pid: Pid;
  readonly mm: MmId;
  readonly fds: Map<Fd, QueueId>;
}

/** The physical frame pool: a reference count per frame, contents stored lazily. */
export interface FramePool {
  readonly total: number;
  /** Reference count per frame = PTEs pointing at it; 0 means free (§S-3). */
  readonly refs: Int32Array;
  /** Contents of frames that were written; a frame without an entry reads as zeros. */
  readonly contents: Map<number, Uint8Array>;
  freeCount: number;
}

/** A device's PASID-table slot for one PASID. */
export interface Slot {
  /** `'static'`: a `'pasid-static'` device's table for the mm, the union of its static-share regions (R22). */
  state: 'sva' | 'abort' | 'static';
  readonly mm: MmId;
  /** The fault queue this slot's page requests go to (SPEC §12); undefined: the kernel handles them. */
  route?: number;
}

/** A device with its IOMMU-side state. */
export interface Device {
  readonly config: ResolvedDeviceConfig;
  removed: boolean;
  /** PASID → slot; empty slots have no entry. */
  readonly slots: Map<Pasid, Slot>;
  /** mm → bond count (> 0). */
  readonly bonds: Map<MmId, number>;
  /** Hardware-queue index → the queue holding it. */
  readonly hwQueues: (QueueId | undefined)[];
  lastServed: number;
  readonly events: FaultEvent[];
  lost: number;
  nextEventSeq: number;
}

/** A submitted descriptor with its progress. */
export interface Pending {
  readonly desc: Descriptor;
  done: number;
  /** CRC-32 of the `done` bytes processed so far (crc32 descriptors; 0 otherwise). */
  crc: number;
}

/** A queue record (live or zombie). */
export interface Queue {
  readonly id: QueueId;
  readonly device: DeviceName;
  readonly mm: MmId;
  state: QueueState;
  hwQueue: number | undefined;
  /** Which process holds each mapped region. */
  readonly regions: { mmio?: Pid; dus?: Pid };
  /** Fds pointing at this queue, across all processes. */
  fdRefs: number;
  pending: Pending[];
  completions: Completion[];
  waitingPrg: number | undefined;
  /** The static-share region (SPEC §14, R22), once `mapSs` made one. */
  staticShare: StaticShare | undefined;
}

/** A queue's static-share region: `frames.length` pinned pages mapped `rw` at `va` in the queue's mm. */
export interface StaticShare {
  readonly va: number;
  /** One frame per page, in page order; each is the frame of the mm's present page there. */
  readonly frames: readonly number[];
  /** The pid holding the mapping (one queue reference, R22); undefined once it exited or was revoked. */
  holder: Pid | undefined;
}

/** One page request: page-aligned address and access. */
export interface PageRequest {
  readonly addr: number;
  readonly access: Access;
}

/** A page-request group in the IOMMU's page-request queue. */
export interface PageRequestGroup {
  readonly device: DeviceName;
  readonly pasid: Pasid;
  readonly prg: number;
  readonly requests: readonly PageRequest[];
}

/** A user-space fault queue (SPEC §12, §S-12). */
export interface FaultQueue {
  readonly id: number;
  /** The pid that created it. */
  readonly owner: Pid;
  /** Routed here and not yet read, oldest first. */
  readonly undelivered: PageRequestGroup[];
  /** Read and not yet answered, by cookie. */
  readonly delivered: Map<number, PageRequestGroup>;
  /** The highest cookie this queue ever gave (a lower or equal one given again is a reuse). */
  highestCookie: number;
}

/** The whole model state. */
export interface ModelState {
  readonly config: ResolvedConfig;
  readonly observer: SpecObserver | undefined;
  nextPid: Pid;
  nextQueueId: QueueId;
  readonly processes: Map<Pid, Process>;
  /** Mms not yet dropped. */
  readonly mms: Map<MmId, Mm>;
  readonly frames: FramePool;
  /** Allocated PASID → owning mm. */
  readonly pasids: Map<Pasid, MmId>;
  /** Every PASID value ever handed out (to report reuse). */
  readonly pasidsEverAllocated: Set<Pasid>;
  /** In config order. */
  readonly devices: Map<DeviceName, Device>;
  readonly queues: Map<QueueId, Queue>;
  /** The IOMMU's page-request queue, oldest first. */
  prq: PageRequestGroup[];
  prqOverflow: boolean;
  /** Fault queues not yet destroyed, by id. */
  readonly faultQueues: Map<number, FaultQueue>;
  /** The id the next `faultQueueCreate` returns. */
  nextFaultQueueId: number;
}

/** A fresh state for a validated config: no processes, every frame free, every device idle. */
export function createState(config: ResolvedConfig, observer: SpecObserver | undefined): ModelState {
  const devices = new Map<DeviceName, Device>();
  for (const dc of config.devices) {
    devices.set(dc.name, {
      config: dc,
      removed: false,
      slots: new Map(),
      bonds: new Map(),
      hwQueues: new Array<QueueId | undefined>(dc.hwQueues).fill(undefined),
      lastServed: -1,
      events: [],
      lost: 0,
      nextEventSeq: 0,
    });
  }
  return {
    config,
    observer,
    nextPid: 1,
    nextQueueId: 0,
    processes: new Map(),
    mms: new Map(),
    frames: {
      total: config.frames,
      refs: new Int32Array(config.frames),
      contents: new Map(),
      freeCount: config.frames,
    },
    pasids: new Map(),
    pasidsEverAllocated: new Set(),
    devices,
    queues: new Map(),
    prq: [],
    prqOverflow: false,
    faultQueues: new Map(),
    nextFaultQueueId: 1,
  };
}

/** Tells the observer (if any) about a notable moment, as it happens. */
export function report(state: ModelState, event: SpecEvent): void {
  if (state.observer !== undefined) state.observer(event);
}
