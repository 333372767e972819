// SPEC §13 DMA through two stages: the nested walk, where faults go (stage 1 of a `pri` device →
// PRQ → the VM's fault queue → the guest's handler; stage 1 of a `none` device → the VM's virtual
// events; stage 2 → a host event, never the guest: N3), R15's stage precedence, the guest drain
// (R9), removal of an assigned device, two VMs kept apart (N1), and the four stories of issue 15.
// Runs on the model and the impl.

import { describe, expect, it } from 'vitest';
import { expectErrno } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { deviceOf } from '../../support/observe.ts';
import { PAGE, setupQueue, smallConfig } from '../../support/setup.ts';
import { GDATA, VMM_RAM, expectGuestInvariants, guestQueue, pattern, setupVm } from '../../support/vm-setup.ts';

describe.each(factories)('VM DMA — $name', ({ create }) => {
  it('story 1: a guest process copies through the assigned device (both stages grant it)', () => {
    const sys = create(smallConfig);
    const { vmm, g } = setupVm(sys);
    const { pid, fd } = guestQueue(g);
    g.write(pid, GDATA, pattern(2 * PAGE));
    g.write(pid, GDATA + 4 * PAGE, new Uint8Array(2 * PAGE)); // destination present: no fault at all
    g.send(pid, fd, [{ op: 'copy', src: GDATA + 10, dst: GDATA + 4 * PAGE + 10, len: PAGE + 20, tag: 5 }]);
    sys.quiesce();
    expect(g.recv(pid, fd)).toEqual([{ tag: 5, status: 'ok', done: PAGE + 20 }]);
    expect(g.read(pid, GDATA + 4 * PAGE + 10, PAGE + 20)).toEqual(pattern(2 * PAGE).subarray(10, PAGE + 30));
    // the bytes landed in the host frames stage 2 names: the VMM sees them at GPA page 2's VA
    expect(sys.read(vmm, VMM_RAM + 2 * PAGE + 10, 4)).toEqual(pattern(2 * PAGE).subarray(10, 14));
    expect(sys.snapshot().pageRequests).toEqual([]);
    expectGuestInvariants(sys);
  });

  it('stage 1 of a pri device: PRQ → host handleFaults → the VM fault queue → guest handleFaults resolves it', () => {
    const sys = create(smallConfig);
    const { vm, g } = setupVm(sys);
    const { pid, fd } = guestQueue(g);
    g.send(pid, fd, [{ op: 'fill', dst: GDATA + PAGE, len: 8, value: 0xab, tag: 1 }]);
    expect(sys.deviceStep('acc')).toBe(true);
    const group = { device: 'acc', pasid: 1, prg: 0, requests: [{ addr: GDATA + PAGE, access: 'w' }] };
    expect(sys.snapshot().pageRequests).toEqual([group]);
    expect(sys.handleFaults()).toBe(1); // moved, not resolved: the host never touches a guest mm (R6)
    let snap = sys.snapshot();
    expect(snap.pageRequests).toEqual([]);
    expect(snap.faultQueues).toEqual([
      { id: sys.vmInfo(vm).faultQueue, owner: 1, undelivered: [group], delivered: [] },
    ]);
    expect(snap.vms[0].guest.mms[0].pages).toEqual([]);
    expect(snap.vms[0].guest.queues[0].waitingPrg).toBe(0);
    expect(sys.pollFaults(sys.vmInfo(vm).faultQueue)).toBe(true);
    expect(g.handleFaults(0)).toBe(0);
    expect(g.handleFaults()).toBe(1);
    snap = sys.snapshot();
    expect(snap.faultQueues[0].undelivered).toEqual([]);
    expect(snap.vms[0].guest.mms[0].pages).toEqual([{ addr: GDATA + PAGE, state: 'present', frame: 0 }]);
    expect(snap.vms[0].guest.queues[0].waitingPrg).toBeUndefined();
    sys.quiesce();
    expect(g.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 8 }]);
    expect(g.read(pid, GDATA + PAGE, 8)).toEqual(new Uint8Array(8).fill(0xab));
    expect(sys.readEvents('acc').events).toEqual([]);
  });

  it("the guest's handler answers INVALID a request its mm does not allow; the descriptor completes fault", () => {
    const sys = create(smallConfig);
    const { g } = setupVm(sys);
    const { pid, fd } = guestQueue(g);
    g.mprotect(pid, GDATA, PAGE, 'r');
    g.send(pid, fd, [{ op: 'fill', dst: GDATA + 3, len: 2, value: 1, tag: 2 }]);
    sys.quiesce();
    expect(g.recv(pid, fd)).toEqual([{ tag: 2, status: 'fault', done: 0, faultAddr: GDATA + 3 }]);
    expect(sys.vmReadEvents(1).events).toEqual([]);
  });

  it('stage 1 of a faults:none device: fault at once, recorded in the VM’s virtual events (R17)', () => {
    const sys = create(smallConfig);
    const { vm, g } = setupVm(sys, 8, ['evt']);
    const { pid, fd } = guestQueue(g, 'evt');
    g.send(pid, fd, [{ op: 'crc32', src: GDATA + 5, len: 4, tag: 3 }]);
    sys.quiesce();
    expect(g.recv(pid, fd)).toEqual([{ tag: 3, status: 'fault', done: 0, faultAddr: GDATA + 5 }]);
    const event = { seq: 0, pasid: 1, addr: GDATA + 5, access: 'r', kind: 'translation', stage: 1, device: 'evt' };
    expect(sys.snapshot().vms[0]).toMatchObject({ events: [event], nextEventSeq: 1 });
    expect(deviceOf(sys, 'evt').events).toEqual([]);
    expect(sys.vmReadEvents(vm)).toEqual({ events: [event], lost: 0 });
    expect(sys.vmReadEvents(vm)).toEqual({ events: [], lost: 0 });
  });

  it('story 3: the VMM unmaps guest RAM; the next device access is a stage-2 fault reported to the host only', () => {
    const sys = create(smallConfig);
    const { vm, g } = setupVm(sys);
    const { pid, fd } = guestQueue(g);
    g.write(pid, GDATA, pattern(PAGE)); // GPA page 0
    g.write(pid, GDATA + PAGE, pattern(PAGE)); // GPA page 1
    sys.vmUnmapRam(vm, PAGE, PAGE);
    g.send(pid, fd, [{ op: 'copy', src: GDATA, dst: GDATA + PAGE + 4, len: 8, tag: 4 }]);
    expect(sys.deviceStep('acc')).toBe(true);
    const snap = sys.snapshot();
    expect(snap.pageRequests).toEqual([]); // no page request: the guest cannot fix stage 2 (N3)
    expect(snap.faultQueues[0].undelivered).toEqual([]);
    expect(g.recv(pid, fd)).toEqual([{ tag: 4, status: 'fault', done: 0, faultAddr: GDATA + PAGE + 4 }]);
    expect(sys.readEvents('acc')).toEqual({
      events: [{ seq: 0, pasid: 1, addr: GDATA + PAGE + 4, access: 'w', kind: 'translation', stage: 2, gpa: PAGE + 4 }],
      lost: 0,
    });
    expect(sys.vmReadEvents(vm).events).toEqual([]);
    expect(g.read(pid, GDATA, 4)).toEqual(pattern(PAGE).subarray(0, 4));
  });

  it('R15: a stage-2 fault wins over a stage-1 fault of the other access; a stage-2 permission fault', () => {
    const sys = create(smallConfig);
    const vmm = sys.spawn();
    sys.mmap(vmm, VMM_RAM, 4 * PAGE, 'rw');
    const vm = sys.vmCreate(vmm, { gpaPages: 4 });
    sys.vmMapRam(vm, 0, VMM_RAM, 2 * PAGE, 'rw');
    sys.vmAssign(vm, 'acc');
    const g = sys.guest(vm);
    const { pid, fd } = guestQueue(g);
    g.write(pid, GDATA + PAGE, Uint8Array.of(1)); // GPA page 0
    sys.vmUnmapRam(vm, 0, PAGE);
    sys.vmMapRam(vm, 0, VMM_RAM, PAGE, 'r'); // stage 2 now read-only for GPA page 0
    // source untouched (stage-1 translation fault), destination present but stage 2 refuses w
    g.send(pid, fd, [{ op: 'copy', src: GDATA + 2 * PAGE, dst: GDATA + PAGE, len: 4, tag: 6 }]);
    sys.quiesce();
    expect(g.recv(pid, fd)).toEqual([{ tag: 6, status: 'fault', done: 0, faultAddr: GDATA + PAGE }]);
    expect(sys.readEvents('acc').events).toEqual([
      { seq: 0, pasid: 1, addr: GDATA + PAGE, access: 'w', kind: 'permission', stage: 2, gpa: 0 },
    ]);
    expect(sys.snapshot().vms[0].guest.mms[0].pages).toHaveLength(1); // the stage-1 fault raised nothing
    // reading through the read-only stage-2 entry works
    g.send(pid, fd, [{ op: 'crc32', src: GDATA + PAGE, len: 1, tag: 7 }]);
    sys.quiesce();
    expect(g.recv(pid, fd)).toMatchObject([{ tag: 7, status: 'ok', done: 1 }]);
  });

  it('story 2: guest fork, then the device writes the parent’s page: the COW breaks in the guest only', () => {
    const sys = create(smallConfig);
    const { vmm, g } = setupVm(sys);
    const { pid, fd } = guestQueue(g);
    g.write(pid, GDATA, pattern(PAGE)); // GPA page 0
    const child = g.fork(pid);
    g.send(pid, fd, [{ op: 'fill', dst: GDATA, len: 4, value: 0x77, tag: 8 }]);
    sys.deviceStep('acc'); // stage-1 permission fault (guest COW)
    expect(sys.snapshot().pageRequests[0].requests).toEqual([{ addr: GDATA, access: 'w' }]);
    sys.quiesce();
    expect(g.recv(pid, fd)).toEqual([{ tag: 8, status: 'ok', done: 4 }]);
    expect(g.read(pid, GDATA, 5)).toEqual(Uint8Array.of(0x77, 0x77, 0x77, 0x77, pattern(PAGE)[4]));
    expect(g.read(child, GDATA, 4)).toEqual(pattern(PAGE).subarray(0, 4));
    const guest = sys.snapshot().vms[0].guest;
    expect(guest.mms.map((m) => m.pages[0].frame)).toEqual([1, 0]); // the parent took GPA page 1
    expect(sys.read(vmm, VMM_RAM + PAGE, 4)).toEqual(new Uint8Array(4).fill(0x77));
    expect(sys.read(vmm, VMM_RAM, 4)).toEqual(pattern(PAGE).subarray(0, 4));
    expectGuestInvariants(sys);
  });

  it('story 4: the VM is destroyed mid-copy: no more DMA, the device is the host’s, the frames free', () => {
    const sys = create(smallConfig);
    const { vmm, vm, g } = setupVm(sys);
    const { pid, fd } = guestQueue(g);
    g.write(pid, GDATA, pattern(4 * PAGE));
    g.send(pid, fd, [{ op: 'copy', src: GDATA, dst: GDATA + 4 * PAGE, len: 4 * PAGE, tag: 9 }]);
    sys.deviceStep('acc'); // destination fault → group in the PRQ
    sys.handleFaults(); // → the VM's fault queue
    g.handleFaults();
    sys.deviceStep('acc'); // one page copied
    sys.vmDestroy(vm);
    const snap = sys.snapshot();
    expect([snap.vms, snap.pageRequests, snap.faultQueues, snap.frames.pins]).toEqual([[], [], [], []]);
    expect(sys.deviceStep('acc')).toBe(false);
    expect(sys.quiesce()).toBe(1);
    expect(deviceOf(sys, 'acc')).toMatchObject({ slots: [], bonds: [], availableInstances: 3 });
    expect(deviceOf(sys, 'acc').assignedTo).toBeUndefined();
    expectErrno(() => g.recv(pid, fd), 'ENOENT');
    expect(sys.read(vmm, VMM_RAM + 4 * PAGE, PAGE)).toEqual(pattern(4 * PAGE).subarray(0, PAGE));
    sys.munmap(vmm, VMM_RAM, 8 * PAGE);
    expect(snap.frames.free.length).toBe(56);
    expect(sys.snapshot().frames.free.length).toBe(64);
  });

  it('guest stopQueue drains through both handlers (R9); guest exit aborts the rest', () => {
    const sys = create(smallConfig);
    const { g } = setupVm(sys);
    const { pid, fd } = guestQueue(g);
    g.send(pid, fd, [
      { op: 'fill', dst: GDATA, len: 2 * PAGE, value: 3, tag: 1 },
      { op: 'crc32', src: GDATA, len: 2 * PAGE, tag: 2 },
    ]);
    g.stopQueue(pid, fd);
    const done = g.recv(pid, fd, 2);
    expect(done.map((c) => [c.tag, c.status, c.done])).toEqual([
      [1, 'ok', 2 * PAGE],
      [2, 'ok', 2 * PAGE],
    ]);
    g.startQueue(pid, fd);
    g.send(pid, fd, [{ op: 'fill', dst: GDATA + 4 * PAGE, len: 4, value: 1, tag: 3 }]);
    sys.deviceStep('acc');
    sys.handleFaults(); // the group waits in the VM's queue while the guest process exits
    g.exit(pid);
    const snap = sys.snapshot();
    expect([snap.pageRequests, snap.faultQueues[0].undelivered, snap.vms[0].guest.queues]).toEqual([[], [], []]);
    expect(snap.vms[0].guest.mms).toEqual([]);
    expect(deviceOf(sys, 'acc').slots).toEqual([]);
    expectGuestInvariants(sys);
  });

  it('removeDevice of an assigned device: guest queues zombies, groups discarded, the device leaves the VM', () => {
    const sys = create(smallConfig);
    const { vm, g } = setupVm(sys, 8, ['acc', 'evt']);
    const { pid, fd } = guestQueue(g);
    const e = guestQueue(g, 'evt');
    g.send(e.pid, e.fd, [{ op: 'fill', dst: 0, len: 1, value: 0, tag: 1 }]);
    g.send(pid, fd, [{ op: 'fill', dst: GDATA, len: 1, value: 0, tag: 1 }]);
    sys.quiesce(); // evt: one virtual event; acc resolved and done
    g.send(pid, fd, [{ op: 'fill', dst: GDATA + PAGE, len: 1, value: 0, tag: 2 }]);
    sys.deviceStep('acc');
    sys.handleFaults();
    sys.removeDevice('acc');
    const snap = sys.snapshot();
    expect(snap.faultQueues[0].undelivered).toEqual([]);
    expect(g.queueInfo(pid, fd).state).toBe('zombie');
    expect(sys.vmInfo(vm).devices).toEqual(['evt']);
    expect(snap.vms[0].guest.devices.map((d) => d.name)).toEqual(['evt']);
    expect(snap.vms[0].events).toHaveLength(1); // kept across removal (R17)
    expect(deviceOf(sys, 'acc')).toMatchObject({ removed: true, slots: [], bonds: [] });
    expectErrno(() => sys.vmUnassign(vm, 'acc'), 'ENODEV');
    g.close(pid, fd);
    expectGuestInvariants(sys);
  });

  it('N1: two VMs and a host process keep apart; each guest reaches only its own stage 2', () => {
    const sys = create(smallConfig);
    const host = setupQueue(sys, { device: 'evt' });
    sys.write(host.pid, 16 * PAGE, pattern(PAGE, 100));
    const a = setupVm(sys, 4, ['acc']);
    const b = setupVm(sys, 4, ['acc2']);
    const qa = guestQueue(a.g, 'acc', 4);
    const qb = guestQueue(b.g, 'acc2', 4);
    a.g.write(qa.pid, GDATA, pattern(PAGE, 1));
    b.g.write(qb.pid, GDATA, pattern(PAGE, 2));
    // the same guest VA and PASID in both VMs
    a.g.send(qa.pid, qa.fd, [{ op: 'copy', src: GDATA, dst: GDATA + PAGE, len: PAGE, tag: 1 }]);
    b.g.send(qb.pid, qb.fd, [{ op: 'copy', src: GDATA, dst: GDATA + PAGE, len: PAGE, tag: 1 }]);
    sys.quiesce();
    expect(a.g.read(qa.pid, GDATA + PAGE, PAGE)).toEqual(pattern(PAGE, 1));
    expect(b.g.read(qb.pid, GDATA + PAGE, PAGE)).toEqual(pattern(PAGE, 2));
    expect(sys.read(host.pid, 16 * PAGE, PAGE)).toEqual(pattern(PAGE, 100));
    const [va, vb] = sys.snapshot().vms;
    const framesA = va.stage2.map((s) => s.frame);
    expect(vb.stage2.some((s) => framesA.includes(s.frame))).toBe(false);
    expect([a.g.pasidOf(qa.pid), b.g.pasidOf(qb.pid), sys.pasidOf(host.pid)]).toEqual([1, 1, 1]);
    expectGuestInvariants(sys);
  });
});
