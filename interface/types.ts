// Value types shared by the model and the impl: identifiers, protections, descriptors, completions,
// fault events and the observation records of SPEC §3-§6.

/** A process id: ≥ 1, never reused. @public */
export type Pid = number;
/** A file descriptor: per process, lowest free ≥ 3. @public */
export type Fd = number;
/** A process address space identifier: ≥ 1. @public */
export type Pasid = number;
/** A device name from the config, e.g. `'dummy-0'`. @public */
export type DeviceName = string;

/** Distinct letters of `rwx` in that order. @public */
export type Prot = '' | 'r' | 'rw' | 'rx' | 'rwx' | 'w' | 'wx' | 'x';
/** Every valid `Prot`. @public */
export const PROTS: readonly Prot[] = ['', 'r', 'rw', 'rx', 'rwx', 'w', 'wx', 'x'];
/** Whether `p` is a valid `Prot` string. @public */
export function isProt(p: unknown): p is Prot {
  return typeof p === 'string' && (PROTS as readonly string[]).includes(p);
}

/** The kind of a memory access: read or write. @public */
export type Access = 'r' | 'w';

/** A queue's two mappable regions: the doorbell (MMIO) and the ring memory (DUS). @public */
export type Region = 'mmio' | 'dus';
/** Both regions. @public */
export const REGIONS: readonly Region[] = ['mmio', 'dus'];

/** Copy `len` bytes from `src` to `dst` (chunk by chunk, each chunk a memmove). @public */
export interface CopyDescriptor {
  readonly op: 'copy';
  readonly src: number;
  readonly dst: number;
  readonly len: number;
  readonly tag: number;
}
/** Fill `len` bytes at `dst` with the byte `value`. @public */
export interface FillDescriptor {
  readonly op: 'fill';
  readonly dst: number;
  readonly len: number;
  readonly value: number;
  readonly tag: number;
}
/** CRC-32 (IEEE) of `len` bytes at `src`. @public */
export interface Crc32Descriptor {
  readonly op: 'crc32';
  readonly src: number;
  readonly len: number;
  readonly tag: number;
}
/** A descriptor written into a submission ring. Addresses are plain virtual addresses. @public */
export type Descriptor = CopyDescriptor | FillDescriptor | Crc32Descriptor;

/** How a descriptor ended. @public */
export type CompletionStatus = 'ok' | 'fault' | 'invalid' | 'aborted';

/**
 * A completion read from the completion ring. Optional keys are absent (not `undefined`) when they
 * do not apply: `result` only for an `ok` crc32, `faultAddr` only for `fault`.
 * @public
 */
export interface Completion {
  readonly tag: number;
  readonly status: CompletionStatus;
  /** Bytes finished before the descriptor ended. */
  readonly done: number;
  readonly result?: number;
  readonly faultAddr?: number;
}

/** The kind of an IOMMU translation failure. @public */
export type FaultKind = 'translation' | 'permission';

/** An unrecoverable fault record in a device's event queue (devices with `faults: 'none'`). @public */
export interface FaultEvent {
  readonly seq: number;
  readonly pasid: Pasid;
  readonly addr: number;
  readonly access: Access;
  readonly kind: FaultKind;
  /** The translation stage that faulted (SPEC §13, R15); present only on VM-related records. */
  readonly stage?: 1 | 2;
  /** For a stage-2 fault: the guest physical byte address that stage 2 refused (R15). */
  readonly gpa?: number;
}

/** What `readEvents` returns. @public */
export interface ReadEventsResult {
  readonly events: readonly FaultEvent[];
  /** Records dropped since the last `readEvents` because the event queue was full. */
  readonly lost: number;
}

/** A queue's lifecycle state. @public */
export type QueueState = 'init' | 'started' | 'zombie';

/** What `queueInfo` returns. `pasid` and `hwQueue` are absent for a zombie. @public */
export interface QueueInfo {
  readonly device: DeviceName;
  readonly state: QueueState;
  readonly pasid?: Pasid;
  readonly hwQueue?: number;
  /** Descriptors submitted and not yet received (pending plus completed-unread). */
  readonly outstanding: number;
}

/** What `deviceInfo` returns. @public */
export interface DeviceInfo {
  readonly availableInstances: number;
  readonly removed: boolean;
  /** The IOMMU's page-request-queue overflow flag (one IOMMU, so the same for every device). */
  readonly prqOverflow: boolean;
}
