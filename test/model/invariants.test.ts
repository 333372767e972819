// S1-S7 (SPEC §7) on hand-broken snapshots: each checker reports its invariant, naming the PASID,
// frame, queue or device; and real model states after a few operations pass them all.

import { describe, expect, it } from 'vitest';
import type { ResolvedConfig, SvaSystem, SystemSnapshot } from 'warpdrive-sva/interface';
import {
  checkBonds,
  checkFrames,
  checkHardwareQueues,
  checkPageRequests,
  checkPasidLifetime,
  checkPasidUniqueness,
  checkRings,
  checkSpecInvariants,
  formatViolation,
} from 'warpdrive-sva/invariants';
import { createModel } from 'warpdrive-sva/model';

const PAGE = 64;
const DATA = 16 * PAGE;
const config = {
  pageSize: PAGE,
  frames: 16,
  vaBits: 12,
  pasidBits: 3,
  prqDepth: 4,
  devices: [
    { name: 'acc', hwQueues: 2, ringDepth: 4, maxLen: 256 },
    { name: 'evt', hwQueues: 2, ringDepth: 4, faults: 'none' as const },
  ],
};

/**
 * A state with a bit of everything: two processes with queues on `acc`, a COW-shared page, a
 * swapped page, and one queue waiting on a queued page-request group.
 */
function busyModel(): { sys: SvaSystem; snap: SystemSnapshot; cfg: ResolvedConfig } {
  const sys = createModel(config);
  const pid = sys.spawn();
  sys.mmap(pid, DATA, 4 * PAGE, 'rw');
  sys.write(pid, DATA, new Uint8Array([1, 2, 3]));
  sys.write(pid, DATA + PAGE, new Uint8Array([4]));
  sys.reclaim(pid, DATA + PAGE);
  const fd = sys.open(pid, 'acc');
  sys.mapRegion(pid, fd, 'mmio');
  sys.mapRegion(pid, fd, 'dus');
  sys.startQueue(pid, fd);
  sys.fork(pid);
  sys.send(pid, fd, [
    { op: 'fill', dst: DATA + 2 * PAGE, len: 4, value: 9, tag: 1 },
    { op: 'fill', dst: DATA, len: 1, value: 9, tag: 2 },
  ]);
  sys.deviceStep('acc');
  return { sys, snap: sys.snapshot(), cfg: sys.config };
}

describe('spec invariants S1-S7', () => {
  it('the busy fixture really has a waiting queue, a shared frame and a swapped page', () => {
    const { snap } = busyModel();
    expect(snap.pageRequests).toHaveLength(1);
    expect(snap.queues[0].waitingPrg).toBe(0);
    expect(snap.frames.refs.some((r) => r.count === 2)).toBe(true);
    expect(snap.mms[0].pages.some((p) => p.state === 'swapped')).toBe(true);
  });

  it('real model states pass every invariant', () => {
    const { sys, snap, cfg } = busyModel();
    expect(checkSpecInvariants(snap, cfg)).toEqual([]);
    sys.quiesce();
    expect(checkSpecInvariants(sys.snapshot(), cfg)).toEqual([]);
    sys.exit(1);
    expect(checkSpecInvariants(sys.snapshot(), cfg)).toEqual([]);
    sys.removeDevice('acc');
    expect(checkSpecInvariants(sys.snapshot(), cfg)).toEqual([]);
  });

  it('S1 reports two mms holding one PASID, and a PASID out of range', () => {
    const { snap, cfg } = busyModel();
    const same = { ...snap, mms: snap.mms.map((m) => ({ ...m, pasid: 1 })) };
    expect(checkPasidUniqueness(same, cfg)?.detail).toBe('PASID 1 is held by both mm 1 and mm 2');
    const wide = { ...snap, mms: snap.mms.map((m) => (m.id === 1 ? { ...m, pasid: 8 } : m)) };
    expect(checkPasidUniqueness(wide, cfg)?.detail).toContain('PASID 8 of mm 1');
    expect(checkSpecInvariants(same, cfg).map((v) => v.invariant)).toContain('S1');
  });

  it('S2 reports a bonded mm without a PASID (freed at exit while a bond remains)', () => {
    const { snap, cfg } = busyModel();
    const freed = {
      ...snap,
      mms: snap.mms.map((m) => (m.id === 1 ? { id: 1, exited: true, vmas: [], pages: [] } : m)),
    };
    const v = checkPasidLifetime(freed, cfg);
    expect(v?.invariant).toBe('S2');
    expect(v?.detail).toContain('mm 1');
  });

  it('S2 reports an exited mm with no bond that was not dropped', () => {
    const { snap, cfg } = busyModel();
    const lingering = { ...snap, mms: snap.mms.map((m) => (m.id === 2 ? { ...m, exited: true } : m)) };
    expect(checkPasidLifetime(lingering, cfg)?.detail).toContain('mm 2');
  });

  it('S3 reports a bond count that differs from the live queues, and a missing slot', () => {
    const { snap, cfg } = busyModel();
    const twice = {
      ...snap,
      devices: snap.devices.map((d) => (d.name === 'acc' ? { ...d, bonds: [{ mm: 1, count: 2 }] } : d)),
    };
    expect(checkBonds(twice, cfg)?.detail).toBe('device acc has 2 bonds to mm 1 but 1 live queues of that mm');
    const noSlot = { ...snap, devices: snap.devices.map((d) => ({ ...d, slots: [] })) };
    expect(checkBonds(noSlot, cfg)?.detail).toContain('PASID 1');
  });

  it('S4 reports a hardware queue held twice and a wrong availableInstances', () => {
    const { sys, cfg } = busyModel();
    const pid = sys.spawn();
    sys.open(pid, 'acc');
    const snap = sys.snapshot();
    const shared = { ...snap, queues: snap.queues.map((q) => ({ ...q, hwQueue: 0 })) };
    expect(checkHardwareQueues(shared, cfg)?.detail).toBe('hardware queue 0 of device acc is held by queues 0 and 1');
    const miscounted = { ...snap, devices: snap.devices.map((d) => ({ ...d, availableInstances: 2 })) };
    expect(checkHardwareQueues(miscounted, cfg)?.detail).toContain('device acc reports 2 available instances');
  });

  it('S5 reports ringDepth outstanding descriptors and progress behind the head', () => {
    const { snap, cfg } = busyModel();
    const q = snap.queues[0];
    const full = {
      ...snap,
      queues: [
        {
          ...q,
          completions: [
            { tag: 7, status: 'ok' as const, done: 1 },
            { tag: 8, status: 'ok' as const, done: 1 },
          ],
        },
      ],
    };
    expect(checkRings(full, cfg)?.detail).toBe(
      'queue 0 of device acc has 4 outstanding descriptors, more than ringDepth − 1 = 3',
    );
    const skipped = {
      ...snap,
      queues: [{ ...q, pending: q.pending.map((p, i) => (i === 1 ? { ...p, done: 1 } : p)) }],
    };
    expect(checkRings(skipped, cfg)?.invariant).toBe('S5');
  });

  it('S6 reports a frame both free and referenced, and a reference count that differs from the PTEs', () => {
    const { snap, cfg } = busyModel();
    const shared = snap.frames.refs.find((r) => r.count === 2);
    if (shared === undefined) throw new Error('fixture has no shared frame');
    const both = {
      ...snap,
      frames: { ...snap.frames, free: [...snap.frames.free, shared.frame].sort((a, b) => a - b) },
    };
    expect(checkFrames(both, cfg)?.detail).toBe(`frame ${shared.frame} is both free and referenced 2 times`);
    const miscounted = { ...snap, frames: { ...snap.frames, refs: snap.frames.refs.map((r) => ({ ...r, count: 1 })) } };
    expect(checkFrames(miscounted, cfg)?.detail).toBe(`frame ${shared.frame} has 1 references but 2 PTEs point at it`);
    expect(formatViolation(checkFrames(miscounted, cfg) ?? { invariant: 'S6', detail: '' })).toMatch(/^S6 frame/);
  });

  it('S7 reports a group nobody waits on, a waiting queue without a group, and a group of a removed device', () => {
    const { snap, cfg } = busyModel();
    const unwaited = { ...snap, queues: snap.queues.map((q) => ({ ...q, waitingPrg: undefined })) };
    expect(checkPageRequests(unwaited, cfg)?.detail).toBe(
      'PRG 0 of device acc (PASID 1) is outstanding but no queue waits on it',
    );
    const orphan = { ...snap, pageRequests: [] };
    expect(checkPageRequests(orphan, cfg)?.detail).toContain('queue 0 waits on acc PRG 0');
    const removed = { ...snap, devices: snap.devices.map((d) => (d.name === 'acc' ? { ...d, removed: true } : d)) };
    expect(checkPageRequests(removed, cfg)?.detail).toContain('removed device acc');
  });
});
