// A refinement view of a snapshot with VMs (SPEC §13, R1): host frames renamed by first appearance
// (host mm pages ascending, then every VM's stage-2 entries), so that two systems that chose
// different free host frames compare equal; refs and pins renamed the same way, the free list a
// count. GPA pages are compared as they are (R2), so each guest's snapshot is left unchanged.

import type { SystemSnapshot } from 'warpdrive-sva/interface';

/** `snap` with host frames renamed (see above); compare two of these by deep equality. */
export function normalizeVmSnapshot(snap: SystemSnapshot): unknown {
  const names = new Map<number, number>();
  const nameOf = (frame: number): number => {
    let n = names.get(frame);
    if (n === undefined) names.set(frame, (n = names.size));
    return n;
  };
  const mms = snap.mms.map((mm) => ({
    ...mm,
    pages: mm.pages.map((p) => (p.frame === undefined ? p : { ...p, frame: nameOf(p.frame) })),
  }));
  const vms = snap.vms.map((vm) => ({ ...vm, stage2: vm.stage2.map((e) => ({ ...e, frame: nameOf(e.frame) })) }));
  const rename = (list: readonly { frame: number; count: number }[]) =>
    list.map((r) => ({ frame: names.get(r.frame) ?? -1 - r.frame, count: r.count })).sort((a, b) => a.frame - b.frame);
  const frames = {
    total: snap.frames.total,
    freeCount: snap.frames.free.length,
    refs: rename(snap.frames.refs),
    pins: rename(snap.frames.pins),
  };
  return { ...snap, mms, vms, frames };
}
