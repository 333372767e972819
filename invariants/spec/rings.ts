// S5 Rings (SPEC §7, §S-9, §S-10): 0 ≤ outstanding ≤ ringDepth − 1; a zombie holds no work; only
// the head of a queue has progress and 0 ≤ done < len for every pending descriptor; only a started
// queue with work waits on a PRG; completions carry `faultAddr` exactly when they faulted and
// `result` only when ok. (That completions leave in submission order, each once, is a property
// of the command sequence, checked by the properties that drive recv.)

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S5: every queue's ring is within bounds and well-formed. @public */
export function checkRings(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  const depthOf = new Map(config.devices.map((d) => [d.name, d.ringDepth]));
  for (const queue of snapshot.queues) {
    const outstanding = queue.pending.length + queue.completions.length;
    const depth = depthOf.get(queue.device) ?? 0;
    if (outstanding > depth - 1) {
      return violation(
        'S5',
        `queue ${queue.id} of device ${queue.device} has ${outstanding} outstanding descriptors, more than ringDepth − 1 = ${depth - 1}`,
      );
    }
    if (queue.state === 'zombie' && outstanding > 0)
      return violation(
        'S5',
        `zombie queue ${queue.id} of device ${queue.device} still holds ${outstanding} descriptors`,
      );
    for (let i = 0; i < queue.pending.length; i++) {
      const { desc, done, crc } = queue.pending[i];
      if (!Number.isSafeInteger(done) || done < 0 || done >= Math.max(desc.len, 1)) {
        return violation(
          'S5',
          `pending descriptor ${i} (tag ${desc.tag}) of queue ${queue.id} has done = ${done} for len ${desc.len}`,
        );
      }
      if (i > 0 && done > 0)
        return violation(
          'S5',
          `descriptor ${i} (tag ${desc.tag}) of queue ${queue.id} progressed while not at the head`,
        );
      if (desc.op !== 'crc32' && crc !== 0)
        return violation('S5', `${desc.op} descriptor (tag ${desc.tag}) of queue ${queue.id} has a running crc ${crc}`);
    }
    if (queue.waitingPrg !== undefined && (queue.state !== 'started' || queue.pending.length === 0)) {
      return violation(
        'S5',
        `queue ${queue.id} of device ${queue.device} waits on PRG ${queue.waitingPrg} while ${queue.state} with ${queue.pending.length} pending`,
      );
    }
    for (const c of queue.completions) {
      if ((c.status === 'fault') !== (c.faultAddr !== undefined)) {
        return violation(
          'S5',
          `completion (tag ${c.tag}) of queue ${queue.id} has status ${c.status} and faultAddr ${String(c.faultAddr)}`,
        );
      }
      if (c.result !== undefined && c.status !== 'ok') {
        return violation('S5', `completion (tag ${c.tag}) of queue ${queue.id} has status ${c.status} and a result`);
      }
    }
  }
  return undefined;
}
