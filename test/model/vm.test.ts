// The model's VM observer events (SEMANTICS §S-14, for the campaign's issue-15 coverage): guest
// events wrapped as `{ kind: 'guest', vm, event }` (a stage-1 fault resolved by the guest, guest COW
// broken by the device, guest PASID reuse), `stage2Fault`, `vmForkPinned`, `vmDestroyed` with work in
// flight; and the guest's own namespaces meeting the host's limits (EOVERFLOW, EBUSY, lost events).

import { describe, expect, it } from 'vitest';
import type { SpecEvent } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';

const PAGE = 64;
const RAM = 32 * PAGE;
const DATA = 16 * PAGE;
const config = {
  pageSize: PAGE,
  frames: 32,
  vaBits: 12,
  pasidBits: 3,
  prqDepth: 4,
  devices: [
    { name: 'acc', hwQueues: 1, ringDepth: 4, maxLen: 256, pasidBits: 1 },
    { name: 'evt', hwQueues: 2, ringDepth: 4, maxLen: 256, faults: 'none' as const },
  ],
};

/** A model with a VM of 8 GPA pages over the VMM's RAM, `acc` and `evt` assigned, and its event log. */
function vmModel(eventDepth?: number) {
  const events: SpecEvent[] = [];
  const sys = createModel(config, { observer: (e) => events.push(e) });
  const vmm = sys.spawn();
  sys.mmap(vmm, RAM, 8 * PAGE, 'rw');
  const vm = sys.vmCreate(vmm, eventDepth === undefined ? { gpaPages: 8 } : { gpaPages: 8, eventDepth });
  sys.vmMapRam(vm, 0, RAM, 8 * PAGE, 'rw');
  sys.vmAssign(vm, 'acc');
  sys.vmAssign(vm, 'evt');
  const g = sys.guest(vm);
  return { sys, vmm, vm, g, events };
}

/** A guest process with 4 rw pages at DATA and a started queue on `device`. */
function ready(g: ReturnType<typeof vmModel>['g'], device: string) {
  const pid = g.spawn();
  g.mmap(pid, DATA, 4 * PAGE, 'rw');
  const fd = g.open(pid, device);
  g.mapRegion(pid, fd, 'mmio');
  g.mapRegion(pid, fd, 'dus');
  g.startQueue(pid, fd);
  return { pid, fd };
}

describe('model VM events', () => {
  it('a stage-1 fault resolved by the guest and guest COW broken by the device arrive wrapped in guest events', () => {
    const { sys, vm, g, events } = vmModel();
    const { pid, fd } = ready(g, 'acc');
    g.write(pid, DATA, Uint8Array.of(1));
    g.fork(pid);
    g.send(pid, fd, [{ op: 'fill', dst: DATA, len: 1, value: 2, tag: 1 }]);
    sys.quiesce();
    const inGuest = events.flatMap((e) => (e.kind === 'guest' && e.vm === vm ? [e.event] : []));
    expect(inGuest).toContainEqual({ kind: 'pageResponse', device: 'acc', prg: 0, response: 'success' });
    expect(inGuest).toContainEqual({ kind: 'cowBroken', by: 'device', mm: pid, addr: DATA });
    expect(events).toContainEqual({ kind: 'faultRouted', device: 'acc', pasid: 1, prg: 0, queue: 1 });
    expect(events.some((e) => e.kind === 'pageResponse')).toBe(false); // the host resolved nothing
  });

  it('guest PASIDs are reused inside the guest and checked against the device width (EOVERFLOW)', () => {
    const { g, vm, events } = vmModel();
    const a = ready(g, 'evt');
    const b = g.spawn();
    expect(() => g.open(b, 'acc')).toThrow(expect.objectContaining({ code: 'EOVERFLOW' })); // PASID 2 ≥ 2^1
    g.exit(a.pid);
    g.exit(b);
    const c = ready(g, 'acc');
    expect(g.pasidOf(c.pid)).toBe(1);
    const pasids = events.flatMap((e) => (e.kind === 'guest' && e.event.kind === 'pasidAllocated' ? [e.event] : []));
    expect(pasids.map((p) => [p.pasid, p.reused])).toEqual([
      [1, false],
      [2, false],
      [1, true],
    ]);
    expect(() => g.open(c.pid, 'acc')).toThrow(expect.objectContaining({ code: 'EBUSY' })); // one hw queue
    expect(vm).toBe(1);
  });

  it('stage2Fault on the host; the VM’s virtual queue drops past its depth and counts lost', () => {
    const { sys, vm, g, events } = vmModel(1);
    const e = ready(g, 'evt');
    g.send(e.pid, e.fd, [
      { op: 'fill', dst: DATA, len: 1, value: 0, tag: 1 },
      { op: 'fill', dst: DATA + PAGE, len: 1, value: 0, tag: 2 },
    ]);
    sys.quiesce();
    expect(sys.vmReadEvents(vm)).toMatchObject({ events: [{ seq: 0, device: 'evt', stage: 1 }], lost: 1 });
    expect(events).toContainEqual({ kind: 'eventLost', device: 'evt' });
    g.write(e.pid, DATA + 2 * PAGE, Uint8Array.of(1));
    sys.vmUnmapRam(vm, 0, 8 * PAGE);
    g.send(e.pid, e.fd, [{ op: 'crc32', src: DATA + 2 * PAGE, len: 1, tag: 3 }]);
    sys.quiesce();
    expect(events).toContainEqual({ kind: 'stage2Fault', vm, device: 'evt', access: 'r', fault: 'translation' });
    expect(sys.readEvents('evt').events).toMatchObject([{ stage: 2, gpa: 0, addr: DATA + 2 * PAGE }]);
  });

  it('vmForkPinned when the VMM forks; vmDestroyed counts the guest queues with work in flight', () => {
    const { sys, vmm, vm, g, events } = vmModel();
    sys.fork(vmm);
    expect(events).toContainEqual({ kind: 'vmForkPinned', pid: vmm, pages: 8 });
    const q = ready(g, 'acc');
    g.send(q.pid, q.fd, [{ op: 'fill', dst: DATA, len: 1, value: 0, tag: 1 }]);
    sys.vmDestroy(vm);
    expect(events).toContainEqual({ kind: 'vmDestroyed', vm, queuesWithWork: 1 });
  });
});
