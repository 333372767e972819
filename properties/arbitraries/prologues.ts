// Directed prologues (issue 10 "Rare states reached in seconds"): short command lists that lead
// straight to a state random sequences reach only every few minutes, drawn by fast-check at a low
// rate in front of a random sequence (which then continues from that state). Every reference still
// resolves modulo the live state, so a prologue is a legal sequence in every config; it reaches its
// state where the config is tight enough (the `scarce` and `crowded` presets).
//
// - overflow: two processes' queues on two devices fault with two-request groups; the first group
//   fills a 2-request PRQ, the second overflows (or, with one-request groups, both are queued: two
//   devices requesting at once) — then a removal, an exit, an answer or nothing.
// - exitNoFrame: process 0 forks, then uses every frame of a 6-frame pool and has work queued; its
//   child has a page request queued; process 0 exits (its drain meets the request with no frame free unless the
//   exit freed its pages first, §S-7); or the request is answered INVALID for lack of a frame.
// - reuseAfterRemoval: a queue held by a forked child outlives its opener's exit; removing the
//   device drops the opener's mm and its PASID; a new process's open reuses that PASID.
// - staticReuse (configs with a 'pasid-static' device only, SPEC §14): a queue with a static-share
//   region is released by its opener's exit; a new process reuses the PASID on the same device and
//   aims DMA at the old region's addresses (outside its own table: an unrecoverable fault).

import fc from 'fast-check';
import type { ResolvedConfig } from '../../interface/index.ts';
import type { CommandData, DescriptorSpec } from '../commands/data.ts';

/** Page `raw` + 1 of the arena (page 0 may be the null page, EINVAL), offset `off`. */
const at = (raw: number, off = 0): { raw: number; off: number } => ({ raw: raw + 1, off });

/** A copy whose source and destination pages are both absent (one two-request group), or a fill of one (one request). */
function faulting(srcPage: number, dstPage: number, tag: number, requests: 1 | 2): DescriptorSpec {
  return { op: requests === 2 ? 'copy' : 'fill', src: at(srcPage), dst: at(dstPage), len: 8, value: 0, tag };
}

/** How an overflow prologue ends. */
type OverflowEnd = 'removeFirst' | 'removeSecond' | 'exitFirst' | 'answer' | 'none';

/** Two groups from two devices: two-request ones (the second overflows a 2-request PRQ) or one-request ones (both queued). */
function overflowPrologue(a: number, requests: 1 | 2, end: OverflowEnd): CommandData[] {
  const b = a + 1;
  const out: CommandData[] = [
    { cmd: 'mmap', p: 0, at: at(0), pages: 2, skew: 0, prot: 'rw' },
    { cmd: 'openReady', p: 0, dev: a },
    { cmd: 'send', p: 0, f: 0, descs: [faulting(0, 1, 1, requests)] },
    { cmd: 'spawn' },
    { cmd: 'mmap', p: 1, at: at(4), pages: 2, skew: 0, prot: 'rw' },
    { cmd: 'openReady', p: 1, dev: b },
    { cmd: 'send', p: 1, f: 0, descs: [faulting(4, 5, 2, requests)] },
    { cmd: 'deviceStep', dev: a, times: 1 },
    { cmd: 'deviceStep', dev: b, times: 1 },
  ];
  switch (end) {
    case 'removeFirst':
      out.push({ cmd: 'removeDevice', dev: a });
      break;
    case 'removeSecond':
      out.push({ cmd: 'removeDevice', dev: b });
      break;
    case 'exitFirst':
      out.push({ cmd: 'exit', p: 0 });
      break;
    case 'answer':
      out.push({ cmd: 'handleFaults', max: 1 });
      break;
    case 'none':
      break;
  }
  return out;
}

/** Every frame used, a child's page request queued; then the parent exits (or the request is answered). */
function exitNoFramePrologue(a: number, framesUsed: number, answer: boolean): CommandData[] {
  const prefix: CommandData[] = [
    { cmd: 'mmap', p: 0, at: at(0), pages: framesUsed, skew: 0, prot: 'rw' },
    // The child inherits the area before any page is present: its fault needs a frame of its own.
    { cmd: 'fork', p: 0 },
    { cmd: 'write', p: 0, at: at(0), len: framesUsed * 64, seed: 3 },
    { cmd: 'openReady', p: 1, dev: a },
    { cmd: 'send', p: 1, f: 0, descs: [{ op: 'fill', src: at(0), dst: at(0), len: 8, value: 9, tag: 1 }] },
    { cmd: 'deviceStep', dev: a, times: 1 },
  ];
  if (answer) return [...prefix, { cmd: 'handleFaults', max: null }];
  return [
    ...prefix,
    { cmd: 'openReady', p: 0, dev: a + 1 },
    { cmd: 'send', p: 0, f: 0, descs: [{ op: 'fill', src: at(0), dst: at(0), len: 8, value: 7, tag: 2 }] },
    { cmd: 'exit', p: 0 },
  ];
}

function reuseAfterRemovalPrologue(a: number): CommandData[] {
  return [
    { cmd: 'openReady', p: 0, dev: a },
    { cmd: 'fork', p: 0 },
    { cmd: 'exit', p: 0 },
    { cmd: 'removeDevice', dev: a },
    { cmd: 'spawn' },
    { cmd: 'openReady', p: 1, dev: a + 1 },
  ];
}

/** A 'pasid-static' region released at exit, its PASID reused on the device, DMA at its old addresses. */
function staticReusePrologue(dev: number, op: 'copy' | 'crc32'): CommandData[] {
  return [
    { cmd: 'openReady', p: 0, dev },
    { cmd: 'mapSs', p: 0, f: 0, at: at(8), pages: 2, skew: 0 },
    { cmd: 'write', p: 0, at: at(8), len: 64, seed: 5 },
    { cmd: 'exit', p: 0 },
    { cmd: 'spawn' },
    { cmd: 'openReady', p: 0, dev },
    { cmd: 'send', p: 0, f: 0, descs: [{ op, src: at(8), dst: at(9, 8), len: 16, value: 0, tag: 3 }] },
    { cmd: 'deviceStep', dev, times: 2 },
  ];
}

/**
 * A prologue, or (mostly) none: `none` 18 in 25, the directed ones 7 in 25 between them; with a
 * 'pasid-static' device, `staticReuse` too (3 more in 28) — only there, so that every other config
 * draws exactly as before.
 */
export function prologue(config?: ResolvedConfig): fc.Arbitrary<CommandData[]> {
  const dev = fc.nat(1);
  const staticDev = config?.devices.findIndex((d) => d.mode === 'pasid-static') ?? -1;
  const legacy =
    staticDev < 0
      ? []
      : [
          {
            arbitrary: fc
              .constantFrom<'copy' | 'crc32'>('copy', 'crc32')
              .map((op) => staticReusePrologue(staticDev, op)),
            weight: 3,
          },
        ];
  return fc.oneof(
    { arbitrary: fc.constant<CommandData[]>([]), weight: 18 },
    {
      // Device 0 first more often: in `scarce` devices 0 and 1 are both `pri`, so the second group overflows.
      arbitrary: fc
        .tuple(
          fc.constantFrom(0, 0, 1),
          fc.constantFrom<1 | 2>(2, 2, 1),
          fc.constantFrom<OverflowEnd>('removeFirst', 'removeFirst', 'removeSecond', 'exitFirst', 'answer', 'none'),
        )
        .map(([a, requests, end]) => overflowPrologue(a, requests, end)),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(dev, fc.constantFrom(6, 6, 5), fc.constantFrom(false, false, true))
        .map(([a, n, answer]) => exitNoFramePrologue(a, n, answer)),
      weight: 3,
    },
    { arbitrary: dev.map(reuseAfterRemovalPrologue), weight: 1 },
    ...legacy,
  );
}
