// SPEC §14 WarpDriveʼs older modes, every row on model and impl (R20-R22, SEMANTICS §S-15): the
// `mode` config and what it forces; mapSs (errno order, all-or-nothing, pinned `rw` frames, lowest
// free first); ssDma; 'pasid-static' DMA inside and outside the region; 'noiommu' DMA by physical
// address (and past the last frame); pinned pages under munmap, mprotect, fork, reclaim, migrate;
// release, exit and removal of a region; `open` taking no PASID in 'noiommu'; S1-S7 after each story.

import { describe, expect, it } from 'vitest';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { DATA, PAGE, openMappedQueue, recvAll, smallConfig } from '../../support/setup.ts';
import { createSystem } from 'warpdrive-sva';
import type { SvaConfig, SvaSystem } from 'warpdrive-sva/interface';
import { checkSpecInvariants } from 'warpdrive-sva/invariants';

/** `smallConfig` plus a 'pasid-static' device `pst` and a 'noiommu' device `nio`. */
const config: SvaConfig = {
  ...smallConfig,
  devices: [
    ...(smallConfig.devices ?? []),
    { name: 'pst', hwQueues: 2, ringDepth: 8, maxLen: 4096, mode: 'pasid-static', eventDepth: 4 },
    { name: 'nio', hwQueues: 2, ringDepth: 8, maxLen: 4096, mode: 'noiommu', eventDepth: 4 },
  ],
};
/** Where the stories put static-share regions: above the 16-page data area. */
const SS = DATA + 32 * PAGE;

/** S1-S7 hold. */
function expectInvariants(sys: SvaSystem): void {
  expect(checkSpecInvariants(sys.snapshot(), sys.config)).toEqual([]);
}

/** A process with a ready queue on `device` and a `pages`-page region at SS. */
function withRegion(sys: SvaSystem, device: 'pst' | 'nio', pages = 2) {
  const pid = sys.spawn();
  sys.mmap(pid, DATA, 16 * PAGE, 'rw');
  const fd = openMappedQueue(sys, pid, device);
  expect(sys.mapSs(pid, fd, SS, pages * PAGE)).toBe(SS);
  return { pid, fd };
}

describe.each(factories)('legacy modes — $name', ({ create }) => {
  describe('config', () => {
    it("mode defaults to 'sva'; another mode forces faults 'none' and ats false; pri with it or a bad mode → EINVAL", () => {
      const sys = create(config);
      expect(sys.config.devices.map((d) => [d.name, d.mode, d.faults, d.ats])).toEqual([
        ['acc', 'sva', 'pri', true],
        ['acc2', 'sva', 'pri', true],
        ['evt', 'sva', 'none', true],
        ['pst', 'pasid-static', 'none', false],
        ['nio', 'noiommu', 'none', false],
      ]);
      expect(create({ devices: [{ name: 'x', mode: 'noiommu', ats: true }] }).config.devices[0].ats).toBe(false);
      expectErrno(() => create({ devices: [{ name: 'x', mode: 'pasid-static', faults: 'pri' }] }), 'EINVAL');
      expectErrno(() => create({ devices: [{ name: 'x', mode: 'iommu' as never }] }), 'EINVAL');
      expect(sys.snapshot().devices.map((d) => d.mode)).toEqual(['sva', 'sva', 'sva', 'pasid-static', 'noiommu']);
    });
  });

  describe('open', () => {
    it("'pasid-static' takes a PASID and a static slot; 'noiommu' takes neither (a bond only)", () => {
      const sys = create(config);
      const pid = sys.spawn();
      const nio = sys.open(pid, 'nio');
      expect(sys.pasidOf(pid)).toBeUndefined();
      expect(sys.queueInfo(pid, nio)).toEqual({ device: 'nio', state: 'init', hwQueue: 0, outstanding: 0 });
      const pst = sys.open(pid, 'pst');
      expect(sys.pasidOf(pid)).toBe(1);
      expect(sys.queueInfo(pid, pst)).toEqual({ device: 'pst', state: 'init', pasid: 1, hwQueue: 0, outstanding: 0 });
      const snap = sys.snapshot();
      expect(snap.devices[3].slots).toEqual([{ pasid: 1, state: 'static', mm: pid }]);
      expect(snap.devices[4].slots).toEqual([]);
      expect(snap.devices[4].bonds).toEqual([{ mm: pid, count: 1 }]);
      expectInvariants(sys);
    });
  });

  describe('mapSs', () => {
    it('errno order: EBADF, ENXIO, EINVAL (sva mode, range, not the opener), EEXIST, ENOMEM; nothing changes', () => {
      const sys = create({ ...config, frames: 8 });
      const pid = sys.spawn();
      const acc = sys.open(pid, 'acc');
      const pst = sys.open(pid, 'pst');
      const gone = sys.open(pid, 'acc2');
      sys.removeDevice('acc2');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, 9, SS, PAGE), 'EBADF');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, gone, SS, PAGE), 'ENXIO');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, acc, SS, PAGE), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, pst, SS + 1, PAGE), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, pst, SS, PAGE + 1), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, pst, 0, PAGE), 'EINVAL');
      const child = sys.fork(pid);
      expectErrnoUnchanged(sys, () => sys.mapSs(child, pst, SS, PAGE), 'EINVAL'); // R22: only the opener's mm
      sys.mmap(pid, SS, PAGE, 'r');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, pst, SS, PAGE), 'EEXIST');
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, pst, SS + PAGE, 9 * PAGE), 'ENOMEM'); // 8 frames
      expect(sys.mapSs(pid, pst, SS + PAGE, 2 * PAGE)).toBe(SS + PAGE);
      expectErrnoUnchanged(sys, () => sys.mapSs(pid, pst, SS + 8 * PAGE, PAGE), 'EEXIST'); // one per queue
      expectInvariants(sys);
    });

    it('takes the lowest free frames at once, zeroed, mapped rw and present; the snapshot shows the region', () => {
      const sys = create(config);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, 4 * PAGE, 'rw');
      sys.write(pid, DATA, new Uint8Array(3 * PAGE).fill(7)); // frames 0, 1, 2
      sys.munmap(pid, DATA + PAGE, PAGE); // frame 1 free again
      const fd = sys.open(pid, 'pst');
      sys.mapSs(pid, fd, SS, 2 * PAGE);
      const snap = sys.snapshot();
      expect(snap.queues[0].staticShare).toEqual({ va: SS, pages: 2, frames: [1, 3], holder: pid });
      const mm = snap.mms[0];
      expect(mm.vmas).toContainEqual({ start: SS, end: SS + 2 * PAGE, prot: 'rw' });
      expect(mm.pages.filter((p) => p.addr >= SS)).toEqual([
        { addr: SS, state: 'present', frame: 1 },
        { addr: SS + PAGE, state: 'present', frame: 3 },
      ]);
      expect(sys.read(pid, SS, 2 * PAGE)).toEqual(new Uint8Array(2 * PAGE)); // zeroed, though frame 1 held 7s
      expectInvariants(sys);
    });
  });

  describe('ssDma', () => {
    it("the physical address of a page; EINVAL: not 'noiommu', no region, index outside it (the size itself included)", () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'nio', 2);
      const [f0, f1] = sys.snapshot().queues[0].staticShare?.frames ?? [];
      expect(sys.ssDma(pid, fd, 0)).toBe(f0 * PAGE);
      expect(sys.ssDma(pid, fd, 1)).toBe(f1 * PAGE);
      expectErrnoUnchanged(sys, () => sys.ssDma(pid, fd, 2), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.ssDma(pid, fd, -1), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.ssDma(pid, fd, 0.5), 'EINVAL');
      const bare = sys.open(pid, 'nio');
      expectErrnoUnchanged(sys, () => sys.ssDma(pid, bare, 0), 'EINVAL');
      const pst = sys.open(pid, 'pst');
      expectErrnoUnchanged(sys, () => sys.ssDma(pid, pst, 0), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.ssDma(pid, 99, 0), 'EBADF');
    });
  });

  describe("'pasid-static' DMA", () => {
    it('inside the region: the bytes move, the CPU sees them at the same VA', () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'pst');
      sys.write(
        pid,
        SS,
        Uint8Array.from({ length: 16 }, (_, i) => i + 1),
      );
      sys.send(pid, fd, [{ op: 'copy', src: SS, dst: SS + PAGE + 8, len: 16, tag: 1 }]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 16 }]);
      expect(sys.read(pid, SS + PAGE + 8, 16)).toEqual(Uint8Array.from({ length: 16 }, (_, i) => i + 1));
      expectInvariants(sys);
    });

    it('outside it (an ordinary mapped page too): unrecoverable fault — `fault` completion and an event', () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'pst');
      sys.write(pid, DATA, new Uint8Array([5]));
      sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: SS, len: 4, tag: 2 }]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 2, status: 'fault', done: 0, faultAddr: DATA }]);
      expect(sys.readEvents('pst').events).toEqual([
        { seq: 0, pasid: 1, addr: DATA, access: 'r', kind: 'translation' },
      ]);
      expect(sys.snapshot().pageRequests).toEqual([]);
    });

    it("isolation: another process's region under its own PASID is unreachable", () => {
      const sys = create(config);
      const a = withRegion(sys, 'pst');
      const b = sys.spawn();
      const fd = openMappedQueue(sys, b, 'pst');
      sys.mapSs(b, fd, SS + 4 * PAGE, PAGE);
      sys.send(b, fd, [{ op: 'fill', dst: SS, len: 4, value: 9, tag: 3 }]); // a's VA, b's PASID
      sys.quiesce();
      expect(recvAll(sys, b, fd)).toEqual([{ tag: 3, status: 'fault', done: 0, faultAddr: SS }]);
      expect(sys.read(a.pid, SS, 4)).toEqual(new Uint8Array(4));
    });
  });

  describe("'noiommu' DMA", () => {
    it("descriptors are physical: the region's pages by ssDma, and any other frame — another process's page too", () => {
      const sys = create(config);
      const victim = sys.spawn();
      sys.mmap(victim, DATA, PAGE, 'rw');
      sys.write(victim, DATA, new TextEncoder().encode('secret'));
      const frame = sys.snapshot().mms[0].pages[0].frame ?? -1;
      const { pid, fd } = withRegion(sys, 'nio');
      sys.send(pid, fd, [{ op: 'copy', src: frame * PAGE, dst: sys.ssDma(pid, fd, 0), len: 6, tag: 1 }]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 6 }]);
      expect(new TextDecoder().decode(sys.read(pid, SS, 6))).toBe('secret'); // the hole SVA closes
      expectInvariants(sys);
    });

    it('an address past the last frame: `fault` and an event with PASID 0', () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'nio');
      const end = 64 * PAGE; // smallConfig has 64 frames
      sys.send(pid, fd, [{ op: 'fill', dst: end + 3, len: 2, value: 1, tag: 4 }]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([{ tag: 4, status: 'fault', done: 0, faultAddr: end + 3 }]);
      expect(sys.readEvents('nio').events).toEqual([
        { seq: 0, pasid: 0, addr: end + 3, access: 'w', kind: 'translation' },
      ]);
    });

    it("R21: the opener's exit aborts the queue's remaining work (a forked child holds it)", () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'nio');
      const child = sys.fork(pid);
      sys.stopQueue(pid, fd);
      sys.send(pid, fd, [{ op: 'fill', dst: sys.ssDma(pid, fd, 0), len: 4, value: 1, tag: 5 }]);
      sys.startQueue(pid, fd);
      sys.exit(pid);
      sys.quiesce();
      expect(sys.snapshot().queues[0].completions).toEqual([{ tag: 5, status: 'aborted', done: 0 }]);
      expect(sys.processes()).toEqual([child]);
      expectInvariants(sys);
    });
  });

  describe('pinned static-share pages (S5/S6, R22)', () => {
    it('munmap or mprotect touching the region → EINVAL; reclaim and migrate are no-ops; fork does not inherit it', () => {
      const sys = create(config);
      const { pid } = withRegion(sys, 'pst');
      sys.write(pid, SS, new Uint8Array([1, 2, 3]));
      expectErrnoUnchanged(sys, () => sys.munmap(pid, SS + PAGE, PAGE), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.munmap(pid, DATA, 64 * PAGE), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, SS, PAGE, 'r'), 'EINVAL');
      const before = sys.snapshot({ contents: true });
      sys.reclaim(pid, SS);
      sys.migrate(pid, SS);
      expect(sys.snapshot({ contents: true })).toEqual(before);
      const child = sys.fork(pid);
      const snap = sys.snapshot();
      const childMm = snap.mms.find((m) => m.id === child);
      expect(childMm?.vmas).toEqual([{ start: DATA, end: DATA + 16 * PAGE, prot: 'rw' }]);
      expect(childMm?.pages).toEqual([]);
      expectErrno(() => sys.read(child, SS, 1), 'EFAULT');
      sys.write(pid, SS, new Uint8Array([9])); // still the parent's private, writable page
      expect(sys.snapshot().frames.refs.every((r) => r.count === 1)).toBe(true);
      expectInvariants(sys);
    });
  });

  describe('release, exit and removal', () => {
    it('release unmaps the region from the process and the device and frees its frames', () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'pst');
      const free = sys.snapshot().frames.free.length;
      sys.unmapRegion(pid, fd, 'mmio');
      sys.unmapRegion(pid, fd, 'dus');
      sys.close(pid, fd); // the mapping is still a reference: the queue lives
      expect(sys.snapshot().queues).toHaveLength(1);
      expect(sys.snapshot().frames.free.length).toBe(free);
      expectInvariants(sys);
    });

    it("exit drops the mapping after mmio and dus; a child's fd keeps the region (and its frames) until release", () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'pst');
      const child = sys.fork(pid);
      sys.exit(pid);
      let snap = sys.snapshot();
      expect(snap.queues[0].staticShare).toEqual({ va: SS, pages: 2, frames: [0, 1] });
      expect(snap.mms.find((m) => m.id === pid)?.pages.map((p) => p.addr)).toEqual([SS, SS + PAGE]);
      expect(snap.devices[3].slots).toEqual([{ pasid: 1, state: 'abort', mm: pid }]);
      expectInvariants(sys);
      sys.close(child, fd);
      snap = sys.snapshot();
      expect(snap.queues).toEqual([]);
      expect(snap.mms.map((m) => m.id)).toEqual([child]);
      expect(snap.frames.free).toHaveLength(64);
      expectInvariants(sys);
    });

    it('removeDevice revokes the mapping and frees the frames at once', () => {
      const sys = create(config);
      const { pid, fd } = withRegion(sys, 'nio');
      sys.removeDevice('nio');
      const snap = sys.snapshot();
      expect(snap.queues[0].staticShare).toBeUndefined();
      expect(snap.mms[0].vmas).toEqual([{ start: DATA, end: DATA + 16 * PAGE, prot: 'rw' }]);
      expect(snap.frames.free).toHaveLength(64);
      expectErrno(() => sys.ssDma(pid, fd, 0), 'ENXIO');
      sys.mmap(pid, SS, PAGE, 'rw'); // the range is free again
      expectInvariants(sys);
    });
  });
});

describe('fault injection of mapSs (R23) — impl', () => {
  it('every frame and page-table page of the region is an injection point: ENOMEM, nothing changed', () => {
    const points: number[] = [];
    for (let n = 1; ; n++) {
      const sys = createSystem(config, { faultInjection: true });
      const pid = sys.spawn();
      const fd = openMappedQueue(sys, pid, 'pst');
      const before = sys.snapshot({ contents: true });
      sys.failNext(n);
      let code: unknown;
      try {
        sys.mapSs(pid, fd, SS, 3 * PAGE);
      } catch (e) {
        code = (e as { code?: unknown }).code;
      }
      if (!sys.injectionConsumed()) {
        expect(code).toBeUndefined(); // past the last point the call succeeds
        break;
      }
      points.push(n);
      expect(code).toBe('ENOMEM');
      expect(sys.snapshot({ contents: true })).toEqual(before);
      expect(sys.mapSs(pid, fd, SS, 3 * PAGE)).toBe(SS); // and the same call then works
    }
    expect(points.length).toBeGreaterThanOrEqual(3); // three frames at least
  });
});
