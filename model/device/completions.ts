// Completing the head descriptor of a queue: it leaves the pending list and enters the completion
// ring in submission order. Optional keys are present only when they apply (`result` for an ok
// crc32, `faultAddr` for a fault).

import type { Completion, CompletionStatus } from '../../interface/index.ts';
import type { Queue } from '../state.ts';

/** Completes the queue's head descriptor with `status` and `done` = bytes finished. */
export function completeHead(
  queue: Queue,
  status: CompletionStatus,
  extra: { result?: number; faultAddr?: number } = {},
): void {
  const head = queue.pending.shift();
  if (head === undefined) throw new Error(`model bug: completing the head of empty queue ${queue.id}`);
  // the status the engine gives, never a default: an always-ok CQE (bug 17) hides faults and aborts
  const completion: { -readonly [K in keyof Completion]: Completion[K] } = {
    tag: head.desc.tag,
    status,
    done: head.done,
  };
  if (extra.result !== undefined) completion.result = extra.result;
  if (extra.faultAddr !== undefined) completion.faultAddr = extra.faultAddr;
  queue.completions.push(Object.freeze(completion));
}
