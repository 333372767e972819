// SPEC §13 memory: pins (R3 — VMM munmap keeps the frame, reclaim/migrate no-ops, the VMM's fork
// copies pinned pages at once or fails ENOMEM first) and the guest's memory over its GPA pages (R2
// lowest free GPA page, zeroed when taken, bytes kept when freed; R14 after vmUnmapRam; guest fork's
// COW inside the guest). Runs on the model and the impl.

import { describe, expect, it } from 'vitest';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { PAGE, smallConfig } from '../../support/setup.ts';
import { GDATA, VMM_RAM, expectGuestInvariants, pattern, setupVm } from '../../support/vm-setup.ts';

describe.each(factories)('VM memory — $name', ({ create }) => {
  describe('pins (R3)', () => {
    it('the VMM munmaps its RAM: the frames stay pinned and the guest keeps its bytes', () => {
      const sys = create(smallConfig);
      const { vmm, g } = setupVm(sys, 4);
      const pid = g.spawn();
      g.mmap(pid, GDATA, PAGE, 'rw');
      g.write(pid, GDATA, pattern(PAGE));
      sys.munmap(vmm, VMM_RAM, 4 * PAGE);
      expect(g.read(pid, GDATA, PAGE)).toEqual(pattern(PAGE));
      expect(sys.snapshot().frames.refs.every((r) => r.count === 1)).toBe(true); // pins only
      sys.mmap(vmm, VMM_RAM, PAGE, 'rw');
      expect(sys.read(vmm, VMM_RAM, 4)).toEqual(new Uint8Array(4)); // the VMM's new page is not the guest's
      expectGuestInvariants(sys);
    });

    it('reclaim and migrate of a pinned page are no-ops (migrate even with no free frame)', () => {
      const sys = create({ ...smallConfig, frames: 4 });
      const { vmm } = setupVm(sys, 4, []);
      const before = sys.snapshot({ contents: true });
      sys.reclaim(vmm, VMM_RAM);
      sys.migrate(vmm, VMM_RAM + PAGE); // no frame is free: still a no-op, not ENOMEM
      expect(sys.snapshot({ contents: true })).toEqual(before);
    });

    it("the VMM's fork copies every pinned page at once; the parent keeps the pinned frames, private", () => {
      const sys = create(smallConfig);
      const { vmm, vm, g } = setupVm(sys, 2);
      sys.mmap(vmm, PAGE, PAGE, 'rw');
      sys.write(vmm, PAGE, Uint8Array.of(3)); // an ordinary page: shared COW as usual
      sys.write(vmm, VMM_RAM, Uint8Array.of(9));
      const stage2 = sys.snapshot().vms[0].stage2.map((e) => e.frame);
      const child = sys.fork(vmm);
      const snap = sys.snapshot();
      const parentPages = snap.mms.find((m) => m.id === vmm)?.pages ?? [];
      const childPages = snap.mms.find((m) => m.id === child)?.pages ?? [];
      expect(parentPages.map((p) => p.frame).slice(1)).toEqual(stage2);
      expect(childPages[0].frame).toBe(parentPages[0].frame); // COW shared
      expect(childPages.slice(1).some((p) => stage2.includes(p.frame ?? -1))).toBe(false);
      expect(sys.read(child, VMM_RAM, 1)).toEqual(Uint8Array.of(9));
      // the guest's DMA target stays the parent's: writes on either side no longer meet
      sys.write(vmm, VMM_RAM, Uint8Array.of(5)); // no COW fault: the pinned page stayed private
      expect(sys.snapshot().mms.find((m) => m.id === vmm)?.pages[1].frame).toBe(stage2[0]);
      expect(sys.read(child, VMM_RAM, 1)).toEqual(Uint8Array.of(9));
      const pid = g.spawn();
      g.mmap(pid, GDATA, PAGE, 'rw');
      g.write(pid, GDATA, Uint8Array.of(1, 2));
      expect(sys.read(vmm, VMM_RAM, 2)).toEqual(Uint8Array.of(1, 2));
      expect(sys.read(child, VMM_RAM, 2)).toEqual(Uint8Array.of(9, 0));
      expect(vm).toBe(1);
    });

    it("the VMM's fork fails ENOMEM first when the pinned copies do not fit, changing nothing", () => {
      const sys = create({ ...smallConfig, frames: 5 });
      const { vmm } = setupVm(sys, 3, []);
      sys.mmap(vmm, PAGE, 2 * PAGE, 'rw');
      sys.write(vmm, PAGE, new Uint8Array(2 * PAGE)); // 5 of 5 frames used
      expectErrnoUnchanged(sys, () => sys.fork(vmm), 'ENOMEM');
      sys.munmap(vmm, PAGE, 2 * PAGE); // 2 free: still short of 3
      expectErrnoUnchanged(sys, () => sys.fork(vmm), 'ENOMEM');
      sys.vmUnmapRam(1, 0, PAGE); // 2 pinned pages left, 2 free frames
      expect(sys.fork(vmm)).toBe(2);
    });
  });

  describe("the guest's memory", () => {
    it('takes the lowest free GPA page, zeroing it; a freed GPA page keeps its bytes for the VMM', () => {
      const sys = create(smallConfig);
      const { vmm, g } = setupVm(sys, 4);
      sys.write(vmm, VMM_RAM, pattern(8, 50)); // GPA page 0 holds VMM bytes before the guest takes it
      const pid = g.spawn();
      g.mmap(pid, GDATA, 4 * PAGE, 'rw');
      g.write(pid, GDATA + 2 * PAGE, Uint8Array.of(1)); // GPA page 0: zeroed first
      expect(sys.read(vmm, VMM_RAM, 8)).toEqual(Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0));
      g.write(pid, GDATA, Uint8Array.of(2)); // GPA page 1
      expect(sys.snapshot().vms[0].guest.mms[0].pages).toEqual([
        { addr: GDATA, state: 'present', frame: 1 },
        { addr: GDATA + 2 * PAGE, state: 'present', frame: 0 },
      ]);
      g.munmap(pid, GDATA + 2 * PAGE, PAGE);
      expect(sys.read(vmm, VMM_RAM, 1)).toEqual(Uint8Array.of(1)); // freed, bytes kept (R2)
      expect(sys.snapshot().vms[0].guest.frames).toEqual({
        total: 4,
        free: [0, 2, 3],
        refs: [{ frame: 1, count: 1 }],
        pins: [],
      });
      expectGuestInvariants(sys);
    });

    it('free GPA pages are those stage 2 maps rw: an r-only page is never taken; ENOMEM when none is free', () => {
      const sys = create(smallConfig);
      const vmm = sys.spawn();
      sys.mmap(vmm, VMM_RAM, 3 * PAGE, 'rw');
      const vm = sys.vmCreate(vmm, { gpaPages: 3 });
      sys.vmMapRam(vm, 0, VMM_RAM, PAGE, 'r');
      sys.vmMapRam(vm, 2 * PAGE, VMM_RAM + 2 * PAGE, PAGE, 'rw');
      const g = sys.guest(vm);
      const pid = g.spawn();
      g.mmap(pid, GDATA, 2 * PAGE, 'rw');
      expectErrnoUnchanged(sys, () => g.write(pid, GDATA, new Uint8Array(PAGE + 1)), 'ENOMEM');
      g.write(pid, GDATA, Uint8Array.of(4));
      expect(sys.snapshot().vms[0].guest.mms[0].pages[0].frame).toBe(2);
      expect(sys.read(vmm, VMM_RAM + 2 * PAGE, 1)).toEqual(Uint8Array.of(4));
      expectErrnoUnchanged(sys, () => g.write(pid, GDATA + PAGE, Uint8Array.of(1)), 'ENOMEM');
      expectErrnoUnchanged(sys, () => g.migrate(pid, GDATA), 'ENOMEM');
    });

    it('after vmUnmapRam of a page the guest uses: the PTE stays, CPU access EFAULT, reclaim/migrate no-ops (R14)', () => {
      const sys = create(smallConfig);
      const { vm, g } = setupVm(sys, 4);
      const pid = g.spawn();
      g.mmap(pid, GDATA, 2 * PAGE, 'rw');
      g.write(pid, GDATA, pattern(2 * PAGE)); // GPA pages 0 and 1
      sys.vmUnmapRam(vm, 0, PAGE);
      const pages = sys.snapshot().vms[0].guest.mms[0].pages;
      expect(pages[0]).toEqual({ addr: GDATA, state: 'present', frame: 0 });
      expectErrnoUnchanged(sys, () => g.read(pid, GDATA + PAGE - 1, 2), 'EFAULT');
      expectErrnoUnchanged(sys, () => g.write(pid, GDATA, Uint8Array.of(1)), 'EFAULT');
      const before = sys.snapshot({ contents: true });
      g.reclaim(pid, GDATA);
      g.migrate(pid, GDATA);
      expect(sys.snapshot({ contents: true })).toEqual(before);
      expect(g.read(pid, GDATA + PAGE, 2)).toEqual(pattern(2 * PAGE).subarray(PAGE, PAGE + 2));
      g.reclaim(pid, GDATA + PAGE); // still mapped: swapped out, GPA page 1 free again
      expect(sys.snapshot().vms[0].guest.frames.free).toEqual([1, 2, 3]);
      // the COW copy of a page without stage 2 cannot be read (R14): a write that must copy → EFAULT
      const child = g.fork(pid);
      sys.vmMapRam(vm, 0, VMM_RAM, PAGE, 'w');
      expectErrnoUnchanged(sys, () => g.write(child, GDATA, Uint8Array.of(1)), 'EFAULT');
      g.munmap(pid, GDATA, PAGE); // the child is now the page's only user: a private write needs only w
      g.write(child, GDATA, Uint8Array.of(1));
      expectErrno(() => g.read(child, GDATA, 1), 'EFAULT'); // stage 2 grants w, not r
    });

    it('guest reclaim swaps a page out and back in through another GPA page; guest migrate moves it', () => {
      const sys = create(smallConfig);
      const { vmm, g } = setupVm(sys, 3);
      const pid = g.spawn();
      g.mmap(pid, GDATA, PAGE, 'rw');
      g.write(pid, GDATA, pattern(PAGE, 9));
      g.migrate(pid, GDATA); // GPA page 0 → 1
      expect(sys.snapshot().vms[0].guest.mms[0].pages[0].frame).toBe(1);
      expect(sys.read(vmm, VMM_RAM + PAGE, PAGE)).toEqual(pattern(PAGE, 9));
      g.reclaim(pid, GDATA);
      expect(sys.snapshot().vms[0].guest.mms[0].pages[0].state).toBe('swapped');
      g.write(pid, GDATA, Uint8Array.of(0xee)); // swapped back in: the lowest free GPA page, 0
      expect(sys.snapshot().vms[0].guest.mms[0].pages[0].frame).toBe(0);
      expect(g.read(pid, GDATA, 2)).toEqual(Uint8Array.of(0xee, pattern(PAGE, 9)[1]));
      expectGuestInvariants(sys);
    });

    it('guest fork shares GPA pages copy-on-write inside the guest; the host sees the guest pages only as pins', () => {
      const sys = create(smallConfig);
      const { g } = setupVm(sys, 4);
      const pid = g.spawn();
      g.mmap(pid, GDATA, PAGE, 'rw');
      g.write(pid, GDATA, Uint8Array.of(1));
      const child = g.fork(pid);
      expect(child).toBe(2);
      expect(sys.snapshot().vms[0].guest.frames.refs).toEqual([{ frame: 0, count: 2 }]);
      g.write(child, GDATA, Uint8Array.of(2));
      expect([g.read(pid, GDATA, 1)[0], g.read(child, GDATA, 1)[0]]).toEqual([1, 2]);
      expect(sys.processes()).toEqual([1]); // the guest's pids are its own namespace
      expectGuestInvariants(sys);
    });
  });
});
