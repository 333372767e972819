// The physical frame pool: every frame's bytes in one ArrayBuffer, reference counts in a typed
// array, free frames in a binary min-heap: R2 — the lowest free frame is taken (zeroed), and a freed
// frame keeps its bytes until then, so physical addresses (SPEC §14 'noiommu') agree with the model.
// A frame is free exactly when its reference count is 0 (SPEC §7 S6).
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
    // Ascending frames are already a min-heap.
    // Stryker disable next-line EqualityOperator: `i <= total` only adds a write past the end of the typed array, which is ignored
    for (let i = 0; i < total; i++) this.freeStack[i] = i;
    this.freeTop = total;
  }

  /** How many frames are free. */
  get freeCount(): number {
    return this.freeTop;
  }

  /** Takes the lowest free frame (R2), zeroed, with one reference; -1 when none is free (or injection refuses). */
  allocate(): number {
    if (this.freeTop === 0 || (this.refuse !== undefined && this.refuse())) return -1;
    const frame = this.popLowest();
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
    if (--this.refcount[frame] === 0) this.pushFree(frame);
  }

  /** Removes and returns the heap's smallest frame (the heap is not empty). */
  private popLowest(): number {
    const heap = this.freeStack;
    const lowest = heap[0];
    const last = heap[--this.freeTop];
    const n = this.freeTop;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return lowest;
  }

  /** Adds a freed frame to the heap. */
  private pushFree(frame: number): void {
    const heap = this.freeStack;
    let i = this.freeTop++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= frame) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = frame;
  }

  /** The byte offset of a frame in `bytes`. */
  offsetOf(frame: number): number {
    return frame * this.pageSize;
  }
}
