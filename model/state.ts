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
  VmFaultEvent,
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

/** One stage-2 entry of a VM (SPEC §13): a GPA page maps to a pinned host frame with a prot. */
export interface Stage2Entry {
  readonly frame: number;
  readonly prot: Prot;
}

/**
 * A guest's frame pool is backed by its VM's stage 2 (§S-14): the bytes of GPA page g live in the
 * host frame `entries.get(g)`, and only GPA pages stage 2 maps `rw` can be taken.
 */
export interface Stage2Backing {
  readonly host: FramePool;
  /** The VM's stage 2 itself (not a copy): GPA page → entry. */
  readonly entries: Map<number, Stage2Entry>;
}

/**
 * A frame pool: the host's physical frames, or a guest's GPA pages (then `stage2` is set).
 * A frame is free when no PTE and no pin holds it (R3) and, for a GPA page, stage 2 maps it `rw`.
 */
export interface FramePool {
  readonly total: number;
  /** PTEs pointing at each frame (§S-3); COW shared means more than one. */
  readonly refs: Int32Array;
  /** Pins of each frame (R3: stage-2 entries pin host frames); always 0 in a guest's pool. */
  readonly pins: Int32Array;
  /** Contents of frames that were written; a frame without an entry reads as zeros (unused by a guest pool). */
  readonly contents: Map<number, Uint8Array>;
  /** Frames that are free now (for a guest: recounted whenever stage 2 changes). */
  freeCount: number;
  /** Set on a guest's pool only. */
  readonly stage2?: Stage2Backing;
}

/** A device's PASID-table slot for one PASID. */
export interface Slot {
  /** `'static'`: a `'pasid-static'` device's table for the mm, the union of its static-share regions (R22). */
  state: 'sva' | 'abort' | 'static';
  readonly mm: MmId;
  /** The fault queue this slot's page requests go to (SPEC §12); undefined: the kernel handles them. */
  route?: number;
}

/** A device with its IOMMU-side state (the host's record, or a guest's record of an assigned device). */
export interface Device {
  readonly config: ResolvedDeviceConfig;
  removed: boolean;
  /** On the host's record: the VM the device is assigned to (SPEC §13); its queues then live in that guest. */
  assignedTo?: number;
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
  /** Set when this is a VM's fault queue (SPEC §13, R8): host reads, responses, routes and destroy → EBUSY. */
  readonly vm?: number;
  /** Routed here and not yet read, oldest first. */
  readonly undelivered: PageRequestGroup[];
  /** Read and not yet answered, by cookie. */
  readonly delivered: Map<number, PageRequestGroup>;
  /** The highest cookie this queue ever gave (a lower or equal one given again is a reuse). */
  highestCookie: number;
}

/** A VM (SPEC §13, R1, R17): stage 2, its fault queue, its virtual event queue and its guest's state. */
export interface Vm {
  readonly id: number;
  readonly vmm: Pid;
  readonly gpaPages: number;
  /** GPA page → entry; shared with the guest pool's `stage2.entries`. */
  readonly stage2: Map<number, Stage2Entry>;
  /** The host fault queue the guest's page requests wait in. */
  readonly faultQueue: number;
  readonly events: VmFaultEvent[];
  lost: number;
  nextEventSeq: number;
  readonly eventDepth: number;
  /** The guest kernel's state: the same record the host has, over the VM's GPA pages. */
  readonly guest: ModelState;
}

/** What a guest's state knows of where it runs. */
export interface GuestLink {
  readonly host: ModelState;
  readonly vm: Vm;
}

/** The whole model state (the host's, or a guest's: then `vm` is set). */
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
  /** VMs not yet destroyed, by id (always empty in a guest). */
  readonly vms: Map<number, Vm>;
  /** The id the next `vmCreate` returns. */
  nextVmId: number;
  /** Set on a guest's state: its VM and the host state (where the PRQ, fault queues and stage 2 live). */
  readonly vm?: GuestLink;
}

/** An idle device record: no slots, no bonds, every hardware queue free, nothing served, no events. */
export function newDeviceRecord(dc: ResolvedDeviceConfig): Device {
  return {
    config: dc,
    removed: false,
    slots: new Map(),
    bonds: new Map(),
    hwQueues: new Array<QueueId | undefined>(dc.hwQueues).fill(undefined),
    lastServed: -1,
    events: [],
    lost: 0,
    nextEventSeq: 0,
  };
}

/** A fresh state for a validated config: no processes, every frame free, every device idle. */
export function createState(config: ResolvedConfig, observer: SpecObserver | undefined): ModelState {
  const devices = new Map<DeviceName, Device>();
  for (const dc of config.devices) devices.set(dc.name, newDeviceRecord(dc));
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
      pins: new Int32Array(config.frames),
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
    vms: new Map(),
    nextVmId: 1,
  };
}

/**
 * The state that holds the IOMMU's page-request queue and the fault queues: the host's, for the
 * host and for every guest (a guest's page requests go to the host, SPEC §13).
 */
export function hostOf(state: ModelState): ModelState {
  return state.vm === undefined ? state : state.vm.host;
}

/** Tells the observer (if any) about a notable moment, as it happens. */
export function report(state: ModelState, event: SpecEvent): void {
  if (state.observer !== undefined) state.observer(event);
}
