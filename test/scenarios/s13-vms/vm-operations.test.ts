// SPEC §13 host operations, every row (R13 errno orders, SEMANTICS §S-14): vmCreate, vmMapRam,
// vmUnmapRam, vmAssign, vmUnassign, vmDestroy, vmReadEvents, vmInfo, guest(vm); the VM's fault
// queue refused to host users (R8); host open of an assigned device; the VMM's exit (R18).
// Runs on the model and the impl.

import { describe, expect, it } from 'vitest';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { deviceOf } from '../../support/observe.ts';
import { PAGE, setupQueue, smallConfig } from '../../support/setup.ts';
import { GDATA, VMM_RAM, expectGuestInvariants, guestQueue, setupVm } from '../../support/vm-setup.ts';
import { GUEST_METHODS } from 'warpdrive-sva/interface';

describe.each(factories)('VM operations — $name', ({ create }) => {
  describe('vmCreate', () => {
    it('ids from 1, never reused; the VM gets the next fault-queue id, owned by the VMM', () => {
      const sys = create(smallConfig);
      const vmm = sys.spawn();
      expect(sys.faultQueueCreate(vmm)).toBe(1);
      expect(sys.vmCreate(vmm, { gpaPages: 4 })).toBe(1);
      expect(sys.faultQueueCreate(vmm)).toBe(3);
      expect(sys.vmInfo(1)).toEqual({ vmm, gpaPages: 4, mapped: [], devices: [], faultQueue: 2 });
      sys.vmDestroy(1);
      expect(sys.vmCreate(vmm, { gpaPages: 1, eventDepth: 2 })).toBe(2);
      const snap = sys.snapshot();
      expect(snap.faultQueues.map((fq) => [fq.id, fq.owner])).toEqual([
        [1, vmm],
        [3, vmm],
        [4, vmm],
      ]);
      expect(snap.vms).toHaveLength(1);
      expect(snap.vms[0]).toMatchObject({ id: 2, vmm, gpaPages: 1, stage2: [], devices: [], faultQueue: 4 });
      expect(snap.vms[0]).toMatchObject({ events: [], lost: 0, nextEventSeq: 0, eventDepth: 2 });
      expect(snap.vms[0].guest.frames).toEqual({ total: 1, free: [], refs: [], pins: [] });
    });

    it('ESRCH, then EINVAL for options: not a plain object, unknown field, gpaPages outside [1, frames], bad eventDepth', () => {
      const sys = create(smallConfig);
      const vmm = sys.spawn();
      expectErrnoUnchanged(sys, () => sys.vmCreate(99, { gpaPages: 0 }), 'ESRCH');
      for (const bad of [undefined, null, [], 4, { gpaPages: 0 }, { gpaPages: 65 }, { gpaPages: 1.5 }, {}]) {
        expectErrnoUnchanged(sys, () => sys.vmCreate(vmm, bad as never), 'EINVAL');
      }
      for (const bad of [{ gpaPages: 1, eventDepth: 0 }, { gpaPages: 1, extra: 1 }, { gpaPages: '1' }]) {
        expectErrnoUnchanged(sys, () => sys.vmCreate(vmm, bad as never), 'EINVAL');
      }
      expect(sys.vmCreate(vmm, { gpaPages: 64 })).toBe(1);
    });
  });

  describe('vmMapRam', () => {
    it('makes the VMM pages present and private, pins their frames, and the VMM and guest see the same bytes', () => {
      const sys = create(smallConfig);
      const vmm = sys.spawn();
      sys.mmap(vmm, VMM_RAM, 4 * PAGE, 'rw');
      sys.write(vmm, VMM_RAM + PAGE, Uint8Array.of(7, 8, 9));
      const child = sys.fork(vmm); // the written page is COW shared now
      const vm = sys.vmCreate(vmm, { gpaPages: 4 });
      sys.vmMapRam(vm, 0, VMM_RAM, 4 * PAGE, 'rw');
      const snap = sys.snapshot();
      const vmmPages = snap.mms.find((m) => m.id === vmm)?.pages ?? [];
      expect(vmmPages.map((p) => p.state)).toEqual(['present', 'present', 'present', 'present']);
      const frames = vmmPages.map((p) => p.frame);
      expect(snap.vms[0].stage2).toEqual(frames.map((frame, gpa) => ({ gpa, frame, prot: 'rw' })));
      expect(snap.frames.pins).toEqual(
        frames.map((frame) => ({ frame, count: 1 })).sort((a, b) => (a.frame ?? 0) - (b.frame ?? 0)),
      );
      // the COW share was broken for the VMM: the child keeps the old frame
      expect(snap.mms.find((m) => m.id === child)?.pages[0].frame).not.toBe(frames[1]);
      expect(snap.vms[0].guest.frames).toEqual({ total: 4, free: [0, 1, 2, 3], refs: [], pins: [] });
      const g = sys.guest(vm);
      const pid = g.spawn();
      g.mmap(pid, GDATA, PAGE, 'rw');
      g.write(pid, GDATA, Uint8Array.of(1, 2)); // takes GPA page 0, the lowest free (R2)
      expect(sys.read(vmm, VMM_RAM, 2)).toEqual(Uint8Array.of(1, 2));
      sys.write(vmm, VMM_RAM + 1, Uint8Array.of(5));
      expect(g.read(pid, GDATA, 2)).toEqual(Uint8Array.of(1, 5));
    });

    it('errno order: ENOENT, EINVAL gpa range, EINVAL VMM range, EINVAL prot, EEXIST, EFAULT, ENOMEM', () => {
      const sys = create({ ...smallConfig, frames: 8 });
      const vmm = sys.spawn();
      sys.mmap(vmm, VMM_RAM, 4 * PAGE, 'r');
      sys.mmap(vmm, VMM_RAM + 8 * PAGE, 12 * PAGE, 'rw');
      sys.write(vmm, VMM_RAM + 19 * PAGE, Uint8Array.of(1)); // 1 frame taken; the map below takes 1: 6 free
      const vm = sys.vmCreate(vmm, { gpaPages: 8 });
      sys.vmMapRam(vm, 0, VMM_RAM, PAGE, 'r'); // an r VMA mapped r: pinned all the same (R3)
      expectErrnoUnchanged(sys, () => sys.vmMapRam(9, 1.5, 0, 0, 'bad' as never), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, 1, VMM_RAM, PAGE, 'r'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, 7 * PAGE, VMM_RAM, 2 * PAGE, 'r'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, PAGE, VMM_RAM + 1, PAGE, 'r'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, PAGE, VMM_RAM, 0, 'r'), 'EINVAL');
      for (const prot of ['', 'x', 'wr', 5]) {
        expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, PAGE, VMM_RAM, PAGE, prot as never), 'EINVAL');
      }
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, 0, VMM_RAM + PAGE, PAGE, 'r'), 'EEXIST');
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, PAGE, VMM_RAM + PAGE, PAGE, 'rw'), 'EFAULT'); // VMA lacks w
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, PAGE, VMM_RAM + 3 * PAGE, 2 * PAGE, 'r'), 'EFAULT'); // a hole
      expectErrnoUnchanged(sys, () => sys.vmMapRam(vm, PAGE, VMM_RAM + 8 * PAGE, 7 * PAGE, 'rw'), 'ENOMEM');
      sys.vmMapRam(vm, PAGE, VMM_RAM + 8 * PAGE, 6 * PAGE, 'rw'); // exactly the 6 free frames
      expect(sys.snapshot().frames.free).toEqual([]);
    });

    it('one frame may be pinned twice (two GPA pages, or two VMs)', () => {
      const sys = create(smallConfig);
      const vmm = sys.spawn();
      sys.mmap(vmm, VMM_RAM, PAGE, 'rw');
      const a = sys.vmCreate(vmm, { gpaPages: 2 });
      const b = sys.vmCreate(vmm, { gpaPages: 1 });
      sys.vmMapRam(a, 0, VMM_RAM, PAGE, 'rw');
      sys.vmMapRam(a, PAGE, VMM_RAM, PAGE, 'r');
      sys.vmMapRam(b, 0, VMM_RAM, PAGE, 'rw');
      const frame = sys.snapshot().vms[0].stage2[0].frame;
      expect(sys.snapshot().frames.pins).toEqual([{ frame, count: 3 }]);
      expect(sys.snapshot().frames.refs).toContainEqual({ frame, count: 4 }); // 1 PTE + 3 pins (R3)
      sys.vmDestroy(a);
      expect(sys.snapshot().frames.pins).toEqual([{ frame, count: 1 }]);
    });
  });

  describe('vmUnmapRam', () => {
    it('ENOENT, EINVAL, ENOENT for an unmapped page; removes the entries, then the pins drop', () => {
      const sys = create(smallConfig);
      const { vmm, vm } = setupVm(sys, 4, []);
      expectErrnoUnchanged(sys, () => sys.vmUnmapRam(7, 0, PAGE), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.vmUnmapRam(vm, 0, 5 * PAGE), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.vmUnmapRam(vm, PAGE / 2, PAGE), 'EINVAL');
      sys.vmUnmapRam(vm, PAGE, PAGE);
      expectErrnoUnchanged(sys, () => sys.vmUnmapRam(vm, 0, 2 * PAGE), 'ENOENT');
      expect(sys.vmInfo(vm).mapped).toEqual([0, 2, 3]);
      sys.munmap(vmm, VMM_RAM, 4 * PAGE); // the pinned frames stay allocated (R3)
      const pinned = sys.snapshot().frames.pins.map((p) => p.frame);
      expect(pinned).toHaveLength(3);
      expect(sys.snapshot().frames.refs).toEqual(pinned.map((frame) => ({ frame, count: 1 })));
      sys.vmUnmapRam(vm, 2 * PAGE, 2 * PAGE);
      sys.vmUnmapRam(vm, 0, PAGE);
      expect(sys.snapshot().frames.free).toHaveLength(64);
    });
  });

  describe('vmAssign / vmUnassign', () => {
    it("assign: EINVAL for a device whose mode is not 'sva' (R13), before EBUSY; nothing changes", () => {
      const sys = create({
        ...smallConfig,
        devices: [
          ...(smallConfig.devices ?? []),
          { name: 'pst', mode: 'pasid-static' },
          { name: 'nio', mode: 'noiommu' },
        ],
      });
      const { vm } = setupVm(sys, 4, []);
      expectErrnoUnchanged(sys, () => sys.vmAssign(vm, 'pst'), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.vmAssign(vm, 'nio'), 'EINVAL');
      expect(sys.vmInfo(vm).devices).toEqual([]);
    });

    it('assign: ENOENT, ENODEV, EBUSY with host queues or when assigned; host open → EBUSY before any PASID', () => {
      const sys = create(smallConfig);
      const { vm } = setupVm(sys, 4, []);
      const host = setupQueue(sys, { device: 'acc2' });
      expectErrnoUnchanged(sys, () => sys.vmAssign(5, 'nope'), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.vmAssign(vm, 'nope'), 'ENODEV');
      expectErrnoUnchanged(sys, () => sys.vmAssign(vm, 'acc2'), 'EBUSY');
      sys.vmAssign(vm, 'acc');
      expectErrnoUnchanged(sys, () => sys.vmAssign(vm, 'acc'), 'EBUSY');
      const other = sys.vmCreate(sys.spawn(), { gpaPages: 1 });
      expectErrnoUnchanged(sys, () => sys.vmAssign(other, 'acc'), 'EBUSY');
      const fresh = sys.spawn();
      expectErrnoUnchanged(sys, () => sys.open(fresh, 'acc'), 'EBUSY');
      expect(sys.pasidOf(fresh)).toBeUndefined();
      sys.removeDevice('acc2');
      expectErrnoUnchanged(sys, () => sys.vmAssign(vm, 'acc2'), 'ENODEV');
      expect(sys.vmInfo(vm).devices).toEqual(['acc']);
      expect(deviceOf(sys, 'acc').assignedTo).toBe(vm);
      sys.close(host.pid, host.fd);
    });

    it("guest PASIDs are the guest's own namespace and show as nested slots on the host", () => {
      const sys = create(smallConfig);
      const hostQueue = setupQueue(sys, { device: 'acc2' }); // host PASID 1
      const { vm, g } = setupVm(sys, 8, ['acc', 'evt']);
      const q = guestQueue(g, 'evt');
      const q2 = guestQueue(g, 'acc');
      expect([sys.pasidOf(hostQueue.pid), g.pasidOf(q.pid), g.pasidOf(q2.pid)]).toEqual([1, 1, 2]);
      expect(g.queueInfo(q2.pid, q2.fd)).toEqual({
        device: 'acc',
        state: 'started',
        pasid: 2,
        hwQueue: 0,
        outstanding: 0,
      });
      const acc = deviceOf(sys, 'acc');
      expect(acc).toMatchObject({ assignedTo: vm, slots: [{ pasid: 2, state: 'nested', mm: q2.pid }], bonds: [] });
      const guest = sys.snapshot().vms[0].guest;
      expect(guest.devices.map((d) => d.name)).toEqual(['acc', 'evt']); // config order, not assignment order
      expect(guest.devices[0].slots).toEqual([{ pasid: 2, state: 'sva', mm: q2.pid }]);
      expect(guest.devices[0].bonds).toEqual([{ mm: q2.pid, count: 1 }]);
      expectGuestInvariants(sys);
    });

    it('unassign: ENOENT, ENODEV, EINVAL; guest queues become zombies, slots cleared, the device is the host’s again', () => {
      const sys = create(smallConfig);
      const { vm, g } = setupVm(sys);
      const q = guestQueue(g);
      const q2 = guestQueue(g);
      g.send(q2.pid, q2.fd, [{ op: 'fill', dst: GDATA, len: 4, value: 1, tag: 1 }]);
      sys.deviceStep('acc');
      sys.handleFaults(); // q2's group waits in the VM's fault queue
      g.send(q.pid, q.fd, [{ op: 'fill', dst: GDATA, len: 4, value: 1, tag: 1 }]);
      sys.deviceStep('acc'); // q's stage-1 fault: a group in the host's PRQ
      expect(sys.snapshot().pageRequests).toHaveLength(1);
      expect(sys.snapshot().faultQueues[0].undelivered).toHaveLength(1);
      expectErrnoUnchanged(sys, () => sys.vmUnassign(3, 'acc'), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.vmUnassign(vm, 'x'), 'ENODEV');
      expectErrnoUnchanged(sys, () => sys.vmUnassign(vm, 'acc2'), 'EINVAL');
      sys.vmUnassign(vm, 'acc');
      const snap = sys.snapshot();
      // both answered INVALID (R18 step 1), not left behind to hold their PRG indexes
      expect([snap.pageRequests, snap.faultQueues[0].undelivered]).toEqual([[], []]);
      expect(g.queueInfo(q.pid, q.fd)).toEqual({ device: 'acc', state: 'zombie', outstanding: 0 });
      expect(snap.vms[0].guest.devices).toEqual([]);
      expect(snap.vms[0].guest.mms.map((m) => m.pasid)).toEqual([1, 2]); // live guest mms keep their PASIDs
      expect(deviceOf(sys, 'acc')).toMatchObject({ slots: [], bonds: [], availableInstances: 3 });
      expect(deviceOf(sys, 'acc').assignedTo).toBeUndefined();
      expectErrno(() => g.open(q.pid, 'acc'), 'ENODEV');
      g.close(q.pid, q.fd);
      const host = setupQueue(sys);
      expect(sys.queueInfo(host.pid, host.fd).state).toBe('started');
    });
  });

  describe('vmDestroy, guest(vm), vmReadEvents', () => {
    it('destroy: devices back to the host, pins dropped, fault queue and guest gone; guest methods then ENOENT', () => {
      const sys = create(smallConfig);
      const { vmm, vm, g } = setupVm(sys);
      const q = guestQueue(g);
      g.write(q.pid, GDATA, Uint8Array.of(1));
      sys.vmDestroy(vm);
      expectErrnoUnchanged(sys, () => sys.vmDestroy(vm), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.vmInfo(vm), 'ENOENT');
      expectErrnoUnchanged(sys, () => sys.vmReadEvents(vm), 'ENOENT');
      const snap = sys.snapshot();
      expect([snap.vms, snap.faultQueues, snap.frames.pins]).toEqual([[], [], []]);
      expect(deviceOf(sys, 'acc').assignedTo).toBeUndefined();
      // the VMM's own pages stay; the bytes the guest wrote are the VMM's
      expect(sys.read(vmm, VMM_RAM, 1)).toEqual(Uint8Array.of(1));
      for (const method of GUEST_METHODS) {
        const fn = g[method] as (...args: unknown[]) => unknown;
        expectErrnoUnchanged(sys, () => fn(1, 1, 1), 'ENOENT');
      }
    });

    it('guest(vm) never throws; its methods check ENOENT first, whatever the other arguments', () => {
      const sys = create(smallConfig);
      for (const v of [undefined, null, -1, 1, 'x', {}]) {
        const g = sys.guest(v as never);
        expect(Object.keys(g).sort()).toEqual(['vm', ...GUEST_METHODS].sort());
        expectErrnoUnchanged(sys, () => g.read(99, -1, -1), 'ENOENT');
        expectErrnoUnchanged(sys, () => g.handleFaults(-1), 'ENOENT');
      }
      const { g } = setupVm(sys);
      expectErrnoUnchanged(sys, () => g.handleFaults(-1), 'EINVAL');
      expectErrnoUnchanged(sys, () => g.read(99, 0, 1), 'ESRCH');
      expect(g.handleFaults()).toBe(0);
      const unbound = g.spawn;
      expect(unbound()).toBe(1);
      expect(g.processes()).toEqual([1]);
    });

    it('vmReadEvents: ENOENT, EINVAL bad max, takes records and resets lost', () => {
      const sys = create(smallConfig);
      const { vm } = setupVm(sys);
      expectErrnoUnchanged(sys, () => sys.vmReadEvents(vm, -1), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.vmReadEvents(vm, 0.5), 'EINVAL');
      expect(sys.vmReadEvents(vm, 0)).toEqual({ events: [], lost: 0 });
    });
  });

  it("the VM's fault queue: host read, respond, destroy and routes → EBUSY; poll works", () => {
    const sys = create(smallConfig);
    const { vmm, vm } = setupVm(sys);
    const fq = sys.vmInfo(vm).faultQueue;
    const host = setupQueue(sys, { pid: vmm, device: 'acc2' });
    expectErrnoUnchanged(sys, () => sys.readFaults(fq), 'EBUSY');
    expectErrnoUnchanged(sys, () => sys.respondFaults(fq, [{ cookie: 1, code: 'success' }]), 'EBUSY');
    expectErrnoUnchanged(sys, () => sys.faultQueueDestroy(fq), 'EBUSY');
    expectErrnoUnchanged(sys, () => sys.routeFaults(vmm, host.fd, fq), 'EBUSY');
    expect(sys.pollFaults(fq)).toBe(false);
  });

  it("the VMM's exit destroys its VMs by ascending id, then tears the VMM down", () => {
    const sys = create(smallConfig);
    const { vmm, vm, g } = setupVm(sys);
    const second = sys.vmCreate(vmm, { gpaPages: 2 });
    const other = setupVm(sys, 2, ['acc2']);
    const q = guestQueue(g);
    g.send(q.pid, q.fd, [{ op: 'copy', src: GDATA, dst: GDATA + PAGE, len: PAGE, tag: 1 }]);
    sys.exit(vmm);
    const snap = sys.snapshot();
    expect(snap.vms.map((v) => v.id)).toEqual([other.vm]);
    expectErrno(() => sys.vmInfo(second), 'ENOENT');
    expectErrno(() => g.processes(), 'ENOENT');
    expect(deviceOf(sys, 'acc').assignedTo).toBeUndefined();
    expect(snap.frames.pins).toHaveLength(2); // the other VM's
    expect(snap.frames.free).toHaveLength(62);
    expect(vm).toBe(1);
  });
});
