// One accelerator's state: its hardware queues, round-robin pointer, bonds per mm, and the PRG
// indices it has outstanding in the page-request queue with the queue waiting on each.

import type { MmId, ResolvedDeviceConfig } from '../interface/index.ts';
import type { Refusal } from './fault-injection.ts';
import type { Queue } from './queue.ts';

/** PRG indices a device may use: [0, 512) (SPEC §5). */
export const PRG_INDEXES = 512;

/** A device. @public */
export class Device {
  /** Index in config order. */
  readonly index: number;
  /** The device's config. */
  readonly config: ResolvedDeviceConfig;
  /** Hot-unplugged. */
  removed = false;
  /** The VM the device is assigned to (SPEC §13), 0 for a host device. */
  assignedTo = 0;
  /** The queue holding each hardware queue, by index. */
  readonly hwQueues: (Queue | undefined)[];
  /** The hardware-queue index `deviceStep` served last (-1 before the first). */
  lastServed = -1;
  /** Bond counts per mm (zero counts are deleted). */
  readonly bonds = new Map<MmId, number>();
  /** 1 where the PRG index has a group in the page-request queue. */
  readonly prgOutstanding = new Uint8Array(PRG_INDEXES);
  /** The queue waiting on each PRG index. */
  // Stryker disable next-line ArrayDeclaration: a JS array reads undefined past its end and grows on write, so the preset length only sizes it
  readonly prgWaiter: (Queue | undefined)[] = new Array(PRG_INDEXES);
  /** Fault injection's refusal (R23: open → EBUSY); undefined when off. */
  refuse: Refusal | undefined = undefined;

  constructor(index: number, config: ResolvedDeviceConfig) {
    this.index = index;
    this.config = config;
    this.hwQueues = new Array(config.hwQueues);
  }

  /** The lowest free hardware-queue index, or -1 (also when injection refuses the allocation). */
  lowestFreeHwQueue(): number {
    if (this.refuse !== undefined && this.refuse()) return -1;
    for (let h = 0; h < this.hwQueues.length; h++) if (this.hwQueues[h] === undefined) return h;
    return -1;
  }

  /** Free hardware queues (uacce `available_instances`); all of them once removed (§S-10). */
  get availableInstances(): number {
    let free = 0;
    for (let h = 0; h < this.hwQueues.length; h++) if (this.hwQueues[h] === undefined) free++;
    return free;
  }

  /** The lowest PRG index with no group in the page-request queue, or -1 (§S-8). */
  lowestFreePrg(): number {
    return this.prgOutstanding.indexOf(0);
  }
}
