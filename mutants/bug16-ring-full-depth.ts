// Bug 16 (SPEC §9): the ring lets `ringDepth` descriptors be outstanding instead of `ringDepth − 1`:
// with every slot used, head == tail and a full ring reads as an empty one.
// Linux analogue: the classic full-vs-empty ring off-by-one — a queue-depth check against
// QM_Q_DEPTH instead of QM_Q_DEPTH − 1 (hisi_qm/UADK used-count checks).

import { QueueRings, createSystem } from '../impl/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** Rings that count `depth` free slots when empty. */
export class FullDepthRings extends QueueRings {
  override freeSlots(): number {
    // The bug: the slot that tells full from empty is handed out too.
    return this.depth - this.used;
  }
}

/** Bug 16 of the zoo. */
export const bug16: ZooBug = {
  id: 16,
  name: 'ring-full-depth',
  description: 'the ring accepts ringDepth outstanding descriptors (full ring looks empty)',
  analogue: 'full-vs-empty ring off-by-one: used count checked against the queue depth, not depth − 1 (hisi_qm/UADK)',
  create: (config) => createSystem(config, { components: { queueRings: (depth) => new FullDepthRings(depth) } }),
};
