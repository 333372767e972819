// The inspection hook: what invariants I1-I3 read of the impl's internals (SPEC §7) — cached
// translations, page tables of PASID-owning mms, PASID-table slots, ring registers — and the DMA
// audit log, recorded only while enabled (one null check per chunk when off).

import type {
  Access,
  DeviceMode,
  DeviceName,
  MmId,
  Pasid,
  Prot,
  QueueId,
  QueueState,
  VmId,
} from '../interface/index.ts';

/** One cached translation of the IOTLB or an ATC. @public */
export interface CachedTranslationView {
  readonly pasid: Pasid;
  /** Page-aligned virtual address. */
  readonly addr: number;
  readonly frame: number;
  readonly perm: Prot;
}

/** The contents of one translation cache. @public */
export interface CacheView {
  readonly cache: 'iotlb' | 'atc';
  /** The device whose ATC this is (absent for the IOTLB). */
  readonly device?: DeviceName;
  readonly entries: readonly CachedTranslationView[];
}

/** A present page-table entry with its effective permission (VMA prot minus `w` while COW shared). @public */
export interface PteView {
  readonly addr: number;
  readonly frame: number;
  readonly perm: Prot;
}

/** A PASID and the mm that owns it, with that mm's present pages. @public */
export interface PasidOwnerView {
  readonly pasid: Pasid;
  readonly mm: MmId;
  readonly ptes: readonly PteView[];
}

/** One non-empty PASID-table slot. @public */
export interface SlotView {
  readonly device: DeviceName;
  readonly pasid: Pasid;
  readonly state: 'sva' | 'abort' | 'static' | 'nested';
  readonly mm: MmId;
}

/** A queue's ring registers next to the abstract counts they encode. @public */
export interface RingView {
  readonly queue: QueueId;
  readonly device: DeviceName;
  readonly state: QueueState;
  readonly depth: number;
  readonly sqHead: number;
  readonly sqTail: number;
  readonly cqHead: number;
  readonly cqTail: number;
  readonly producerPhase: number;
  readonly consumerPhase: number;
  /** The phase bit of every CQE, by slot. */
  readonly cqPhases: readonly number[];
  /** The driver's used count. */
  readonly used: number;
  /** Abstract: descriptors submitted and not completed. */
  readonly pending: number;
  /** Abstract: completions not yet received. */
  readonly unread: number;
}

/** One chunk access of a device, with what the owner's page table said at that moment. @public */
export interface DmaAccessRecord {
  /** The device's mode: I2 reads 'sva' and 'pasid-static' records, check K the 'noiommu' ones (R20). */
  readonly mode: DeviceMode;
  readonly device: DeviceName;
  readonly queue: QueueId;
  readonly pasid: Pasid;
  /** First virtual address of the chunk on this side. */
  readonly addr: number;
  readonly length: number;
  readonly access: Access;
  /** The frame the device moved bytes to or from. */
  readonly frame: number;
  /** The mm owning the PASID at that moment, or -1 if none did. */
  readonly owner: MmId;
  /** The frame the owner's page table mapped at `addr` at that moment, or -1. */
  readonly mappedFrame: number;
  /** The owner's effective permission at `addr` at that moment (`''` when not present). */
  readonly mappedPerm: Prot;
  /**
   * 'noiommu' records only (`addr` is physical, `pasid` 0, `owner` the opener's mm, `mappedFrame`
   * the frame if the opener maps it anywhere): the lowest other mm mapping the frame, or -1.
   */
  readonly otherMapper?: MmId;
  /**
   * A guest queue's access (SPEC §13, N1/N2): the VM. Then `pasid` is the guest PASID, `addr` the
   * guest VA, `owner` the guest mm, `mappedFrame` stage 2 of stage 1 now and `mappedPerm` stage 1 ∩
   * stage 2 now. Absent on host records.
   */
  readonly vm?: VmId;
  /** Guest records: the GPA byte address stage 1 maps `addr` to now, or -1. */
  readonly gpa?: number;
  /** Guest records: whether `frame` is a host frame the VM's stage 2 maps now (N1 containment). */
  readonly inStage2?: boolean;
}

/** One nested cache entry (SPEC §13, R4, R16), for I4. @public */
export interface NestedEntryView {
  readonly vm: VmId;
  /** The guest PASID; 0 for a stage-2 entry (GPA page → host frame). */
  readonly pasid: Pasid;
  /** Page-aligned guest virtual address (combined entry) or GPA byte address (stage-2 entry). */
  readonly addr: number;
  /** The GPA byte address (page-aligned) the entry went through. */
  readonly gpa: number;
  readonly frame: number;
  /** Stage 1 ∩ stage 2 for a combined entry; stage 2 for a stage-2 entry. */
  readonly perm: Prot;
}

/** The contents of one nested cache. @public */
export interface NestedCacheView {
  readonly cache: 'iotlb' | 'atc';
  /** The device whose nested ATC this is (absent for the nested IOTLB). */
  readonly device?: DeviceName;
  readonly entries: readonly NestedEntryView[];
}

/** A VM as the impl invariants read it: its guest kernel's own inspection (I1-I3 inside the guest). @public */
export interface VmInspectionView {
  readonly vm: VmId;
  /** The guest's caches are empty (its translations are the host's nested entries); rings, slots, owners are the guest's. */
  readonly guest: ImplInspection;
}

/** Everything the impl invariants read. @public */
export interface ImplInspection {
  readonly pageSize: number;
  readonly caches: readonly CacheView[];
  /** Every live PASID with its owner mm's present pages, ascending by PASID. */
  readonly pasidOwners: readonly PasidOwnerView[];
  readonly slots: readonly SlotView[];
  /** Every queue record, ascending by id. */
  readonly rings: readonly RingView[];
  /** DMA accesses recorded while the audit was enabled and not yet cleared, oldest first. */
  readonly dmaAudit: readonly DmaAccessRecord[];
  /** The nested IOTLB and every nested ATC (SPEC §13), each entry with its VM (I4). */
  readonly nestedCaches: readonly NestedCacheView[];
  /** Every VM, ascending by id (empty inside a guest). */
  readonly vms: readonly VmInspectionView[];
}
