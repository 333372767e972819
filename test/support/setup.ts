// Shared scenario fixtures: a small config that makes page boundaries and exhaustion easy to reach,
// and `setupQueue`, which does the usual spawn → mmap → open → map both regions → start.

import type { Completion, DeviceName, Fd, Pid, SvaConfig, SvaSystem } from 'warpdrive-sva/interface';
import { WarpDriveError } from 'warpdrive-sva/interface';

/** The page size of `smallConfig`. */
export const PAGE = 256;
/** Where `setupQueue` maps the data area: 16 pages into the address space (`dataBase(PAGE)`). */
export const DATA = 16 * PAGE;
/** Pages in the data area `setupQueue` maps. */
export const DATA_PAGES = 16;

/**
 * A small system: 256-byte pages, 64 frames, a 20-bit address space, 15 PASIDs, an 8-request PRQ,
 * and three devices — `acc` (PRI, 3 hardware queues, 8-slot rings), `acc2` (PRI, 2 queues, 4-slot
 * rings) and `evt` (no PRI: unrecoverable fault events, 3 of them held).
 */
export const smallConfig: SvaConfig = {
  pageSize: PAGE,
  frames: 64,
  vaBits: 20,
  pasidBits: 4,
  prqDepth: 8,
  devices: [
    { name: 'acc', hwQueues: 3, ringDepth: 8, maxLen: 4096 },
    { name: 'acc2', hwQueues: 2, ringDepth: 4, maxLen: 4096 },
    { name: 'evt', hwQueues: 2, ringDepth: 8, maxLen: 4096, faults: 'none', eventDepth: 3 },
  ],
};

/** `smallConfig` with some fields replaced. */
export function smallWith(overrides: Partial<SvaConfig>): SvaConfig {
  return { ...smallConfig, ...overrides };
}

/** Where `setupQueue` maps the data area for a page size: page 16 (fits even `presets.tiny`). */
export function dataBase(pageSize: number): number {
  return 16 * pageSize;
}

/** Options of `setupQueue`. */
export interface SetupOptions {
  /** Device to open (default `'acc'`). */
  readonly device?: DeviceName;
  /** Use this live process instead of spawning one (its data area is then not mapped again). */
  readonly pid?: Pid;
  /** Whether to START the queue (default true). */
  readonly start?: boolean;
}

/** A process and the fd of its ready queue. */
export interface ReadyQueue {
  readonly pid: Pid;
  readonly fd: Fd;
}

/**
 * Spawns a process with `DATA_PAGES` rw pages at `dataBase(pageSize)` (never touched), opens a queue on the
 * device, maps both regions and starts it.
 */
export function setupQueue(sys: SvaSystem, options: SetupOptions = {}): ReadyQueue {
  const pageSize = sys.config.pageSize;
  let pid = options.pid;
  if (pid === undefined) {
    pid = sys.spawn();
    sys.mmap(pid, dataBase(pageSize), DATA_PAGES * pageSize, 'rw');
  }
  return { pid, fd: openMappedQueue(sys, pid, options.device ?? 'acc', options.start ?? true) };
}

/** Opens a queue of `pid` on `device` and maps both its regions; starts it unless `start` is false. */
export function openMappedQueue(sys: SvaSystem, pid: Pid, device: DeviceName, start = true): Fd {
  const fd = sys.open(pid, device);
  sys.mapRegion(pid, fd, 'mmio');
  sys.mapRegion(pid, fd, 'dus');
  if (start) sys.startQueue(pid, fd);
  return fd;
}

/** Every completion ready on the queue (none → empty, not EAGAIN). */
export function recvAll(sys: SvaSystem, pid: Pid, fd: Fd): Completion[] {
  try {
    return sys.recv(pid, fd, Number.MAX_SAFE_INTEGER);
  } catch (e) {
    if (e instanceof WarpDriveError && e.code === 'EAGAIN') return [];
    throw e;
  }
}
