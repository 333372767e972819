// The three benchmark command streams of issue 6 (SPEC §10), built deterministically from fixed
// seeds (pure-rand xoroshiro128+) so that the model and the impl run exactly the same commands:
// - copy-heavy: 64 KiB copies at unaligned addresses across the pages of a present buffer;
// - fault-heavy: demand paging by the device (page requests answered by handleFaults, one group at
//   a time), then reclaim, migrate and munmap churn that makes the next round fault again;
// - churn-heavy: process and queue lifecycles — spawn, open, fork, COW writes, munmap, close, exit.
// Every stream is error-free on a correct system (the harness checks that, and that both agree).

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Descriptor, Pid, SvaConfig } from '../interface/index.ts';
import { patternBytes } from './pattern-bytes.ts';
import type { StreamOp } from './stream-ops.ts';

/** The names of the streams, as `implVsModel` reports them. */
export type StreamName = 'copyHeavy' | 'faultHeavy' | 'churnHeavy';

/** A benchmark stream: a config, untimed setup commands and the timed body. */
export interface BenchStream {
  readonly name: StreamName;
  /** One line saying what the body does. */
  readonly description: string;
  readonly config: SvaConfig;
  /** Run on a fresh system before each timed run (not timed). */
  readonly setup: readonly StreamOp[];
  /** The timed commands. */
  readonly body: readonly StreamOp[];
  /** Bytes the body's descriptors move (copies, fills, CRCs), for throughput. */
  readonly dmaBytes: number;
}

const KIB = 1024;
const PAGE = 4096;
const DEVICE = 'dummy-0';
/** The first fd a process gets (§S-5: lowest free ≥ 3). */
const FIRST_FD = 3;
/** Outstanding descriptors a default queue allows: ringDepth 16 − 1 (SPEC §6). */
const RING_ROOM = 15;

/** Commands that give `pid` a started queue on `DEVICE` whose regions it maps (the fd is `fd`). */
function openStartedQueue(pid: Pid, fd: number): StreamOp[] {
  return [
    { call: 'open', pid, device: DEVICE },
    { call: 'mapRegion', pid, fd, region: 'mmio' },
    { call: 'mapRegion', pid, fd, region: 'dus' },
    { call: 'startQueue', pid, fd },
  ];
}

/**
 * Copy-heavy: one process with a present 512 KiB buffer; `batches` times 15 copies of 64 KiB from
 * the lower half to the upper half at unaligned offsets (so every page boundary of either side
 * splits a chunk), quiesce, receive the 15 completions; a read at the end checks the bytes.
 */
export function copyHeavyStream(batches = 6, seed = 0xc0b1): BenchStream {
  const rng = xoroshiro128plus(seed);
  const pid = 1;
  const base = 0x1000_0000;
  const size = 512 * KIB;
  const copyLen = 64 * KIB;
  const setup: StreamOp[] = [
    { call: 'spawn' },
    { call: 'mmap', pid, addr: base, length: size, prot: 'rw' },
    { call: 'write', pid, addr: base, bytes: patternBytes(size, seed) },
    ...openStartedQueue(pid, FIRST_FD),
  ];
  const body: StreamOp[] = [];
  let tag = 0;
  for (let b = 0; b < batches; b++) {
    const descs: Descriptor[] = [];
    for (let k = 0; k < RING_ROOM; k++) {
      const src = base + uniformInt(rng, 0, size / 2 - copyLen - 1);
      const dst = base + size / 2 + uniformInt(rng, 0, size / 2 - copyLen - 1);
      descs.push({ op: 'copy', src, dst, len: copyLen, tag: tag++ });
    }
    body.push(
      { call: 'send', pid, fd: FIRST_FD, descs },
      { call: 'quiesce' },
      { call: 'recv', pid, fd: FIRST_FD, max: RING_ROOM },
    );
  }
  body.push({ call: 'read', pid, addr: base + size / 2, length: 256 });
  return {
    name: 'copyHeavy',
    description: `${batches * RING_ROOM} copies of 64 KiB, unaligned, across pages of a present buffer`,
    config: { frames: 256 },
    setup,
    body,
    dmaBytes: batches * RING_ROOM * copyLen,
  };
}

/**
 * Fault-heavy: two processes, each with a started queue and a 256 KiB area the device touches
 * first (demand paging through page requests, answered one group at a time between device steps).
 * Each round sends a copy, a fill and a CRC over pages that are absent, swapped out or freshly
 * migrated, pumps the device to completion, receives, then reclaims and migrates pages and
 * munmaps/re-mmaps a slice so that the next round faults again.
 */
export function faultHeavyStream(rounds = 40, seed = 0xfa17): BenchStream {
  const rng = xoroshiro128plus(seed);
  const pids = [1, 2];
  const base = 0x2000_0000;
  const pages = 64;
  const setup: StreamOp[] = [];
  for (const pid of pids) {
    setup.push({ call: 'spawn' }, { call: 'mmap', pid, addr: base, length: pages * PAGE, prot: 'rw' });
  }
  for (const pid of pids) setup.push(...openStartedQueue(pid, FIRST_FD));
  const body: StreamOp[] = [];
  let tag = 0;
  let dmaBytes = 0;
  const pageAddr = (page: number): number => base + page * PAGE;
  for (let r = 0; r < rounds; r++) {
    const pid = pids[r % pids.length];
    const srcPage = uniformInt(rng, 0, pages / 2 - 5);
    const dstPage = uniformInt(rng, pages / 2, pages - 5);
    const len = uniformInt(rng, 2 * PAGE, 4 * PAGE);
    const descs: Descriptor[] = [
      {
        op: 'copy',
        src: pageAddr(srcPage) + uniformInt(rng, 0, 255),
        dst: pageAddr(dstPage) + uniformInt(rng, 0, 255),
        len,
        tag: tag++,
      },
      {
        op: 'fill',
        dst: pageAddr(uniformInt(rng, 0, pages - 3)) + uniformInt(rng, 0, 63),
        len: PAGE + 512,
        value: r & 0xff,
        tag: tag++,
      },
      { op: 'crc32', src: pageAddr(srcPage), len: 3 * PAGE, tag: tag++ },
    ];
    dmaBytes += len + PAGE + 512 + 3 * PAGE;
    body.push(
      { call: 'send', pid, fd: FIRST_FD, descs },
      { call: 'pump', device: DEVICE, faultBatch: 1 },
      { call: 'recv', pid, fd: FIRST_FD, max: descs.length },
    );
    // page-table churn: the next round's device accesses fault or re-walk
    for (let k = 0; k < 4; k++) body.push({ call: 'reclaim', pid, addr: pageAddr(uniformInt(rng, 0, pages - 1)) });
    for (let k = 0; k < 4; k++) body.push({ call: 'migrate', pid, addr: pageAddr(uniformInt(rng, 0, pages - 1)) });
    if (r % 4 === 3) {
      const first = uniformInt(rng, 0, pages - 8);
      body.push(
        { call: 'munmap', pid, addr: pageAddr(first), length: 8 * PAGE },
        { call: 'mmap', pid, addr: pageAddr(first), length: 8 * PAGE, prot: 'rw' },
      );
    }
  }
  for (const pid of pids) body.push({ call: 'read', pid, addr: base, length: 512 });
  return {
    name: 'faultHeavy',
    description: `${rounds} rounds: device demand paging with handleFaults(1), reclaim, migrate, munmap/mmap`,
    config: { frames: 512 },
    setup,
    body,
    dmaBytes,
  };
}

/**
 * Churn-heavy: `lives` process lifecycles. Each spawns, maps and writes a few pages, opens a
 * started queue and sends a copy, forks (the child shares the queue's fd and COW pages), the child
 * writes (breaking COW), munmaps a slice and exits (sometimes after forking a grandchild that exits
 * at once); the parent quiesces, receives, munmaps, then either closes its fd and exits or exits
 * with the fd open (release drains at exit). Every fourth life also opens and closes an unstarted
 * queue.
 */
export function churnHeavyStream(lives = 60, seed = 0xc4a2): BenchStream {
  const rng = xoroshiro128plus(seed);
  const base = 0x3000_0000;
  const body: StreamOp[] = [];
  let nextPid = 1;
  let tag = 0;
  let dmaBytes = 0;
  for (let life = 0; life < lives; life++) {
    const pid = nextPid++;
    const pages = uniformInt(rng, 8, 16);
    const written = uniformInt(rng, 1, 4);
    body.push(
      { call: 'spawn' },
      { call: 'mmap', pid, addr: base, length: pages * PAGE, prot: 'rw' },
      { call: 'write', pid, addr: base, bytes: patternBytes(written * PAGE, life) },
      ...openStartedQueue(pid, FIRST_FD),
      {
        call: 'send',
        pid,
        fd: FIRST_FD,
        descs: [{ op: 'copy', src: base, dst: base + (pages - 2) * PAGE, len: PAGE, tag: tag++ }],
      },
    );
    dmaBytes += PAGE;
    const child = nextPid++;
    body.push(
      { call: 'fork', pid },
      { call: 'write', pid: child, addr: base, bytes: patternBytes(PAGE, life + 1000) },
      { call: 'munmap', pid: child, addr: base + 2 * PAGE, length: uniformInt(rng, 1, pages - 2) * PAGE },
    );
    if (uniformInt(rng, 0, 1) === 1) {
      const grandchild = nextPid++;
      body.push({ call: 'fork', pid: child }, { call: 'exit', pid: grandchild });
    }
    body.push(
      { call: 'exit', pid: child },
      { call: 'quiesce' },
      { call: 'recv', pid, fd: FIRST_FD, max: 1 },
      { call: 'munmap', pid, addr: base + PAGE, length: PAGE },
    );
    if (life % 4 === 0) {
      const spare = FIRST_FD + 1;
      body.push({ call: 'open', pid, device: DEVICE }, { call: 'close', pid, fd: spare });
    }
    if (uniformInt(rng, 0, 1) === 1) body.push({ call: 'close', pid, fd: FIRST_FD });
    body.push({ call: 'exit', pid });
  }
  return {
    name: 'churnHeavy',
    description: `${lives} lifecycles: spawn, open, fork+COW, munmap, close, exit`,
    config: { frames: 256 },
    setup: [],
    body,
    dmaBytes,
  };
}

/** The three streams with their default sizes. */
export function benchStreams(): readonly BenchStream[] {
  return [copyHeavyStream(), faultHeavyStream(), churnHeavyStream()];
}
