// U1-U4 (SPEC §12) over SystemSnapshot, for the model and the impl alike: every outstanding group
// is in exactly one place with distinct cookies (U1); every group held by a fault queue has exactly
// one waiter, of its own device, PRG and PASID, so its one answer reaches only it (U2); groups are
// whole, and a read's records are whole groups (U3, `checkFaultRecords`); a fault queue holds only
// groups of slots routed to it, and only while its owner lives (U4).

import type { FaultRecord, ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/**
 * U1-U4 on a snapshot: every violation found, at most one per invariant. `vmQueue`: in a guest's
 * view, the VM's fault queue — owned by the VMM outside the view, and the implicit route of every
 * guest slot (R6), so a group held there needs only a slot of its PASID (`abort` ones are answered
 * INVALID by the guest's handler).
 */
export function checkFaultQueues(
  snapshot: SystemSnapshot,
  _config?: ResolvedConfig,
  vmQueue?: number,
): InvariantViolation[] {
  const found: InvariantViolation[] = [];
  for (const check of [checkU1, checkU2, checkU3, checkU4]) {
    const v = check(snapshot, vmQueue);
    if (v !== undefined) found.push(v);
  }
  return found;
}

/** U1: one place per outstanding group (PRQ, undelivered, delivered); cookies distinct, ascending, ≥ 1. */
function checkU1(snapshot: SystemSnapshot): InvariantViolation | undefined {
  const place = new Map<string, string>();
  const put = (device: string, prg: number, where: string): InvariantViolation | undefined => {
    const key = `${device}#${prg}`;
    const other = place.get(key);
    if (other !== undefined) return violation('U1', `PRG ${prg} of device ${device} is both ${other} and ${where}`);
    place.set(key, where);
    return undefined;
  };
  for (const g of snapshot.pageRequests) {
    const v = put(g.device, g.prg, 'in the PRQ');
    if (v !== undefined) return v;
  }
  for (const fq of snapshot.faultQueues) {
    for (const g of fq.undelivered) {
      const v = put(g.device, g.prg, `undelivered in fault queue ${fq.id}`);
      if (v !== undefined) return v;
    }
    let previous = 0;
    for (const d of fq.delivered) {
      if (!Number.isSafeInteger(d.cookie) || d.cookie <= previous) {
        const why = 'cookies must be distinct integers ≥ 1, ascending';
        return violation('U1', `fault queue ${fq.id} has cookie ${d.cookie} after ${previous} (${why})`);
      }
      previous = d.cookie;
      const v = put(d.group.device, d.group.prg, `delivered in fault queue ${fq.id} (cookie ${d.cookie})`);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Every group a fault queue holds, with where. */
function heldGroups(snapshot: SystemSnapshot) {
  return snapshot.faultQueues.flatMap((fq) => [
    ...fq.undelivered.map((group) => ({ fq: fq.id, group })),
    ...fq.delivered.map((d) => ({ fq: fq.id, group: d.group })),
  ]);
}

/** U2: a held group has exactly one waiting queue, of its device and PRG, whose mm has its PASID. */
function checkU2(snapshot: SystemSnapshot): InvariantViolation | undefined {
  const pasidOfMm = new Map(snapshot.mms.map((mm) => [mm.id, mm.pasid]));
  for (const { fq, group } of heldGroups(snapshot)) {
    const waiters = snapshot.queues.filter((q) => q.device === group.device && q.waitingPrg === group.prg);
    const where = `PRG ${group.prg} of device ${group.device} in fault queue ${fq}`;
    if (waiters.length !== 1) {
      return violation('U2', `${where} has ${waiters.length} waiting queues (its answer must reach exactly one)`);
    }
    if (pasidOfMm.get(waiters[0].mm) !== group.pasid) {
      return violation('U2', `${where} (PASID ${group.pasid}) is waited on by queue ${waiters[0].id} of another PASID`);
    }
  }
  return undefined;
}

/** U3 on a snapshot: every held group is whole — one or two requests, page-aligned, source before destination. */
function checkU3(snapshot: SystemSnapshot): InvariantViolation | undefined {
  for (const { fq, group } of heldGroups(snapshot)) {
    const kinds = group.requests.map((r) => r.access).join('');
    if (!['r', 'w', 'rw'].includes(kinds)) {
      const where = `PRG ${group.prg} of device ${group.device} in fault queue ${fq}`;
      return violation('U3', `${where} is not a whole group (requests '${kinds}')`);
    }
  }
  return undefined;
}

/** U4: a fault queue holds only groups of sva slots routed to it, and exists only while its owner lives. */
function checkU4(snapshot: SystemSnapshot, vmQueue?: number): InvariantViolation | undefined {
  const live = new Set(snapshot.processes.map((p) => p.pid));
  for (const fq of snapshot.faultQueues) {
    if (fq.id !== vmQueue && !live.has(fq.owner))
      return violation('U4', `fault queue ${fq.id} outlived its owner ${fq.owner}`);
  }
  const ids = new Set(snapshot.faultQueues.map((fq) => fq.id));
  for (const device of snapshot.devices) {
    for (const slot of device.slots) {
      if (slot.route === undefined) continue;
      const where = `slot ${slot.pasid} of ${device.name}`;
      if (slot.state !== 'sva')
        return violation('U4', `the ${slot.state} ${where} still routes to queue ${slot.route}`);
      if (!ids.has(slot.route)) return violation('U4', `${where} routes to destroyed fault queue ${slot.route}`);
    }
  }
  for (const { fq, group } of heldGroups(snapshot)) {
    const slot = snapshot.devices.find((d) => d.name === group.device)?.slots.find((s) => s.pasid === group.pasid);
    if (fq === vmQueue && slot !== undefined && slot.route === undefined) continue;
    if (slot?.route !== fq) {
      const now =
        slot === undefined
          ? 'nowhere (cleared)'
          : slot.route === undefined
            ? 'to the kernel'
            : `to fault queue ${slot.route}`;
      const where = `PRG ${group.prg} of device ${group.device} (PASID ${group.pasid})`;
      return violation('U4', `${where} is still in fault queue ${fq}, but its slot routes ${now}`);
    }
  }
  return undefined;
}

/**
 * U3 on a read: `records` (what `readFaults(fq)` returned) are whole groups — each cookie's records
 * consecutive, `last` exactly on its final one, equal to the group the queue now holds under that
 * cookie in `after` (the state right after the read).
 */
export function checkFaultRecords(
  records: readonly FaultRecord[],
  fq: number,
  after: SystemSnapshot,
): InvariantViolation | undefined {
  const delivered = after.faultQueues.find((q) => q.id === fq)?.delivered ?? [];
  const seen = new Set<number>();
  for (let i = 0; i < records.length;) {
    const cookie = records[i].cookie;
    const group = delivered.find((d) => d.cookie === cookie)?.group;
    if (seen.has(cookie) || group === undefined) {
      return violation('U3', `readFaults(${fq}) returned cookie ${cookie} split or not delivered`);
    }
    seen.add(cookie);
    for (let k = 0; k < group.requests.length; k++) {
      const r = records[i + k] as FaultRecord | undefined;
      const want = group.requests[k];
      const last = k === group.requests.length - 1;
      const same =
        r !== undefined &&
        r.cookie === cookie &&
        r.addr === want.addr &&
        r.access === want.access &&
        r.last === last &&
        r.device === group.device &&
        r.pasid === group.pasid &&
        r.prg === group.prg;
      if (!same) {
        return violation('U3', `readFaults(${fq}) split or altered the group of cookie ${cookie} at record ${i + k}`);
      }
    }
    i += group.requests.length;
  }
  return undefined;
}
