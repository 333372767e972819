// A uacce queue's rings as the hardware sees them (HiSilicon QM / UADK style): a submission ring and
// a completion ring of `ringDepth` slots in typed arrays, head/tail registers, a CQE phase bit the
// device writes and flips every lap, and the driver's `used` count (at most depth - 1, SPEC §6).

import type { Completion, CompletionStatus, Descriptor } from '../../interface/index.ts';

/** Descriptor op codes in the submission ring. */
export const OP_COPY = 0;
/** Fill op code. */
export const OP_FILL = 1;
/** CRC-32 op code. */
export const OP_CRC32 = 2;

/** Completion status codes in the completion ring. */
export const STATUS_OK = 0;
/** Status code `fault`. */
export const STATUS_FAULT = 1;
/** Status code `invalid`. */
export const STATUS_INVALID = 2;
/** Status code `aborted`. */
export const STATUS_ABORTED = 3;

const STATUS_NAMES: readonly CompletionStatus[] = ['ok', 'fault', 'invalid', 'aborted'];

/** The SQ and CQ of one queue. @public */
export class QueueRings {
  /** Slots per ring. */
  readonly depth: number;
  // ── submission ring ──
  /** Op code per SQ slot. */
  readonly sqOp: Uint8Array;
  /** Source address per SQ slot. */
  readonly sqSrc: Float64Array;
  /** Destination address per SQ slot. */
  readonly sqDst: Float64Array;
  /** Length per SQ slot. */
  readonly sqLen: Float64Array;
  /** Fill byte per SQ slot. */
  readonly sqValue: Uint8Array;
  /** Tag per SQ slot. */
  readonly sqTag: Uint32Array;
  /** The device's SQ read pointer: the head descriptor's slot. */
  sqHead = 0;
  /** The driver's SQ write pointer (the doorbell value). */
  sqTail = 0;
  // ── completion ring ──
  /** Tag per CQE. */
  readonly cqTag: Uint32Array;
  /** Status code per CQE. */
  readonly cqStatus: Uint8Array;
  /** Bytes done per CQE. */
  readonly cqDone: Float64Array;
  /** CRC-32 result per CQE (meaningful for an ok crc32). */
  readonly cqResult: Uint32Array;
  /** Whether each CQE carries a result. */
  readonly cqHasResult: Uint8Array;
  /** Fault address per CQE (meaningful for `fault`). */
  readonly cqFaultAddr: Float64Array;
  /** Phase bit per CQE; a CQE is new when its phase equals `consumerPhase`. */
  readonly cqPhase: Uint8Array;
  /** The driver's CQ read pointer. */
  cqHead = 0;
  /** The device's CQ write pointer. */
  cqTail = 0;
  /** The phase the device writes; flips each time `cqTail` wraps. */
  producerPhase = 1;
  /** The phase the driver expects at `cqHead`; flips each time `cqHead` wraps. */
  consumerPhase = 1;
  /** Descriptors submitted and not yet received (the driver's count). */
  used = 0;

  constructor(depth: number) {
    this.depth = depth;
    // One backing store for every register file: float64 fields, then uint32, then bytes (views at
    // fixed offsets; no closures here, queues are opened often).
    const buffer = new ArrayBuffer(depth * (5 * 8 + 3 * 4 + 5));
    const u32At = depth * 5 * 8;
    const u8At = u32At + depth * 3 * 4;
    this.sqSrc = new Float64Array(buffer, 0, depth);
    this.sqDst = new Float64Array(buffer, depth * 8, depth);
    this.sqLen = new Float64Array(buffer, depth * 16, depth);
    this.cqDone = new Float64Array(buffer, depth * 24, depth);
    this.cqFaultAddr = new Float64Array(buffer, depth * 32, depth);
    this.sqTag = new Uint32Array(buffer, u32At, depth);
    this.cqTag = new Uint32Array(buffer, u32At + depth * 4, depth);
    this.cqResult = new Uint32Array(buffer, u32At + depth * 8, depth);
    this.sqOp = new Uint8Array(buffer, u8At, depth);
    this.sqValue = new Uint8Array(buffer, u8At + depth, depth);
    this.cqStatus = new Uint8Array(buffer, u8At + depth * 2, depth);
    this.cqHasResult = new Uint8Array(buffer, u8At + depth * 3, depth);
    this.cqPhase = new Uint8Array(buffer, u8At + depth * 4, depth); // phase 0: nothing written yet
  }

  /** Descriptors in the SQ (submitted, not completed). */
  get pending(): number {
    return (this.sqTail - this.sqHead + this.depth) % this.depth;
  }

  /** CQEs written and not yet read. */
  get unread(): number {
    return (this.cqTail - this.cqHead + this.depth) % this.depth;
  }

  /** How many more descriptors may be submitted: depth - 1 - used (SPEC §6). */
  freeSlots(): number {
    return this.depth - 1 - this.used;
  }

  /** Writes a descriptor at the SQ tail and rings the doorbell. */
  submit(desc: Descriptor): void {
    const i = this.sqTail;
    this.sqOp[i] = desc.op === 'copy' ? OP_COPY : desc.op === 'fill' ? OP_FILL : OP_CRC32;
    this.sqSrc[i] = desc.op === 'fill' ? 0 : desc.src;
    this.sqDst[i] = desc.op === 'crc32' ? 0 : desc.dst;
    this.sqLen[i] = desc.len;
    this.sqValue[i] = desc.op === 'fill' ? desc.value : 0;
    this.sqTag[i] = desc.tag;
    this.sqTail = (i + 1) % this.depth;
    this.used++;
  }

  /**
   * Completes the head descriptor: consumes its SQ slot and writes a CQE at the CQ tail with the
   * current phase, flipping the phase when the tail wraps. `result` is kept for an ok crc32.
   */
  complete(status: number, done: number, result: number, faultAddr: number): void {
    const s = this.sqHead;
    const c = this.cqTail;
    this.cqTag[c] = this.sqTag[s];
    this.cqStatus[c] = status;
    this.cqDone[c] = done;
    this.cqHasResult[c] = status === STATUS_OK && this.sqOp[s] === OP_CRC32 ? 1 : 0;
    this.cqResult[c] = result;
    this.cqFaultAddr[c] = faultAddr;
    this.cqPhase[c] = this.producerPhase;
    this.sqHead = (s + 1) % this.depth;
    this.cqTail = (c + 1) % this.depth;
    if (this.cqTail === 0) this.producerPhase ^= 1;
  }

  /** Whether the CQE at the head is new (its phase is the expected one). */
  ready(): boolean {
    return this.cqPhase[this.cqHead] === this.consumerPhase;
  }

  /** Reads the CQE at the head and advances it. The caller has checked `ready()`. */
  receive(): Completion {
    const c = this.cqHead;
    const completion = this.completionAt(c);
    this.cqHead = (c + 1) % this.depth;
    if (this.cqHead === 0) this.consumerPhase ^= 1;
    this.used--;
    return completion;
  }

  /** Drops every pending descriptor and unread completion (device removal, release of an init queue). */
  reset(): void {
    this.sqHead = this.sqTail;
    this.cqHead = this.cqTail;
    this.consumerPhase = this.producerPhase;
    this.used = 0;
  }

  /** The descriptor in SQ slot `i`, as it was submitted. */
  descriptorAt(i: number): Descriptor {
    const op = this.sqOp[i];
    if (op === OP_COPY)
      return { op: 'copy', src: this.sqSrc[i], dst: this.sqDst[i], len: this.sqLen[i], tag: this.sqTag[i] };
    if (op === OP_FILL)
      return { op: 'fill', dst: this.sqDst[i], len: this.sqLen[i], value: this.sqValue[i], tag: this.sqTag[i] };
    return { op: 'crc32', src: this.sqSrc[i], len: this.sqLen[i], tag: this.sqTag[i] };
  }

  /** The completion in CQ slot `c` (optional keys absent when they do not apply). */
  completionAt(c: number): Completion {
    const status = STATUS_NAMES[this.cqStatus[c]];
    const base = { tag: this.cqTag[c], status, done: this.cqDone[c] };
    if (this.cqHasResult[c] === 1) return { ...base, result: this.cqResult[c] };
    if (status === 'fault') return { ...base, faultAddr: this.cqFaultAddr[c] };
    return base;
  }
}
