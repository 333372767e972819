// A uacce queue record: its lifecycle state, hardware queue, region mappings, references, the PRG it
// waits on, the head descriptor's progress, its rings, and the abstract counts I3 checks the rings
// against.

import type { Pid, QueueId, QueueState } from '../interface/index.ts';
import type { QueueRings } from './device/queue-rings.ts';
import type { Mm } from './memory/mm.ts';

/** One queue (live or zombie) until its last reference goes. @public */
export class Queue {
  /** Creation number (§S-5). */
  readonly id: QueueId;
  /** Device index in config order. */
  readonly device: number;
  /** The mm of the process that opened it (its bond). */
  readonly mm: Mm;
  /** The SQ and CQ. */
  readonly rings: QueueRings;
  /** Lifecycle state. */
  state: QueueState = 'init';
  /** Hardware queue index; -1 for a zombie. */
  hwQueue: number;
  /** Pid holding the `mmio` mapping, 0 when unmapped. */
  mmio: Pid = 0;
  /** Pid holding the `dus` mapping, 0 when unmapped. */
  dus: Pid = 0;
  /** Open fds pointing at the queue, across processes. */
  fdRefs = 1;
  /** The PRG index the queue waits on; -1 when it does not wait. */
  waitingPrg = -1;
  /** Bytes of the head descriptor finished so far. */
  headDone = 0;
  /** Finalized CRC-32 of the head descriptor's finished bytes (crc32 only). */
  headCrc = 0;
  /** Abstract count: submitted and not completed (I3 checks the SQ registers against it). */
  pendingCount = 0;
  /** Abstract count: completed and not received (I3 checks the CQ registers against it). */
  unreadCount = 0;
  /** The static-share region (SPEC §14, R22), once `mapSs` made one. */
  staticShare: StaticShare | undefined = undefined;

  constructor(id: QueueId, device: number, mm: Mm, hwQueue: number, rings: QueueRings) {
    this.id = id;
    this.device = device;
    this.mm = mm;
    this.hwQueue = hwQueue;
    this.rings = rings;
  }

  /** References: fds plus mapped regions (§S-5) plus the static-share mapping (R22). */
  get references(): number {
    const ss = this.staticShare !== undefined && this.staticShare.holder !== 0 ? 1 : 0;
    return this.fdRefs + (this.mmio !== 0 ? 1 : 0) + (this.dus !== 0 ? 1 : 0) + ss;
  }
}

/** A queue's static-share region: pinned frames mapped `rw` at `va` in the queue's mm. @public */
export interface StaticShare {
  readonly va: number;
  /** One frame per page, in page order. */
  readonly frames: readonly number[];
  /** The pid holding the mapping (one reference), 0 once it exited. */
  holder: Pid;
}
