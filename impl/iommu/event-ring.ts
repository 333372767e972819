// A device's fault-event queue (devices with `faults: 'none'`): a ring of `eventDepth` records; a
// record that does not fit is dropped and counted, and every generated record takes a `seq` (§S-8).

import type { Access, FaultEvent, FaultKind, Pasid } from '../../interface/index.ts';

/** The event ring of one device. */
export class EventRing {
  /** Records the ring holds. */
  readonly capacity: number;
  /** Records dropped since the last read. */
  lost = 0;
  /** The `seq` the next generated record gets. */
  nextSeq = 0;
  private readonly seq: Float64Array;
  private readonly pasid: Int32Array;
  private readonly addr: Float64Array;
  private readonly write: Uint8Array;
  private readonly permission: Uint8Array;
  /** 0 = no stage (a host record), else the stage that faulted (R15). */
  private readonly stage: Uint8Array;
  /** The GPA byte address of a stage-2 record, else -1. */
  private readonly gpa: Float64Array;
  /** Per record: the device index (the VM's virtual event queue names it, R17), else -1. */
  private readonly device: Int32Array;
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.seq = new Float64Array(capacity);
    this.pasid = new Int32Array(capacity);
    this.addr = new Float64Array(capacity);
    this.write = new Uint8Array(capacity);
    this.permission = new Uint8Array(capacity);
    this.stage = new Uint8Array(capacity);
    this.gpa = new Float64Array(capacity);
    this.device = new Int32Array(capacity);
  }

  /** Records a fault, or drops it (lost + 1) when the ring is full; either way it takes a seq. */
  record(pasid: Pasid, addr: number, access: Access, kind: FaultKind, stage = 0, gpa = -1, device = -1): void {
    const seq = this.nextSeq++;
    if (this.count === this.capacity) {
      this.lost++;
      return;
    }
    const i = (this.head + this.count) % this.capacity;
    this.seq[i] = seq;
    this.pasid[i] = pasid;
    this.addr[i] = addr;
    this.write[i] = access === 'w' ? 1 : 0;
    this.permission[i] = kind === 'permission' ? 1 : 0;
    this.stage[i] = stage;
    this.gpa[i] = gpa;
    this.device[i] = device;
    this.count++;
  }

  /** Takes up to `max` records, oldest first. */
  take(max: number): FaultEvent[] {
    const out = this.peek(max);
    this.head = (this.head + out.length) % this.capacity;
    this.count -= out.length;
    return out;
  }

  /** The oldest `max` records without taking them. */
  peek(max = Infinity): FaultEvent[] {
    const out: FaultEvent[] = [];
    const n = Math.min(max, this.count);
    for (let k = 0; k < n; k++) {
      const i = (this.head + k) % this.capacity;
      const event: FaultEvent = {
        seq: this.seq[i],
        pasid: this.pasid[i],
        addr: this.addr[i],
        access: this.write[i] === 1 ? 'w' : 'r',
        kind: this.permission[i] === 1 ? 'permission' : 'translation',
      };
      const stage = this.stage[i];
      out.push(stage === 0 ? event : stage === 1 ? { ...event, stage: 1 } : { ...event, stage: 2, gpa: this.gpa[i] });
    }
    return out;
  }

  /** The device index of each of the oldest `max` records (-1 for a record without one). */
  peekDevices(max = Infinity): number[] {
    const out: number[] = [];
    const n = Math.min(max, this.count);
    for (let k = 0; k < n; k++) out.push(this.device[(this.head + k) % this.capacity]);
    return out;
  }
}
