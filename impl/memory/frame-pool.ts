// The physical frame pool: every frame's bytes in one ArrayBuffer, reference counts in a typed
// array, free frames on a stack. A frame is free exactly when its reference count is 0 (SPEC §7 S6).
// With fault injection (R23) an allocation may be refused as if no frame were free.

import type { Refusal } from '../fault-injection.ts';

/** All physical frames of a system. */
export class FramePool {
  /** Bytes per frame. */
  readonly pageSize: number;
  /** Number of frames. */
  readonly total: number;
  /** Every frame's bytes: frame `f` is `bytes[f * pageSize, (f + 1) * pageSize)`. */
  readonly bytes: Uint8Array;
  /** Reference count per frame: the number of PTEs pointing at it (0 = free). */
  readonly refcount: Int32Array;
  private readonly freeStack: Int32Array;
  private freeTop: number;
  /** Fault injection's refusal (R23); undefined when off. */
  refuse: Refusal | undefined = undefined;

  constructor(total: number, pageSize: number) {
    this.pageSize = pageSize;
    this.total = total;
    this.bytes = new Uint8Array(new ArrayBuffer(total * pageSize));
    this.refcount = new Int32Array(total);
    this.freeStack = new Int32Array(total);
    // Frame 0 on top, so a fresh system hands out frames in ascending order.
    // Stryker disable next-line EqualityOperator: `i <= total` only adds a write past the end of the typed array, which is ignored
    for (let i = 0; i < total; i++) this.freeStack[i] = total - 1 - i;
    this.freeTop = total;
  }

  /** How many frames are free. */
  get freeCount(): number {
    return this.freeTop;
  }

  /** Takes a free frame, zeroed, with one reference; -1 when none is free (or injection refuses). */
  allocate(): number {
    if (this.freeTop === 0 || (this.refuse !== undefined && this.refuse())) return -1;
    const frame = this.freeStack[--this.freeTop];
    this.refcount[frame] = 1;
    const start = frame * this.pageSize;
    this.bytes.fill(0, start, start + this.pageSize);
    return frame;
  }

  /** Adds one reference to a frame in use. */
  retain(frame: number): void {
    this.refcount[frame]++;
  }

  /**
   * Drops one reference; the frame returns to the free stack at zero. Callers have invalidated
   * every translation of the frame before (the mmu-notifier rule of SPEC §5).
   */
  release(frame: number): void {
    if (--this.refcount[frame] === 0) this.freeStack[this.freeTop++] = frame;
  }

  /** The byte offset of a frame in `bytes`. */
  offsetOf(frame: number): number {
    return frame * this.pageSize;
  }
}
