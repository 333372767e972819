// quiesce's burst (`stepDeviceRepeatedly`) against its documented contract, on hand-placed frames:
// it does exactly what n `deviceStep` calls would do and returns that n (never more than maxSteps);
// a run of chunks over contiguous frames is taken whole — one fill/copyWithin, each page translated
// once and not again when the previous run translated it — and cut to its first chunk only when
// source and destination overlap; a queue waiting on a page-request group is not eligible.

import { describe, expect, it } from 'vitest';
import { PERM_W } from '../../../impl/memory/prot-bits.ts';
import { openMappedQueue } from '../../support/setup.ts';
import {
  WarpDriveSystem,
  WarpDriveError,
  type Mm,
  type Completion,
  type Descriptor,
  type Fd,
  type Pid,
  type SvaConfig,
} from 'warpdrive-sva';

const PS = 64;
/** Where the data area starts: every page below is named by its index from here. */
const BASE = 0x1000;
const FRAMES = 64;
const config: SvaConfig = { pageSize: PS, frames: FRAMES, vaBits: 16, devices: [{ name: 'dummy-0', maxLen: 1024 }] };

/** The address of data page `page`. */
const at = (page: number): number => BASE + page * PS;

/** The impl with its burst callable and its translations logged (`w3`: data page 3 for writing). */
class Probe extends WarpDriveSystem {
  readonly translations: string[] = [];

  protected override translate(device: number, pasid: number, mm: Mm, page: number, need: number): number {
    this.translations.push(`${need === PERM_W ? 'w' : 'r'}${page - BASE / PS}`);
    return super.translate(device, pasid, mm, page, need);
  }

  /** `stepDeviceRepeatedly` of the only device. */
  burst(maxSteps: number): number {
    return this.stepDeviceRepeatedly(this.presentDevice('dummy-0'), maxSteps);
  }
}

interface Setup {
  readonly sys: Probe;
  readonly pid: Pid;
  readonly fd: Fd;
}

/** A started queue and 16 rw data pages, the ones in `touch` written in that order (frames 0, 1, ... in turn). */
function prepared(touch: readonly number[], descs: readonly Descriptor[], cfg: SvaConfig = config): Setup {
  const sys = new Probe(cfg);
  const pid = sys.spawn();
  const fd = openMappedQueue(sys, pid, 'dummy-0');
  sys.mmap(pid, BASE, 16 * PS, 'rw');
  for (const page of touch)
    sys.write(
      pid,
      at(page),
      Uint8Array.from({ length: PS }, (_, i) => (page * 31 + i * 7 + 1) & 0xff),
    );
  if (descs.length > 0) sys.send(pid, fd, [...descs]);
  return { sys, pid, fd };
}

function recvAll(s: Setup): Completion[] {
  try {
    return s.sys.recv(s.pid, s.fd, 100);
  } catch (e) {
    if (e instanceof WarpDriveError && e.code === 'EAGAIN') return [];
    throw e;
  }
}

/** Runs `fn`, counting the fill/copyWithin calls on the frame memory (one per moved run). */
function countingMoves(fn: () => number): { n: number; moves: number } {
  const proto = Object.getPrototypeOf(Uint8Array.prototype) as {
    fill: (...a: unknown[]) => unknown;
    copyWithin: (...a: unknown[]) => unknown;
  };
  const { fill, copyWithin } = proto;
  let moves = 0;
  const isMemory = (self: unknown): boolean => self instanceof Uint8Array && self.length === FRAMES * PS;
  proto.fill = function (this: unknown, ...args: unknown[]) {
    if (isMemory(this)) moves++;
    return fill.apply(this, args);
  };
  proto.copyWithin = function (this: unknown, ...args: unknown[]) {
    if (isMemory(this)) moves++;
    return copyWithin.apply(this, args);
  };
  try {
    const n = fn();
    return { n, moves };
  } finally {
    proto.fill = fill;
    proto.copyWithin = copyWithin;
  }
}

/**
 * One burst of at most `maxSteps` on a fresh system, checked against as many `deviceStep` calls on
 * a twin: same completions, same state with memory contents. Returns n, the moves and translations.
 */
function burstVsSteps(make: () => Setup, maxSteps: number): { n: number; moves: number; translations: string[] } {
  const fast = make();
  const slow = make();
  fast.sys.translations.length = 0;
  const { n, moves } = countingMoves(() => fast.sys.burst(maxSteps));
  expect(n).toBeLessThanOrEqual(maxSteps);
  for (let k = 0; k < n; k++) expect(slow.sys.deviceStep('dummy-0')).toBe(true);
  expect(recvAll(fast)).toEqual(recvAll(slow));
  expect(fast.sys.snapshot({ contents: true })).toEqual(slow.sys.snapshot({ contents: true }));
  return { n, moves, translations: [...fast.sys.translations] };
}

/** Bursts until one returns 0, each checked against a twin's `deviceStep` calls; the burst sizes. */
function burstsVsSteps(make: () => Setup): number[] {
  const fast = make();
  const slow = make();
  const sizes: number[] = [];
  for (let n = fast.sys.burst(1000); n > 0; n = fast.sys.burst(1000)) {
    sizes.push(n);
    for (let k = 0; k < n; k++) expect(slow.sys.deviceStep('dummy-0')).toBe(true);
  }
  expect(slow.sys.deviceStep('dummy-0')).toBe(false);
  expect(recvAll(fast)).toEqual(recvAll(slow));
  expect(fast.sys.snapshot({ contents: true })).toEqual(slow.sys.snapshot({ contents: true }));
  return sizes;
}

const copy = (src: number, dst: number, len: number, tag = 1): Descriptor => ({ op: 'copy', src, dst, len, tag });
const fill = (dst: number, len: number, value = 0xab, tag = 2): Descriptor => ({ op: 'fill', dst, len, value, tag });
const crc = (src: number, len: number, tag = 3): Descriptor => ({ op: 'crc32', src, len, tag });

describe('quiesce burst (stepDeviceRepeatedly)', () => {
  it('a copy over contiguous frames, destination right after the source, is one run: n = its chunks, one copyWithin, each page translated once', () => {
    const r = burstVsSteps(() => prepared([0, 1, 2, 3, 4, 5], [copy(at(0), at(3), 3 * PS)]), 100);
    expect(r).toEqual({ n: 3, moves: 1, translations: ['r0', 'r1', 'r2', 'w3', 'w4', 'w5'] });
  });

  it('a copy whose destination ends right where its source starts is one run too', () => {
    const r = burstVsSteps(() => prepared([0, 1, 2, 3, 4, 5], [copy(at(3), at(0), 3 * PS)]), 100);
    expect(r).toEqual({ n: 3, moves: 1, translations: ['r3', 'r4', 'r5', 'w0', 'w1', 'w2'] });
  });

  it('an overlapping copy is cut to one chunk per run (one memmove per chunk), same bytes as deviceStep', () => {
    const r = burstVsSteps(() => prepared([0, 1, 2, 3], [copy(at(0) + 1, at(0) + 3, 3 * PS)]), 100);
    expect(r.n).toBe(7); // chunk ends: every page boundary of the source (offset 1) and destination (offset 3)
    expect(r.moves).toBe(7);
  });

  it('after a run cut by a frame gap, the next run of the same copy is checked for overlap over its own bytes only', () => {
    // pages 8, 9, 10 → frames 0, 2, 3; pages 11, 12, 13 → frames 4, 5, 6: the second run (done = 64)
    // reads frames 2-3 and writes frames 5-6, which touch nowhere
    const forward = burstVsSteps(() => prepared([8, 0, 9, 10, 11, 12, 13], [copy(at(8), at(11), 3 * PS)]), 100);
    expect([forward.n, forward.moves]).toEqual([3, 2]);
    const backward = burstVsSteps(() => prepared([8, 0, 9, 10, 11, 12, 13], [copy(at(11), at(8), 3 * PS)]), 100);
    expect([backward.n, backward.moves]).toEqual([3, 2]);
  });

  it('a copy counts a page boundary its source and destination share (same page offset) once, and distinct ones apart', () => {
    // offsets 16 and 16: boundaries at bytes 48 and 112 of both sides → 3 chunks
    expect(burstVsSteps(() => prepared([0, 1, 2, 3, 4, 5], [copy(at(0) + 16, at(3) + 16, 2 * PS)]), 100)).toMatchObject(
      { n: 3, moves: 1 },
    );
    // offsets 16 and 48: source boundaries at 48 and 112, destination ones at 16 and 80 → 5 chunks
    expect(burstVsSteps(() => prepared([0, 1, 2, 3, 4, 5], [copy(at(0) + 16, at(3) + 48, 2 * PS)]), 100)).toMatchObject(
      { n: 5, moves: 1 },
    );
  });

  it('a fill from frame 0 and a crc32 from a page start are single runs, counted chunk by chunk', () => {
    const r = burstVsSteps(() => prepared([0, 1, 2, 3], [fill(at(0), 4 * PS), crc(at(0), 3 * PS)]), 100);
    expect(r).toEqual({ n: 7, moves: 1, translations: ['w0', 'w1', 'w2', 'w3', 'r0', 'r1', 'r2'] });
  });

  it('a page the previous run translated for the same access is not translated again', () => {
    const descs = [
      fill(at(1), 2 * PS),
      fill(at(0), 4 * PS),
      fill(at(0), 3 * PS),
      crc(at(1), 2 * PS),
      crc(at(0), 4 * PS),
      crc(at(0), 3 * PS),
    ];
    const r = burstVsSteps(() => prepared([0, 1, 2, 3], descs), 100);
    expect(r).toEqual({ n: 18, moves: 3, translations: ['w1', 'w2', 'w0', 'w3', 'r1', 'r2', 'r0', 'r3'] });
  });

  it("a page below the previous run is translated, not extrapolated from that run's frames", () => {
    // pages 0, 8, 2, 3, 1 → frames 0-4: page 1 is at frame 4, and frame 1 (page 8) must stay untouched
    const descs = [crc(at(2), 2 * PS), crc(at(0), 3 * PS), fill(at(2), 2 * PS, 0xaa), fill(at(0), 3 * PS, 0xbb)];
    const r = burstVsSteps(() => prepared([0, 8, 2, 3, 1], descs), 100);
    expect(r.n).toBe(10);
    const s = prepared([0, 8, 2, 3, 1], descs);
    s.sys.burst(100);
    expect(s.sys.read(s.pid, at(8), PS)).toEqual(
      Uint8Array.from({ length: PS }, (_, i) => (8 * 31 + i * 7 + 1) & 0xff),
    );
    expect(s.sys.read(s.pid, at(1), PS)).toEqual(new Uint8Array(PS).fill(0xbb));
  });

  it('never takes more than maxSteps chunks, and takes exactly maxSteps when a run fits', () => {
    const make = (): Setup => prepared([0, 1, 2, 3, 4, 5, 6, 7], [copy(at(0), at(4), 4 * PS), fill(at(7), 1)]);
    expect(burstVsSteps(make, 2).n).toBe(1); // the 4-chunk run does not fit: one plain step
    expect(burstVsSteps(make, 4).n).toBe(4);
    expect(burstVsSteps(make, 5).n).toBe(5);
    const twoSingles = (): Setup => prepared([0], [fill(at(0), 1), fill(at(0) + 1, 1)]);
    expect(burstVsSteps(twoSingles, 2).n).toBe(2);
  });

  it('len = maxLen is bursted; len > maxLen and len 0 at the head are one plain step each (invalid, ok)', () => {
    const cfg: SvaConfig = { ...config, devices: [{ name: 'dummy-0', maxLen: 2 * PS }] };
    const descs = [
      copy(at(0), at(2), 2 * PS),
      copy(at(0), at(2), 2 * PS + 1),
      fill(at(0), 0),
      copy(at(0), at(1), 0),
      crc(at(0), 0),
      fill(at(3), 10),
    ];
    expect(burstsVsSteps(() => prepared([0, 1, 2, 3], descs, cfg))).toEqual([3, 1, 1, 1, 1]);
  });

  it('a queue waiting on a page-request group does not count as eligible: the other queue still bursts', () => {
    const make = (): Setup => {
      const s = prepared([0, 1, 2, 3, 4, 5], []);
      const waiting = s.sys.open(s.pid, 'dummy-0'); // hardware queue 1
      s.sys.mapRegion(s.pid, waiting, 'mmio');
      s.sys.mapRegion(s.pid, waiting, 'dus');
      s.sys.startQueue(s.pid, waiting);
      s.sys.send(s.pid, waiting, [fill(at(10), 4)]); // page 10 is not present: a page request with PRG 0
      s.sys.send(s.pid, s.fd, [copy(at(0), at(3), 3 * PS)]);
      expect(s.sys.deviceStep('dummy-0')).toBe(true); // serves hardware queue 0: the copy's first chunk
      expect(s.sys.deviceStep('dummy-0')).toBe(true); // hardware queue 1 faults and waits on PRG 0
      expect(s.sys.snapshot().pageRequests).toHaveLength(1);
      return s;
    };
    expect(burstVsSteps(make, 100).n).toBe(2);
  });
});
