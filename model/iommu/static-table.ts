// The device table of a 'pasid-static' slot (SPEC §14, R22): the union of the slot's mm's
// static-share regions on that device. An access inside one reaches the region's pinned frame
// (always present, `rw`); anything else is an unrecoverable translation fault. Hazard: a region
// left in the table after its queue's release (bug 37) reaches freed frames someone else reuses.

import type { Device, ModelState } from '../state.ts';

/** The frame of `addr` in the static-share regions of mm `mmId` on `device`, or undefined. */
export function staticFrameOf(state: ModelState, device: Device, mmId: number, addr: number): number | undefined {
  const ps = state.config.pageSize;
  for (const queue of state.queues.values()) {
    const ss = queue.staticShare;
    if (ss === undefined || queue.mm !== mmId || queue.device !== device.config.name) continue;
    const index = Math.floor((addr - ss.va) / ps);
    if (addr >= ss.va && index < ss.frames.length) return ss.frames[index];
  }
  return undefined;
}
