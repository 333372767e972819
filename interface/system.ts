// The interface both the model (the specification) and the impl (the library) implement: SPEC §3-§8.

import type { ResolvedConfig, SvaConfig } from './config.ts';
import type { FaultQueueId, FaultRecord, FaultResponse, FaultRouteTarget } from './fault-queues.ts';
import type { SnapshotOptions, SystemSnapshot } from './snapshot.ts';
import type {
  Completion,
  Descriptor,
  DeviceInfo,
  DeviceName,
  Fd,
  Pasid,
  Pid,
  Prot,
  QueueInfo,
  ReadEventsResult,
  Region,
} from './types.ts';

/**
 * A WarpDrive/uacce shared-virtual-addressing system: processes and their memory, an IOMMU with
 * PASIDs and page requests, and accelerators with queues. Every operation returns its value or
 * throws a `WarpDriveError`; an operation that throws changes nothing (SPEC §3). See
 * `docs/SEMANTICS.md` for the rules this project chose where SPEC is silent.
 * @public
 */
export interface SvaSystem {
  /** The validated config the system was created with. */
  readonly config: ResolvedConfig;

  // ── processes and memory (SPEC §4) ──
  /** A new process with an empty mm and no fds. */
  spawn(): Pid;
  /** Maps `[addr, addr+length)` with `prot`; fixed address, never replaces. Returns `addr`. */
  mmap(pid: Pid, addr: number, length: number, prot: Prot): number;
  /** Removes every area piece and page in the range (holes are fine). */
  munmap(pid: Pid, addr: number, length: number): void;
  /** Sets the protection of a fully mapped range. */
  mprotect(pid: Pid, addr: number, length: number, prot: Prot): void;
  /** A CPU read; changes nothing (untouched pages read as zeros, swapped pages from swap). */
  read(pid: Pid, addr: number, length: number): Uint8Array;
  /** A CPU write; makes every touched page present and private. */
  write(pid: Pid, addr: number, bytes: Uint8Array): void;
  /** A child with copy-on-write memory and the parent's fds. */
  fork(pid: Pid): Pid;
  /** Swaps a present, unshared page out. */
  reclaim(pid: Pid, addr: number): void;
  /** Moves a present page to another frame. */
  migrate(pid: Pid, addr: number): void;
  /** Tears the process down (SPEC §8.1). */
  exit(pid: Pid): void;

  // ── queues (SPEC §6) ──
  /** Opens a queue of `device`, binding the process's mm. Returns the new fd. */
  open(pid: Pid, device: DeviceName): Fd;
  /** START_Q. */
  startQueue(pid: Pid, fd: Fd): void;
  /** PUT_Q: drains a started queue back to `init`. */
  stopQueue(pid: Pid, fd: Fd): void;
  /** Maps the queue's `'mmio'` or `'dus'` region into `pid`. */
  mapRegion(pid: Pid, fd: Fd, region: Region): void;
  /** Unmaps a region `pid` holds. */
  unmapRegion(pid: Pid, fd: Fd, region: Region): void;
  /** Closes the fd. */
  close(pid: Pid, fd: Fd): void;
  /** Queues descriptors in order; returns how many. */
  send(pid: Pid, fd: Fd, descs: readonly Descriptor[]): number;
  /** Up to `max` (default 1) completions in submission order. */
  recv(pid: Pid, fd: Fd, max?: number): Completion[];
  /** Whether a completion is ready (false for a zombie). */
  poll(pid: Pid, fd: Fd): boolean;
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

  // ── observation ──
  /** The process's PASID, or undefined if its mm has none. */
  pasidOf(pid: Pid): Pasid | undefined;
  queueInfo(pid: Pid, fd: Fd): QueueInfo;
  deviceInfo(device: DeviceName): DeviceInfo;
  /** Live pids, ascending. */
  processes(): Pid[];
  /** The abstract state (see `SystemSnapshot`). */
  snapshot(options?: SnapshotOptions): SystemSnapshot;
}

/** Makes a fresh system from a config (throws EINVAL for an invalid config). @public */
export type SystemFactory = (config?: SvaConfig) => SvaSystem;
