// The IOMMU's page-request queue (SPEC §5, §S-8): PRG indexes, queuing a group or overflowing, and
// discarding groups. The overflow flag clears whenever the queue becomes empty.

import type { Access, DeviceName, Pasid } from '../../interface/index.ts';
import { report, type ModelState, type PageRequest, type PageRequestGroup } from '../state.ts';

/** PRG indexes a device may use: [0, 512). */
export const PRG_INDEXES = 512;

/** Requests currently queued in the PRQ, over all groups. */
export function queuedRequestCount(state: ModelState): number {
  let count = 0;
  for (const group of state.prq) count += group.requests.length;
  return count;
}

/**
 * The lowest PRG index in [0, 512) the device does not have outstanding, if any. Outstanding (R5):
 * in the PRQ, or in a fault queue (undelivered or delivered-unanswered).
 */
export function lowestFreePrg(state: ModelState, device: DeviceName): number | undefined {
  const used = new Set(state.prq.filter((g) => g.device === device).map((g) => g.prg));
  for (const fq of state.faultQueues.values()) {
    for (const g of [...fq.undelivered, ...fq.delivered.values()]) if (g.device === device) used.add(g.prg);
  }
  for (let prg = 0; prg < PRG_INDEXES; prg++) if (!used.has(prg)) return prg;
  return undefined;
}

/**
 * Issues a group: queued when queued requests + its size ≤ prqDepth (returns 'queued'); else the
 * overflow flag is set and the group counts as answered SUCCESS at once (returns 'overflow').
 */
export function issueGroup(
  state: ModelState,
  device: DeviceName,
  pasid: Pasid,
  prg: number,
  faults: readonly { readonly addr: number; readonly access: Access }[],
): 'queued' | 'overflow' {
  const requests: PageRequest[] = faults.map((f) => ({
    addr: f.addr - (f.addr % state.config.pageSize),
    access: f.access,
  }));
  if (queuedRequestCount(state) + requests.length > state.config.prqDepth) {
    // an overflowing group is answered SUCCESS at once (the caller retries): dropping it (bug 15) leaves
    // the queue waiting on a group no one will answer
    state.prqOverflow = true;
    report(state, { kind: 'prqOverflow', device, pasid });
    return 'overflow';
  }
  state.prq.push({ device, pasid, prg, requests });
  report(state, { kind: 'pageRequest', device, pasid, prg, requests: requests.length });
  return 'queued';
}

/** Takes the oldest group out of the PRQ (the flag clears if the PRQ became empty). */
export function takeOldestGroup(state: ModelState): PageRequestGroup | undefined {
  const group = state.prq.shift();
  // every discard that empties the PRQ clears the flag, removal's included (bug 44 keeps it set)
  if (state.prq.length === 0) state.prqOverflow = false;
  return group;
}

/** Discards, unanswered, every queued group matching `which` (the flag clears if the PRQ became empty). */
export function discardGroups(state: ModelState, which: (group: PageRequestGroup) => boolean): void {
  state.prq = state.prq.filter((g) => !which(g));
  if (state.prq.length === 0) state.prqOverflow = false;
}
