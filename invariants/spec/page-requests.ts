// S7 Page requests (SPEC §7, §5, §S-8, R5): each outstanding PRG (device, index) — in the PRQ or a
// fault queue — is held once and has exactly one waiting queue, and each waiting queue has its
// group; a removed device has none; the PRQ holds at most prqDepth requests, only from PRI devices,
// for the waiting queue's PASID; the overflow flag is set only while the queue is non-empty.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S7: page-request groups and waiting queues match one to one. @public */
export function checkPageRequests(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  const faultsOf = new Map(config.devices.map((d) => [d.name, d.faults]));
  const removed = new Set(snapshot.devices.filter((d) => d.removed).map((d) => d.name));
  const pasidOfMm = new Map(snapshot.mms.map((mm) => [mm.id, mm.pasid]));
  const waiting = new Map<string, { id: number; mm: number }>();
  for (const queue of snapshot.queues) {
    if (queue.waitingPrg === undefined) continue;
    if (removed.has(queue.device))
      return violation('S7', `queue ${queue.id} of removed device ${queue.device} waits on PRG ${queue.waitingPrg}`);
    const key = `${queue.device}#${queue.waitingPrg}`;
    const other = waiting.get(key);
    if (other !== undefined)
      return violation(
        'S7',
        `queues ${other.id} and ${queue.id} of device ${queue.device} both wait on PRG ${queue.waitingPrg}`,
      );
    waiting.set(key, { id: queue.id, mm: queue.mm });
  }
  const queued = new Set<string>();
  let requests = 0;
  // R5: a group is outstanding wherever it sits — the PRQ or a fault queue (undelivered or delivered)
  const inFaultQueues = snapshot.faultQueues.flatMap((fq) => [...fq.undelivered, ...fq.delivered.map((d) => d.group)]);
  for (const group of [...snapshot.pageRequests, ...inFaultQueues]) {
    const where = `PRG ${group.prg} of device ${group.device} (PASID ${group.pasid})`;
    if (removed.has(group.device)) return violation('S7', `${where} is queued although the device was removed`);
    if (faultsOf.get(group.device) !== 'pri')
      return violation('S7', `${where} is queued although the device has no PRI`);
    if (!Number.isSafeInteger(group.prg) || group.prg < 0 || group.prg >= 512)
      return violation('S7', `${where} has an index outside [0, 512)`);
    if (group.requests.length === 0) return violation('S7', `${where} has no requests`);
    if (group.requests.some((r) => r.addr % config.pageSize !== 0))
      return violation('S7', `${where} has a request at an unaligned address`);
    const key = `${group.device}#${group.prg}`;
    if (queued.has(key)) return violation('S7', `${where} is outstanding twice`);
    queued.add(key);
    const waiter = waiting.get(key);
    if (waiter === undefined) return violation('S7', `${where} is outstanding but no queue waits on it`);
    if (pasidOfMm.get(waiter.mm) !== group.pasid) {
      return violation(
        'S7',
        `${where} is waited on by queue ${waiter.id}, whose mm ${waiter.mm} has PASID ${String(pasidOfMm.get(waiter.mm))}`,
      );
    }
  }
  for (const [key, waiter] of waiting) {
    if (!queued.has(key)) {
      const prg = key.replace('#', ' PRG ');
      return violation('S7', `queue ${waiter.id} waits on ${prg} but no such group is outstanding`);
    }
  }
  for (const group of snapshot.pageRequests) requests += group.requests.length;
  if (requests > config.prqDepth)
    return violation('S7', `the page-request queue holds ${requests} requests, more than prqDepth ${config.prqDepth}`);
  if (snapshot.prqOverflow && snapshot.pageRequests.length === 0)
    return violation('S7', 'the overflow flag is set while the page-request queue is empty');
  return undefined;
}
