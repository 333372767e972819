// Read-only views into a system's snapshot that scenarios assert on.

import { expect } from 'vitest';
import type { DeviceSnapshot, MmSnapshot, QueueSnapshot, SvaSystem } from 'warpdrive-sva/interface';

/** The snapshot of mm `id` (named by the pid it was created for); fails the test if it was dropped. */
export function mmOf(sys: SvaSystem, id: number, contents = false): MmSnapshot {
  const mm = sys.snapshot({ contents }).mms.find((m) => m.id === id);
  expect(mm, `mm ${id} should not be dropped`).toBeDefined();
  return mm as MmSnapshot;
}

/** Whether mm `id` still exists (not dropped). */
export function mmExists(sys: SvaSystem, id: number): boolean {
  return sys.snapshot().mms.some((m) => m.id === id);
}

/** The snapshot of a device by name. */
export function deviceOf(sys: SvaSystem, name: string): DeviceSnapshot {
  const d = sys.snapshot().devices.find((x) => x.name === name);
  expect(d, `device ${name}`).toBeDefined();
  return d as DeviceSnapshot;
}

/** The snapshot of the queue that fd `fd` of process `pid` points at. */
export function queueOf(sys: SvaSystem, pid: number, fd: number): QueueSnapshot {
  const snap = sys.snapshot();
  const entry = snap.processes.find((p) => p.pid === pid)?.fds.find((f) => f.fd === fd);
  expect(entry, `fd ${fd} of pid ${pid}`).toBeDefined();
  const q = snap.queues.find((x) => x.id === entry?.queue);
  expect(q, `queue of fd ${fd}`).toBeDefined();
  return q as QueueSnapshot;
}

/** How many frames are free. */
export function freeFrames(sys: SvaSystem): number {
  return sys.snapshot().frames.free.length;
}

/** `{ addr, state }` of every page the mm has contents for (frames left out). */
export function pageStates(sys: SvaSystem, id: number): Array<{ addr: number; state: string }> {
  return mmOf(sys, id).pages.map((p) => ({ addr: p.addr, state: p.state }));
}
