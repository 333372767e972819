// Impl-test setup: a process with a started queue it holds both regions of, and byte patterns.

import { openMappedQueue } from './setup.ts';
import type { Fd, ImplSystem, Pid } from 'warpdrive-sva';

/** A process with an open, started queue on `device` whose regions it maps. */
export function processWithQueue(sys: ImplSystem, device = 'dummy-0'): { pid: Pid; fd: Fd } {
  const pid = sys.spawn();
  const fd = openMappedQueue(sys, pid, device);
  return { pid, fd };
}

/** `length` bytes counting up from `seed` (mod 256). */
export function pattern(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed + i * 7) & 0xff;
  return bytes;
}
