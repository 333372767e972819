// The refinement view of a snapshot: frame numbers renamed to their order of first appearance
// (mm ascending, page ascending — SEMANTICS §S-11), so that two systems that chose different free
// frames compare equal; the free list becomes a count, since free frame numbers are not observable.
// With VMs (SPEC §13, R1) the host frames of every VM's stage-2 entries come next in that order, and
// pins are renamed like references; GPA pages (each guest's own frames) are compared as they are (R2).

import type { FramesSnapshot, MmSnapshot, SystemSnapshot } from '../../interface/index.ts';

/** A snapshot with frames renamed; compare two of these by deep equality. @public */
export interface NormalizedSnapshot extends Omit<SystemSnapshot, 'frames' | 'mms'> {
  readonly mms: readonly MmSnapshot[];
  readonly frames: {
    readonly total: number;
    readonly freeCount: number;
    readonly refs: FramesSnapshot['refs'];
    readonly pins: FramesSnapshot['pins'];
  };
}

/**
 * Renames the frames of `snap` to their order of first appearance (unreferenced frames with counts last, `-1 - n`).
 * @public
 */
export function normalizeSnapshot(snap: SystemSnapshot): NormalizedSnapshot {
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
  const vms = (snap.vms ?? []).map((vm) => ({
    ...vm,
    stage2: vm.stage2.map((e) => ({ ...e, frame: nameOf(e.frame) })),
  }));
  // A counted frame no page points at (an S6 violation) keeps a name that cannot collide.
  const orphanName = (frame: number): number => names.get(frame) ?? -1 - frame;
  const rename = (list: FramesSnapshot['refs']): FramesSnapshot['refs'] =>
    list.map((r) => ({ frame: orphanName(r.frame), count: r.count })).sort((a, b) => a.frame - b.frame);
  const frames = {
    total: snap.frames.total,
    freeCount: snap.frames.free.length,
    refs: rename(snap.frames.refs),
    pins: rename(snap.frames.pins ?? []),
  };
  // static-share frames are pages of their mm, so they carry the names those pages got (R22)
  const queues = snap.queues.map((q) =>
    q.staticShare === undefined
      ? q
      : { ...q, staticShare: { ...q.staticShare, frames: q.staticShare.frames.map(orphanName) } },
  );
  return { ...snap, mms, vms, queues, frames };
}
