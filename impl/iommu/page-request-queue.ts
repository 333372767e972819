// The IOMMU's page-request queue: a ring of `prqDepth` page requests, each tagged with its device,
// PASID and PRG index, the last of a group flagged; and the overflow flag (SPEC §5, §S-8).

import type { Access, Pasid } from '../../interface/index.ts';

/** A page-request group taken from the queue. @public */
export interface PageRequestGroup {
  /** Device index in config order. */
  readonly device: number;
  readonly pasid: Pasid;
  readonly prg: number;
  /** Page-aligned addresses with their access, source before destination. */
  readonly requests: readonly { readonly addr: number; readonly access: Access }[];
}

/** The page-request ring. */
export class PageRequestQueue {
  /** Requests the ring holds. */
  readonly capacity: number;
  /** Set when a group did not fit; clears when the queue next becomes empty (§S-8). */
  overflow = false;
  private readonly device: Int32Array;
  private readonly pasid: Int32Array;
  private readonly prg: Int32Array;
  private readonly addr: Float64Array;
  /** 0 = r, 1 = w. */
  private readonly write: Uint8Array;
  private readonly last: Uint8Array;
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.device = new Int32Array(capacity);
    this.pasid = new Int32Array(capacity);
    this.prg = new Int32Array(capacity);
    this.addr = new Float64Array(capacity);
    this.write = new Uint8Array(capacity);
    this.last = new Uint8Array(capacity);
  }

  /** Requests queued. */
  get length(): number {
    return this.count;
  }

  /** Whether a group of `requests` fits entirely (queued + group ≤ depth, §S-8). */
  fits(requests: number): boolean {
    return this.count + requests <= this.capacity;
  }

  /** Queues one request; the caller has checked that its whole group fits. */
  push(device: number, pasid: Pasid, prg: number, addr: number, access: Access, last: boolean): void {
    const i = (this.head + this.count) % this.capacity;
    this.device[i] = device;
    this.pasid[i] = pasid;
    this.prg[i] = prg;
    this.addr[i] = addr;
    this.write[i] = access === 'w' ? 1 : 0;
    this.last[i] = last ? 1 : 0;
    this.count++;
  }

  /**
   * Takes the oldest group, or undefined when empty; the overflow flag clears when this empties the
   * queue. A trailing run of requests without the `last` flag is taken as one group.
   */
  take(): PageRequestGroup | undefined {
    if (this.count === 0) return undefined;
    const first = this.head;
    const requests: { addr: number; access: Access }[] = [];
    for (;;) {
      const i = this.head;
      requests.push({ addr: this.addr[i], access: this.write[i] === 1 ? 'w' : 'r' });
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      if (this.last[i] === 1 || this.count === 0) break;
    }
    if (this.count === 0) this.overflow = false;
    return { device: this.device[first], pasid: this.pasid[first], prg: this.prg[first], requests };
  }

  /** Every queued group, oldest first (a trailing run without the `last` flag counts as one group). */
  groups(): PageRequestGroup[] {
    const out: PageRequestGroup[] = [];
    let requests: { addr: number; access: Access }[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % this.capacity;
      requests.push({ addr: this.addr[i], access: this.write[i] === 1 ? 'w' : 'r' });
      if (this.last[i] === 1 || k === this.count - 1) {
        out.push({ device: this.device[i], pasid: this.pasid[i], prg: this.prg[i], requests });
        requests = [];
      }
    }
    return out;
  }

  /**
   * Removes every group `matches` selects, keeping the others in order; returns the removed
   * groups. The overflow flag clears if the queue becomes empty; removing nothing changes nothing.
   */
  discard(matches: (device: number, pasid: Pasid) => boolean): PageRequestGroup[] {
    const all = this.groups();
    const removed = all.filter((g) => matches(g.device, g.pasid));
    if (removed.length === 0) return removed;
    this.head = 0;
    this.count = 0;
    for (const g of all) {
      if (matches(g.device, g.pasid)) continue;
      g.requests.forEach((r, k) => this.push(g.device, g.pasid, g.prg, r.addr, r.access, k === g.requests.length - 1));
    }
    if (this.count === 0) this.overflow = false;
    return removed;
  }
}
