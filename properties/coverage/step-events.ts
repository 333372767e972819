// The coverage events a whole command reaches, read from the reference's state before and after it
// and the SpecEvents it reported (issue 10): the limits (highest PASID, a ring one short of full) and
// the rare states where an ordering inside exit, release, drain or removal becomes observable — a
// removal with the overflow flag set or groups queued, groups discarded after an overflow, an exit
// that drains while another process's group waits and no frame is free, an INVALID answer for lack
// of a frame, an exit while a forked child holds the queue, PASID reuse after a removal, and groups
// of two devices queued at once.

import type { Pasid, ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import type { CommandData } from '../commands/data.ts';
import type { Coverage } from './events.ts';

/** The SpecEvents one command made the reference report. */
export interface StepReports {
  /** Groups queued in the PRQ. */
  queued: number;
  /** Groups answered, with their device and PRG index. */
  readonly answered: { readonly device: string; readonly prg: number; readonly success: boolean }[];
  /** PASIDs allocated to a value another mm held before. */
  readonly reusedPasids: Pasid[];
}

/** A fresh, empty record of one command's reports. */
export function emptyReports(): StepReports {
  return { queued: 0, answered: [], reusedPasids: [] };
}

/** Whether every request of the group `before` held for (device, prg) was legal for its PASID's mm (§S-3). */
function groupWasLegal(before: SystemSnapshot, device: string, prg: number): boolean {
  const group = before.pageRequests.find((g) => g.device === device && g.prg === prg);
  if (group === undefined) return false;
  const mm = before.mms.find((m) => m.pasid === group.pasid && !m.exited);
  if (mm === undefined) return false;
  return group.requests.every((r) =>
    mm.vmas.some((v) => v.start <= r.addr && r.addr < v.end && v.prot.includes(r.access)),
  );
}

/** Counts the command-level events of one command into `counts`; `freedByRemoval` carries PASIDs across commands. */
export function countStepEvents(
  counts: Coverage,
  config: ResolvedConfig,
  data: CommandData,
  before: SystemSnapshot,
  after: SystemSnapshot,
  reports: StepReports,
  freedByRemoval: Set<Pasid>,
): void {
  const discarded = before.pageRequests.length + reports.queued - reports.answered.length - after.pageRequests.length;
  if (discarded > 0 && before.prqOverflow) counts.overflowThenDiscard++;
  if (
    before.frames.free.length === 0 &&
    reports.answered.some((a) => !a.success && groupWasLegal(before, a.device, a.prg))
  ) {
    counts.invalidNoFrame++;
  }
  for (const p of reports.reusedPasids) {
    if (freedByRemoval.delete(p)) counts.pasidReusedAfterRemoval++;
  }
  const requesting = (s: SystemSnapshot): number => new Set(s.pageRequests.map((g) => g.device)).size;
  if (requesting(after) >= 2 && requesting(before) < 2) counts.twoDevicesRequesting++;
  countLimits(counts, config, before, after);
  if (config.devices.some((d) => d.mode !== 'sva')) countLegacy(counts, before, after);
  if (data.cmd === 'removeDevice') countRemoval(counts, before, after, freedByRemoval);
  else if (data.cmd === 'exit') countExit(counts, before, after);
}

/** A bond reaching the highest PASID its device takes, and a queue left one slot short of full. */
function countLimits(counts: Coverage, config: ResolvedConfig, before: SystemSnapshot, after: SystemSnapshot): void {
  after.devices.forEach((d, k) => {
    const had = before.devices[k];
    const top = 2 ** Math.min(config.pasidBits, config.devices[k].pasidBits) - 1;
    for (const b of d.bonds) {
      if (had.bonds.some((x) => x.mm === b.mm)) continue;
      if (after.mms.find((m) => m.id === b.mm)?.pasid === top) counts.highestPasid++;
    }
  });
  for (const q of after.queues) {
    const depth = config.devices.find((d) => d.name === q.device)?.ringDepth ?? 0;
    if (q.pending.length !== depth - 1) continue;
    const was = before.queues.find((x) => x.id === q.id);
    if (was === undefined || was.pending.length < depth - 1) counts.ringOneShortOfFull++;
  }
}

/** A removal with the overflow flag set or groups of the device queued; the PASIDs it freed. */
function countRemoval(
  counts: Coverage,
  before: SystemSnapshot,
  after: SystemSnapshot,
  freedByRemoval: Set<Pasid>,
): void {
  const removed = after.devices.find((d, k) => d.removed && !before.devices[k].removed);
  if (removed === undefined) return;
  if (before.prqOverflow) counts.removeWhileOverflow++;
  if (before.pageRequests.some((g) => g.device === removed.name)) counts.removeWithGroups++;
  const still = new Set(after.mms.map((m) => m.pasid));
  for (const m of before.mms) if (m.pasid !== undefined && !still.has(m.pasid)) freedByRemoval.add(m.pasid);
}

/** An exit that drains with another process's group queued and no free frame; an exit whose queue a child holds. */
function countExit(counts: Coverage, before: SystemSnapshot, after: SystemSnapshot): void {
  const gone = before.processes.find((p) => !after.processes.some((x) => x.pid === p.pid));
  if (gone === undefined) return;
  const mine = new Set(gone.fds.map((f) => f.queue));
  const others = before.processes.filter((p) => p.pid !== gone.pid);
  if (others.some((p) => p.fds.some((f) => mine.has(f.queue)))) counts.exitChildHoldsQueue++;
  const pasid = before.mms.find((m) => m.id === gone.pid)?.pasid;
  const drains = before.queues.some((q) => mine.has(q.id) && q.state === 'started' && q.pending.length > 0);
  if (drains && before.frames.free.length === 0 && before.pageRequests.some((g) => g.pasid !== pasid))
    counts.exitDrainNoFrame++;
}

/** SPEC §14: regions mapped, freed, outliving their holder; DMA done and faults on the legacy devices. */
function countLegacy(counts: Coverage, before: SystemSnapshot, after: SystemSnapshot): void {
  const mode = new Map(after.devices.map((d) => [d.name, d.mode]));
  const was = new Map(before.queues.map((q) => [q.id, q]));
  const now = new Map(after.queues.map((q) => [q.id, q]));
  for (const q of after.queues) {
    const old = was.get(q.id);
    if (q.staticShare !== undefined && old?.staticShare === undefined) counts.staticShareMapped++;
    if (q.staticShare !== undefined && q.staticShare.holder === undefined && old?.staticShare?.holder !== undefined)
      counts.staticShareOutlivesExit++;
    const fresh = q.completions.length - (old?.completions.length ?? 0);
    const m = mode.get(q.device);
    if (fresh <= 0 || m === 'sva') continue;
    const done = q.completions.slice(-fresh).filter((c) => c.status === 'ok' && c.done > 0).length;
    if (m === 'pasid-static') counts.staticDmaOk += done;
    else counts.noiommuDmaOk += done;
  }
  for (const q of before.queues) {
    if (q.staticShare !== undefined && now.get(q.id)?.staticShare === undefined) counts.staticShareFreed++;
  }
  after.devices.forEach((d, k) => {
    const events = d.nextEventSeq - before.devices[k].nextEventSeq;
    if (events <= 0 || d.mode === 'sva') return;
    if (d.mode === 'pasid-static') counts.staticFault += events;
    else counts.noiommuFault += events;
  });
}
