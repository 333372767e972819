// A 'noiommu' device's addressing (SPEC §14, R21, §S-15): no translation at all. A descriptor
// address is physical, `frame · pageSize + offset`; every frame is reachable, whoever maps it —
// the isolation hole check K finds. An address past the last frame is an unrecoverable translation
// fault (event with PASID 0); once the opener exited, the queue's remaining work completes `aborted`.

import type { Translation } from '../iommu/translate.ts';
import type { ModelState, Queue } from '../state.ts';

/** Where a 'noiommu' queue's access to physical address `addr` lands. */
export function physicalTranslation(state: ModelState, queue: Queue, addr: number): Translation {
  const mm = state.mms.get(queue.mm);
  // R21: the opener's exit aborts the queue's work, as an sva slot becomes `abort`
  if (mm === undefined || mm.exited) return { outcome: 'abort' };
  const frame = Math.floor(addr / state.config.pageSize);
  return frame < state.frames.total ? { outcome: 'frame', frame } : { outcome: 'fault', fault: 'translation' };
}
