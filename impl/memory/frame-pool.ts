// The physical frame pool: every frame's bytes in one ArrayBuffer, reference counts in a typed
// array, free frames in a binary min-heap: R2 — the lowest free frame is taken (zeroed), and a freed
// frame keeps its bytes until then, so physical addresses (SPEC §14 'noiommu') agree with the model.
// A frame is free exactly when it has no PTE reference and no pin (SPEC §7 S6, R3: PTEs and pins are
// counted apart, so copy-on-write sharing still means "more than one PTE"). With fault injection
// (R23) an allocation may be refused as if no frame were free.
// A guest's GPA pool (impl/vm/gpa-frame-pool.ts) subclasses it over the host's bytes.

import type { Refusal } from '../fault-injection.ts';

/** All physical frames of a system. */
export class FramePool {
  /** Bytes per frame. */
  readonly pageSize: number;
  /** Number of frames. */
  readonly total: number;
  /** Every frame's bytes: frame `f` is `bytes[f * pageSize, (f + 1) * pageSize)`. */
  readonly bytes: Uint8Array;
  /** Reference count per frame: the number of PTEs pointing at it. */
  readonly refcount: Int32Array;
  /** Pins per frame (stage-2 entries, SPEC §13, R3); a pinned frame is never freed, reclaimed or migrated. */
  readonly pins: Int32Array;
  private readonly freeStack: Int32Array;
  private freeTop: number;
  /** Fault injection's refusal (R23); undefined when off. */
  refuse: Refusal | undefined = undefined;

  /** `bytes`: where the frames' bytes live (a GPA pool passes the host's buffer); default a new one. */
  constructor(total: number, pageSize: number, bytes?: Uint8Array) {
    this.pageSize = pageSize;
    this.total = total;
    this.bytes = bytes ?? new Uint8Array(new ArrayBuffer(total * pageSize));
    this.refcount = new Int32Array(total);
    this.pins = new Int32Array(total);
    this.freeStack = new Int32Array(bytes === undefined ? total : 0);
    // Ascending frames are already a min-heap.
    // Stryker disable next-line EqualityOperator: `i <= total` only adds a write past the end of the typed array, which is ignored
    for (let i = 0; i < this.freeStack.length; i++) this.freeStack[i] = i;
    this.freeTop = this.freeStack.length;
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
    if (--this.refcount[frame] === 0 && this.pins[frame] === 0) this.pushFree(frame);
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

  /** Adds a pin to a frame in use (vmMapRam, R3). */
  pin(frame: number): void {
    this.pins[frame]++;
  }

  /** Drops a pin; the frame is free once neither a PTE nor a pin holds it. Callers have invalidated first. */
  unpin(frame: number): void {
    if (--this.pins[frame] === 0 && this.refcount[frame] === 0) this.pushFree(frame);
  }

  /** Whether a frame is free (no PTE, no pin). */
  isFree(frame: number): boolean {
    return this.refcount[frame] === 0 && this.pins[frame] === 0;
  }

  /**
   * Whether the frame's bytes may be accessed for `needBits` (a host frame always; a GPA page only
   * while stage 2 maps it with those bits, R14). `needBits` 0 asks whether it has bytes at all.
   */
  accessible(_frame: number, _needBits: number): boolean {
    return true;
  }

  /** The byte offset of a frame in `bytes`. */
  offsetOf(frame: number): number {
    return frame * this.pageSize;
  }
}
