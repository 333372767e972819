// S4 Hardware queues (SPEC §7, §S-5, §S-10): each hardware queue is held by at most one queue, only
// non-zombie queues hold one (every non-zombie queue exactly one, in range), and
// availableInstances = total − held.

import type { ResolvedConfig, SystemSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** S4: hardware queues are held by distinct live queues and counted right. @public */
export function checkHardwareQueues(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  const totalOf = new Map(config.devices.map((d) => [d.name, d.hwQueues]));
  const heldBy = new Map<string, Map<number, number>>(snapshot.devices.map((d) => [d.name, new Map()]));
  for (const queue of snapshot.queues) {
    if (queue.state === 'zombie') {
      if (queue.hwQueue !== undefined)
        return violation(
          'S4',
          `zombie queue ${queue.id} of device ${queue.device} still holds hardware queue ${queue.hwQueue}`,
        );
      continue;
    }
    const total = totalOf.get(queue.device);
    const held = heldBy.get(queue.device);
    if (total === undefined || held === undefined)
      return violation('S4', `queue ${queue.id} names unknown device ${queue.device}`);
    if (
      queue.hwQueue === undefined ||
      !Number.isSafeInteger(queue.hwQueue) ||
      queue.hwQueue < 0 ||
      queue.hwQueue >= total
    ) {
      return violation(
        'S4',
        `live queue ${queue.id} of device ${queue.device} holds no valid hardware queue (${String(queue.hwQueue)})`,
      );
    }
    const other = held.get(queue.hwQueue);
    if (other !== undefined)
      return violation(
        'S4',
        `hardware queue ${queue.hwQueue} of device ${queue.device} is held by queues ${other} and ${queue.id}`,
      );
    held.set(queue.hwQueue, queue.id);
  }
  for (const device of snapshot.devices) {
    const total = totalOf.get(device.name) ?? 0;
    const held = heldBy.get(device.name)?.size ?? 0;
    if (device.removed && held > 0)
      return violation('S4', `removed device ${device.name} still has ${held} live queues`);
    if (device.availableInstances !== total - held) {
      return violation(
        'S4',
        `device ${device.name} reports ${device.availableInstances} available instances but ${total} − ${held} held = ${total - held}`,
      );
    }
  }
  return undefined;
}
