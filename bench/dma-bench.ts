// dmaVsRawCopy (SPEC §10): the impl's DMA throughput on large copies — 15 descriptors of 64 KiB sent,
// run by quiesce and received through the public API over a present buffer — divided by a plain
// `Uint8Array.copyWithin` of the same bytes (15 copies of 64 KiB within one buffer), side by side.
// Page-aligned copies are the target; unaligned ones (twice the chunks) are reported alongside.

import { createSystem, type Descriptor } from '../impl/index.ts';
import { measureSideBySide, roundRatio, type RoundOptions } from './harness.ts';
import { patternBytes } from './pattern-bytes.ts';

const KIB = 1024;
const PAGE = 4096;
const COPY = 64 * KIB;
const COPIES = 15;
const BASE = 0x4000_0000;
/** The buffer: sources in the lower half, destinations in the upper half. */
const SIZE = 256 * KIB;

/** What the DMA benchmark measured. */
export interface DmaResult {
  /** Bytes moved per timed call. */
  readonly bytesPerCall: number;
  readonly implBytesPerSecond: number;
  readonly rawBytesPerSecond: number;
  /** Median over rounds of impl throughput / raw copyWithin throughput (page-aligned copies). */
  readonly dmaVsRawCopy: number;
  /** The same for copies at unaligned addresses. */
  readonly unalignedVsRawCopy: number;
}

/**
 * A system with one process, a present 256 KiB buffer and a started queue; `copy()` runs one batch
 * (copy k from `srcOffset + k * srcStride` to `dstOffset` in the upper half), `check()` reads it back.
 */
function dmaRig(srcOffset: number, srcStride: number, dstOffset: number): { copy: () => number; check: () => boolean } {
  const system = createSystem({ frames: 128 });
  const pid = system.spawn();
  system.mmap(pid, BASE, SIZE, 'rw');
  const pattern = patternBytes(SIZE, 3);
  system.write(pid, BASE, pattern);
  const fd = system.open(pid, 'dummy-0');
  system.mapRegion(pid, fd, 'mmio');
  system.mapRegion(pid, fd, 'dus');
  system.startQueue(pid, fd);
  const descs: Descriptor[] = [];
  for (let k = 0; k < COPIES; k++) {
    descs.push({
      op: 'copy',
      src: BASE + srcOffset + k * srcStride,
      dst: BASE + SIZE / 2 + dstOffset,
      len: COPY,
      tag: k,
    });
  }
  return {
    copy: () => {
      system.send(pid, fd, descs);
      system.quiesce();
      let ok = 0;
      for (const c of system.recv(pid, fd, COPIES)) if (c.status === 'ok' && c.done === COPY) ok++;
      if (ok !== COPIES) throw new Error(`DMA batch: ${ok} of ${COPIES} copies completed ok`);
      return ok;
    },
    // the last copy wins: the destination holds the source of descriptor COPIES - 1
    check: () => {
      const got = system.read(pid, BASE + SIZE / 2 + dstOffset, COPY);
      const src = srcOffset + (COPIES - 1) * srcStride;
      return got.every((b, i) => b === pattern[src + i]);
    },
  };
}

/** Times DMA batches (aligned and unaligned) and the raw copyWithin of the same bytes, side by side. */
export async function measureDma(options: RoundOptions = {}): Promise<DmaResult> {
  const aligned = dmaRig(0, PAGE, 0);
  const unaligned = dmaRig(100, 256, 3000);
  aligned.copy();
  unaligned.copy();
  if (!aligned.check() || !unaligned.check()) throw new Error('DMA moved the wrong bytes');
  const raw = new Uint8Array(SIZE);
  raw.set(patternBytes(SIZE, 3));
  const rawCopy = (): void => {
    for (let k = 0; k < COPIES; k++) raw.copyWithin(SIZE / 2, k * PAGE, k * PAGE + COPY);
  };
  const [rawTiming, alignedTiming, unalignedTiming] = await measureSideBySide(
    [
      { name: 'raw copyWithin', run: rawCopy },
      {
        name: 'impl DMA aligned',
        run: () => {
          aligned.copy();
        },
      },
      {
        name: 'impl DMA unaligned',
        run: () => {
          unaligned.copy();
        },
      },
    ],
    options,
  );
  const bytesPerCall = COPIES * COPY;
  return {
    bytesPerCall,
    implBytesPerSecond: (bytesPerCall * 1000) / alignedTiming.medianMs,
    rawBytesPerSecond: (bytesPerCall * 1000) / rawTiming.medianMs,
    dmaVsRawCopy: roundRatio(rawTiming, alignedTiming),
    unalignedVsRawCopy: roundRatio(rawTiming, unalignedTiming),
  };
}
