// Issue 10's blind spots, one scenario each: the DMA audit records quiesce's burst (the path users
// run) instead of switching it off; the arbitraries draw the limits on both sides; each directed
// prologue reaches its rare state; page bytes are compared at the command that moved them; and the
// deletion pass shortens a counterexample keeping the same failure.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bug41 } from '../../mutants/bug41-burst-skips-write-permission.ts';
import { commandData } from '../../properties/arbitraries/commands.ts';
import { prologue } from '../../properties/arbitraries/prologues.ts';
import { scarceConfig } from '../../properties/campaign/mix.ts';
import { failureSignature, minimizeFailure } from '../../properties/runner/minimize.ts';
import { firstPageDifference } from '../../properties/runner/page-contents.ts';
import { createSystem, type Descriptor } from 'warpdrive-sva';
import { presets, resolveConfig, type SvaSystem, type SystemSnapshot } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';
import { replaySequence, type CommandData } from 'warpdrive-sva/properties';

const scarce = resolveConfig(scarceConfig);
const tiny = resolveConfig(presets.tiny);

describe('the DMA audit and the burst (SEMANTICS §S-13)', () => {
  it('with the audit on, quiesce still bursts and the audit holds one access per page of each side', () => {
    const sys = createSystem({ pageSize: 64, frames: 32, vaBits: 16, devices: [{ name: 'dummy-0', maxLen: 1024 }] });
    const pid = sys.spawn();
    sys.mmap(pid, 0x1000, 0x400, 'rw');
    sys.write(pid, 0x1000, new Uint8Array(0x200).fill(5));
    const fd = sys.open(pid, 'dummy-0');
    sys.mapRegion(pid, fd, 'mmio');
    sys.mapRegion(pid, fd, 'dus');
    sys.startQueue(pid, fd);
    const desc: Descriptor = { op: 'copy', src: 0x1000, dst: 0x1100, len: 0xc0, tag: 1 };
    sys.send(pid, fd, [desc]);
    sys.setDmaAudit(true);
    // Spy on the chunk loop: with the burst taken, only quiesce's first (full) round serves a chunk through it.
    let chunks = 0;
    const proto = Object.getPrototypeOf(sys) as { serveQueue: (...a: unknown[]) => void };
    const own = sys as unknown as { serveQueue: (...a: unknown[]) => void };
    own.serveQueue = (...a: unknown[]) => {
      chunks++;
      proto.serveQueue.apply(sys, a);
    };
    expect(sys.quiesce()).toBe(4); // 3 chunks, then one round where nothing moves
    expect(chunks).toBe(1);
    const audit = sys.inspect().dmaAudit;
    expect(audit.map((r) => [r.access, r.addr, r.length])).toEqual([
      ['r', 0x1000, 64],
      ['w', 0x1100, 64], // the first round's chunk
      ['r', 0x1040, 64],
      ['r', 0x1080, 64],
      ['w', 0x1140, 64],
      ['w', 0x1180, 64], // the burst, per page of each side
    ]);
    for (const r of audit) expect(r.mappedFrame).toBe(r.frame);
  });

  it("catches a slip of the burst alone (zoo bug 41) on the campaign's default settings", () => {
    // bug 41's deviceStep is right: only a campaign that bursts with the audit on can see it.
    const r = replaySequence(
      tiny,
      [
        { cmd: 'mmap', p: 0, at: { raw: 1, off: 0 }, pages: 2, skew: 0, prot: 'rw' },
        { cmd: 'write', p: 0, at: { raw: 1, off: 0 }, len: 128, seed: 1 },
        { cmd: 'mprotect', p: 0, at: { raw: 2, off: 0 }, pages: 1, skew: 0, prot: 'r' },
        { cmd: 'openReady', p: 0, dev: 0 },
        // The first chunk (page 1) is quiesce's first round; the burst takes the read-only page 2.
        {
          cmd: 'send',
          p: 0,
          f: 0,
          descs: [{ op: 'fill', src: { raw: 1, off: 0 }, dst: { raw: 1, off: 32 }, len: 64, value: 3, tag: 1 }],
        },
        { cmd: 'quiesce' },
      ],
      { implementation: bug41.create, refineEvery: 1 },
    );
    expect(r.ok).toBe(false);
  });
});

describe('limits on both sides', () => {
  it('draws len maxLen, maxLen ± 1 and page multiples ± 1, ringDepth − 1 descriptors, exact max, the last pages', () => {
    const cmds = fc.sample(commandData(tiny), { numRuns: 4000, seed: 7 });
    const lens = cmds.flatMap((c) => (c.cmd === 'send' ? c.descs.flatMap((d) => ('len' in d ? [d.len] : [])) : []));
    const share = (xs: readonly unknown[], p: (x: never) => boolean): number =>
      xs.filter(p as (x: unknown) => boolean).length / xs.length;
    expect(share(lens, (l: number) => l === -2)).toBeGreaterThan(0.02); // maxLen
    expect(share(lens, (l: number) => l === -1 || l === -3)).toBeGreaterThan(0.04); // maxLen ± 1
    expect(share(lens, (l: number) => l > 64 && (l % 64 === 1 || l % 64 === 63))).toBeGreaterThan(0.02);
    const sends = cmds.filter((c) => c.cmd === 'send');
    expect(share(sends, (c: { descs: unknown[] }) => c.descs.length === 3)).toBeGreaterThan(0.05); // tiny's ringDepth − 1
    expect(
      cmds.filter((c) => (c.cmd === 'recv' || c.cmd === 'handleFaults') && c.max === 'exact').length,
    ).toBeGreaterThan(20);
    expect(cmds.filter((c) => 'at' in c && 'top' in c.at).length).toBeGreaterThan(10);
  });

  it('spreads commands over the live processes (the first one no longer takes half)', () => {
    const cmds = fc.sample(commandData(tiny), { numRuns: 4000, seed: 8 });
    const refs = cmds.flatMap((c) => ('p' in c && typeof c.p === 'number' ? [c.p % 3] : []));
    expect(refs.filter((p) => p === 0).length / refs.length).toBeLessThan(0.45);
  });
});

describe('directed prologues reach their rare states on the scarce preset', () => {
  const reached = new Map<string, number>();
  for (const p of fc.sample(prologue(), { numRuns: 800, seed: 3 })) {
    if (p.length === 0) continue;
    const r = replaySequence(scarce, p, {});
    expect(r.ok, r.failure?.detail).toBe(true);
    for (const [k, v] of Object.entries(r.coverage)) reached.set(k, (reached.get(k) ?? 0) + v);
  }
  it.each([
    'removeWhileOverflow',
    'overflowThenDiscard',
    'removeWithGroups',
    'exitDrainNoFrame',
    'invalidNoFrame',
    'exitChildHoldsQueue',
    'pasidReusedAfterRemoval',
    'twoDevicesRequesting',
  ])('%s', (event) => {
    expect(reached.get(event) ?? 0).toBeGreaterThan(0);
  });
});

describe('page contents after a byte-moving command', () => {
  it('names the first differing byte of a page present on both sides', () => {
    const snap = (b: number): SystemSnapshot => ({
      nextPid: 2,
      processes: [],
      devices: [],
      queues: [],
      pageRequests: [],
      prqOverflow: false,
      faultQueues: [],
      vms: [],
      frames: { total: 1, free: [], refs: [{ frame: 0, count: 1 }], pins: [] },
      mms: [
        {
          id: 1,
          exited: false,
          vmas: [],
          pages: [{ addr: 64, state: 'present', frame: 0, bytes: new Uint8Array([1, b]) }],
        },
      ],
    });
    expect(firstPageDifference(snap(2), snap(2))).toBeUndefined();
    expect(firstPageDifference(snap(2), snap(3))).toBe('mm 1 page 0x40 byte 1: model has 2, impl has 3');
  });

  it('fails at the device step that wrote a wrong byte, not at the end', () => {
    // A model whose page bytes read one off after its first device step.
    const factory = (config: Parameters<typeof createModel>[0]): SvaSystem => {
      const self = createModel(config);
      let stepped = false;
      return Object.assign(Object.create(null) as object, self, {
        deviceStep: (d: string) => {
          stepped = true;
          return self.deviceStep(d);
        },
        snapshot: (o?: { contents?: boolean }) => {
          const s = self.snapshot(o);
          const page = s.mms[0]?.pages[0];
          if (stepped && page?.bytes !== undefined) page.bytes[0] ^= 1;
          return s;
        },
      }) as SvaSystem;
    };
    const seq: CommandData[] = [
      { cmd: 'mmap', p: 0, at: { raw: 1, off: 0 }, pages: 1, skew: 0, prot: 'rw' },
      { cmd: 'write', p: 0, at: { raw: 1, off: 0 }, len: 8, seed: 1 },
      { cmd: 'openReady', p: 0, dev: 0 },
      {
        cmd: 'send',
        p: 0,
        f: 0,
        descs: [{ op: 'fill', src: { raw: 1, off: 0 }, dst: { raw: 1, off: 0 }, len: 4, value: 3, tag: 1 }],
      },
      { cmd: 'deviceStep', dev: 0, times: 1 },
      { cmd: 'spawn' },
      { cmd: 'spawn' },
    ];
    const r = replaySequence(tiny, seq, { implementation: factory, refineEvery: 0 });
    expect(r.failure?.step).toBe(5);
    expect(r.failure?.detail).toMatch(/page contents differ at mm 1 page 0x40 byte 0/);
  });
});

describe('the deletion pass after fast-check shrink', () => {
  it('names a failure by its kind and, for an invariant, the invariants', () => {
    expect(failureSignature({ kind: 'invariant', step: 3, detail: 'impl: I1 IOTLB entry …; I2 …' })).toBe(
      'invariant I1,I2',
    );
    expect(failureSignature({ kind: 'mismatch', step: 3, detail: 'x' })).toBe('mismatch');
  });

  it('drops what the failure does not need and keeps the same failure kind', () => {
    // A model whose fork returns a wrong pid: only the fork matters.
    const factory = (config: Parameters<typeof createModel>[0]): SvaSystem => {
      const self = createModel(config);
      return Object.assign(Object.create(null) as object, self, {
        fork: (p: number) => self.fork(p) + 100,
      }) as SvaSystem;
    };
    const noise: CommandData[] = [
      { cmd: 'spawn' },
      { cmd: 'mmap', p: 1, at: { raw: 3, off: 0 }, pages: 3, skew: 0, prot: 'rw' },
      { cmd: 'write', p: 1, at: { raw: 3, off: 5 }, len: 100, seed: 2 },
      { cmd: 'openReady', p: 1, dev: 1 },
    ];
    const seq: CommandData[] = [...noise, { cmd: 'fork', p: 1 }, ...noise];
    const options = { implementation: factory, refineEvery: 1 };
    const first = replaySequence(tiny, seq, options).failure;
    expect(first?.kind).toBe('mismatch');
    if (first === undefined) return;
    const min = minimizeFailure(tiny, seq, first, options);
    expect(min).toEqual([{ cmd: 'fork', p: 0 }]);
    expect(replaySequence(tiny, min, options).failure?.kind).toBe('mismatch');
  });
});
