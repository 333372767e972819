// I3 ring encoding (SPEC §7): a queue's SQ/CQ registers, CQE phase bits and used count encode
// exactly its abstract queue — `pending` descriptors in the SQ, `unread` completions in the CQ,
// used = pending + unread ≤ depth - 1, each unread CQE carrying the phase the driver expects at
// its slot, and the next CQE slot not mistakable for a new one.

import type { ImplInspection, RingView } from '../../impl/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

function ringProblem(r: RingView): string | undefined {
  const d = r.depth;
  const sqCount = (r.sqTail - r.sqHead + d) % d;
  const cqCount = (r.cqTail - r.cqHead + d) % d;
  if (r.used !== r.pending + r.unread) return `used count ${r.used} ≠ ${r.pending} pending + ${r.unread} unread`;
  if (r.used > d - 1) return `used count ${r.used} exceeds ring depth ${d} - 1`;
  if (sqCount !== r.pending)
    return `SQ head ${r.sqHead} / tail ${r.sqTail} hold ${sqCount} descriptors, but ${r.pending} are pending`;
  if (cqCount !== r.unread)
    return `CQ head ${r.cqHead} / tail ${r.cqTail} hold ${cqCount} completions, but ${r.unread} are unread`;
  for (let k = 0; k <= cqCount; k++) {
    const slot = (r.cqHead + k) % d;
    const expected = r.cqHead + k >= d ? r.consumerPhase ^ 1 : r.consumerPhase;
    if (k < cqCount && r.cqPhases[slot] !== expected) {
      return `unread CQE in slot ${slot} has phase ${r.cqPhases[slot]}, the driver expects ${expected}`;
    }
    if (k === cqCount) {
      if (r.producerPhase !== expected)
        return `device phase ${r.producerPhase} at CQ tail ${slot}, the driver will expect ${expected} there`;
      if (cqCount < d && r.cqPhases[slot] === expected)
        return `stale CQE in slot ${slot} (the CQ tail) already has the expected phase ${expected}`;
    }
  }
  return undefined;
}

/** The first queue whose ring registers disagree with its abstract queue, if any. @public */
export function checkRingEncoding(inspection: ImplInspection): InvariantViolation | undefined {
  for (const r of inspection.rings) {
    const problem = ringProblem(r);
    if (problem !== undefined) return violation('I3', `queue ${r.queue} (${r.device}, ${r.state}): ${problem}`);
  }
  return undefined;
}
