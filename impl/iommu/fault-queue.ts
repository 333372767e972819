// One user-space fault queue (SPEC §12, §S-12): the undelivered groups in a growable ring (FIFO, no
// allocation per group once grown), and the delivered-unanswered groups in a cookie table with a
// bitmap that hands out the lowest free cookie ≥ 1 in O(words) from a hint (O(1) while few groups
// are delivered at once).

import type { Pid } from '../../interface/index.ts';
import type { PageRequestGroup } from './page-request-queue.ts';

/** A fault queue. */
export class FaultQueue {
  /** The queue's id (≥ 1, never reused). */
  readonly id: number;
  /** The pid that created it. */
  readonly owner: Pid;
  /** The highest cookie ever handed out (a lower or equal one handed out again is a reuse). */
  highestCookie = 0;
  /** Delivered groups by cookie; index 0 is never used. */
  protected table: (PageRequestGroup | undefined)[] = [undefined];
  /** Bit c set ⇔ cookie c is delivered-unanswered; bit 0 is reserved. */
  private bitmap = new Uint32Array(1);
  /** No word below this one has a free bit. */
  private firstMaybeFreeWord = 0;
  private ring: (PageRequestGroup | undefined)[] = new Array(8);
  private head = 0;
  private count = 0;
  private delivered = 0;

  constructor(id: number, owner: Pid) {
    this.id = id;
    this.owner = owner;
    this.bitmap[0] = 1;
  }

  /** Undelivered groups. */
  get undeliveredCount(): number {
    return this.count;
  }

  /** Delivered-unanswered groups. */
  get deliveredCount(): number {
    return this.delivered;
  }

  /** Appends a routed group (R6). */
  push(group: PageRequestGroup): void {
    if (this.count === this.ring.length) this.growRing();
    this.ring[(this.head + this.count) & (this.ring.length - 1)] = group;
    this.count++;
  }

  /** The oldest undelivered group, if any. */
  peek(): PageRequestGroup | undefined {
    return this.count === 0 ? undefined : this.ring[this.head];
  }

  /** Delivers the oldest undelivered group: it takes the lowest free cookie, which is returned. */
  deliverHead(): number {
    const group = this.ring[this.head];
    if (group === undefined) throw new Error('deliverHead of an empty fault queue');
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.count--;
    const cookie = this.allocateCookie();
    while (this.table.length <= cookie) this.table.push(undefined);
    this.table[cookie] = group;
    this.delivered++;
    if (cookie > this.highestCookie) this.highestCookie = cookie;
    return cookie;
  }

  /** The delivered group of `cookie`, if it is delivered-unanswered. */
  deliveredGroup(cookie: number): PageRequestGroup | undefined {
    const w = cookie >>> 5;
    if (cookie < 1 || w >= this.bitmap.length || (this.bitmap[w] & (1 << (cookie & 31))) === 0) return undefined;
    return this.table[cookie];
  }

  /** Takes the delivered group of `cookie` (it must be delivered) and frees the cookie. */
  takeDelivered(cookie: number): PageRequestGroup {
    const group = this.table[cookie];
    if (group === undefined) throw new Error(`cookie ${cookie} is not delivered`);
    this.clearEntry(cookie);
    this.freeCookie(cookie);
    return group;
  }

  /** Forgets the table entry of an answered cookie (the table must never keep an answered group). */
  protected clearEntry(cookie: number): void {
    this.table[cookie] = undefined;
  }

  /** Every delivered group with its cookie, ascending. */
  deliveredGroups(): { cookie: number; group: PageRequestGroup }[] {
    const out: { cookie: number; group: PageRequestGroup }[] = [];
    for (let c = 1; c < this.table.length; c++) {
      const group = this.table[c];
      if (group !== undefined) out.push({ cookie: c, group });
    }
    return out;
  }

  /** Every undelivered group, oldest first. */
  undeliveredGroups(): PageRequestGroup[] {
    const out: PageRequestGroup[] = [];
    const mask = this.ring.length - 1;
    for (let k = 0; k < this.count; k++) out.push(this.ring[(this.head + k) & mask] as PageRequestGroup);
    return out;
  }

  /**
   * Removes the groups `matches` selects — delivered ones by cookie (freed), then undelivered ones
   * FIFO — keeping the others in order; returns them in that order.
   */
  removeWhere(matches: (group: PageRequestGroup) => boolean): PageRequestGroup[] {
    const removed: PageRequestGroup[] = [];
    for (const { cookie, group } of this.deliveredGroups()) {
      if (!matches(group)) continue;
      removed.push(group);
      this.clearEntry(cookie);
      this.freeCookie(cookie);
    }
    const undelivered = this.undeliveredGroups();
    if (undelivered.some(matches)) {
      this.ring.fill(undefined);
      this.head = 0;
      this.count = 0;
      for (const g of undelivered) {
        if (matches(g)) removed.push(g);
        else this.push(g);
      }
    }
    return removed;
  }

  private allocateCookie(): number {
    for (let w = this.firstMaybeFreeWord; ; w++) {
      if (w === this.bitmap.length) this.growBitmap();
      const word = this.bitmap[w];
      if (word === 0xffffffff) continue;
      const bit = 31 - Math.clz32(~word & (word + 1));
      this.bitmap[w] = word | (1 << bit);
      this.firstMaybeFreeWord = w;
      return w * 32 + bit;
    }
  }

  private freeCookie(cookie: number): void {
    const w = cookie >>> 5;
    if ((this.bitmap[w] & (1 << (cookie & 31))) === 0) return;
    this.bitmap[w] &= ~(1 << (cookie & 31));
    this.delivered--;
    if (w < this.firstMaybeFreeWord) this.firstMaybeFreeWord = w;
  }

  private growBitmap(): void {
    const grown = new Uint32Array(this.bitmap.length * 2);
    grown.set(this.bitmap);
    this.bitmap = grown;
  }

  private growRing(): void {
    const grown: (PageRequestGroup | undefined)[] = new Array(this.ring.length * 2);
    for (let k = 0; k < this.count; k++) grown[k] = this.ring[(this.head + k) & (this.ring.length - 1)];
    this.ring = grown;
    this.head = 0;
  }
}
