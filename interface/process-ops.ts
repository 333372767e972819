// The operations a host and a guest kernel both offer (SPEC §13, §17 R12): processes and memory
// (§4), queues (§6) and their observation. `SvaSystem` extends it; so does `GuestSystem`.

import type { Completion, Descriptor, DeviceName, Fd, Pasid, Pid, Prot, QueueInfo, Region } from './types.ts';

/**
 * The process, memory and queue operations of one kernel: the host's (`SvaSystem`) or a guest's
 * (`GuestSystem`, where frames are the VM's GPA pages and PASIDs are the VM's own). Every operation
 * returns its value or throws a `WarpDriveError`; an operation that throws changes nothing.
 * @public
 */
export interface ProcessOps {
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

  // ── observation ──
  /** The process's PASID, or undefined if its mm has none. */
  pasidOf(pid: Pid): Pasid | undefined;
  queueInfo(pid: Pid, fd: Fd): QueueInfo;
  /** Live pids, ascending. */
  processes(): Pid[];
}
