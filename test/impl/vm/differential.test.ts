// The impl against the model on VM scenarios (SPEC §13, §17 R1-R4, R12-R19, SEMANTICS §S-14): each
// step runs on createModel and createSystem; the results (or errnos) must be equal, and so must
// the snapshots with page contents after every step (host frames renamed, GPA pages as they are).

import { describe, expect, it } from 'vitest';
import { createSystem, type ImplSystem } from 'warpdrive-sva';
import type { SvaConfig, SvaSystem } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';
import { firstDifference, normalizeSnapshot } from 'warpdrive-sva/properties';

type Step = (sys: SvaSystem) => unknown;

const config: SvaConfig = {
  pageSize: 64,
  frames: 16,
  vaBits: 12,
  pasidBits: 3,
  prqDepth: 4,
  devices: [
    { name: 'pri', hwQueues: 2, ringDepth: 4, maxLen: 256, faults: 'pri' },
    { name: 'none', hwQueues: 2, ringDepth: 4, maxLen: 256, faults: 'none', ats: false, pasidBits: 2 },
  ],
};
const PS = 64;
const bytes = (...b: number[]) => new Uint8Array(b);

/** The result of a step as both sides can be compared: its value, or its errno. */
function outcome(step: Step, sys: SvaSystem): unknown {
  try {
    const value = step(sys);
    return typeof value === 'object' && value !== null && 'handleFaults' in value ? 'guest' : { value };
  } catch (e) {
    return { errno: (e as { code?: unknown }).code ?? String(e) };
  }
}

/** R4 I4 on the impl: every nested entry equals the current two-stage walk, permission ⊆ stage 1 ∩ stage 2. */
function nestedEntriesAgree(impl: ImplSystem): string[] {
  const inspection = impl.inspect();
  const snap = impl.snapshot();
  const bad: string[] = [];
  const subset = (a: string, b: string) => [...a].every((c) => b.includes(c));
  for (const cache of inspection.nestedCaches) {
    for (const e of cache.entries) {
      const vm = snap.vms.find((v) => v.id === e.vm);
      const s2 = vm?.stage2.find((x) => x.gpa === e.gpa / PS);
      const where = `${cache.cache}${cache.device ?? ''} ${JSON.stringify(e)}`;
      if (vm === undefined || s2 === undefined || s2.frame !== e.frame) {
        bad.push(`${where}: stage 2 now ${JSON.stringify(s2)}`);
        continue;
      }
      if (e.pasid === 0) continue;
      const guest = inspection.vms.find((v) => v.vm === e.vm)?.guest;
      const pte = guest?.pasidOwners.find((o) => o.pasid === e.pasid)?.ptes.find((p) => p.addr === e.addr);
      if (pte === undefined || pte.frame !== e.gpa / PS || !subset(e.perm, pte.perm) || !subset(e.perm, s2.prot))
        bad.push(`${where}: stage 1 now ${JSON.stringify(pte)}`);
    }
  }
  return bad;
}

/** Runs the steps on both systems, comparing each result and the snapshot after it. */
function compare(steps: readonly Step[]): void {
  const model = createModel(config);
  const impl = createSystem(config);
  steps.forEach((step, i) => {
    const m = outcome(step, model);
    const s = outcome(step, impl);
    expect(s, `step ${i}: ${step.toString()}`).toEqual(m);
    const diff = firstDifference(
      normalizeSnapshot(model.snapshot({ contents: true })),
      normalizeSnapshot(impl.snapshot({ contents: true })),
    );
    expect(diff, `after step ${i}: ${step.toString()}`).toBeUndefined();
    expect(nestedEntriesAgree(impl), `I4 after step ${i}: ${step.toString()}`).toEqual([]);
  });
}

/** A VMM (pid 1) with 4 RAM pages at 64, VM 1 of 4 GPA pages all mapped, `device` assigned. */
const vmPrelude = (device = 'pri'): Step[] => [
  (s) => s.spawn(),
  (s) => s.mmap(1, PS, 4 * PS, 'rw'),
  (s) => s.write(1, PS, bytes(9, 9)),
  (s) => s.vmCreate(1, { gpaPages: 4 }),
  (s) => s.vmMapRam(1, 0, PS, 4 * PS, 'rw'),
  (s) => s.vmAssign(1, device),
];

/** Guest process 1 with an rw area of 2 pages at 64 and an open, mapped, started queue (fd 3). */
const guestQueue = (device = 'pri'): Step[] => [
  (s) => s.guest(1).spawn(),
  (s) => s.guest(1).mmap(1, PS, 2 * PS, 'rw'),
  (s) => s.guest(1).open(1, device),
  (s) => s.guest(1).mapRegion(1, 3, 'mmio'),
  (s) => s.guest(1).mapRegion(1, 3, 'dus'),
  (s) => s.guest(1).startQueue(1, 3),
];

const copy = (src: number, dst: number, len: number, tag = 1) => ({ op: 'copy' as const, src, dst, len, tag });

describe('VMs: impl equals the model step by step (SPEC §13)', () => {
  it('a guest process copies through the assigned pri device (stage-1 faults resolved by the guest)', () => {
    compare([
      ...vmPrelude(),
      ...guestQueue(),
      (s) => s.guest(1).write(1, PS, bytes(1, 2, 3, 4)),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS + 5, 4)]),
      (s) => s.deviceStep('pri'),
      (s) => s.handleFaults(),
      (s) => s.guest(1).handleFaults(),
      (s) => s.deviceStep('pri'),
      (s) => s.guest(1).recv(1, 3),
      (s) => s.guest(1).read(1, 2 * PS + 5, 4),
      (s) => s.read(1, PS, 8),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS + 40, 60, 2)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3, 4),
      (s) => s.vmInfo(1),
      (s) => s.guest(1).pasidOf(1),
      (s) => s.guest(1).queueInfo(1, 3),
    ]);
  });

  it('guest fork, then the device writes: COW breaks in the guest only', () => {
    compare([
      ...vmPrelude(),
      ...guestQueue(),
      (s) => s.guest(1).write(1, PS, bytes(7, 7)),
      (s) => s.guest(1).write(1, 2 * PS, bytes(5)),
      (s) => s.guest(1).fork(1),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS, 2)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3),
      (s) => s.guest(1).read(2, 2 * PS, 2),
      (s) => s.guest(1).read(1, 2 * PS, 2),
      (s) => s.guest(1).exit(2),
    ]);
  });

  it('the VMM unmaps guest RAM: the next access is a stage-2 fault reported to the host', () => {
    compare([
      ...vmPrelude(),
      ...guestQueue(),
      (s) => s.guest(1).write(1, PS, bytes(1)),
      (s) => s.guest(1).write(1, 2 * PS, bytes(2)),
      (s) => s.vmUnmapRam(1, PS, PS),
      (s) => s.guest(1).read(1, 2 * PS, 1),
      (s) => s.guest(1).write(1, 2 * PS, bytes(3)),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS, 1), copy(2 * PS, PS, 1, 2)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3, 2),
      (s) => s.readEvents('pri'),
      (s) => s.guest(1).reclaim(1, 2 * PS),
      (s) => s.guest(1).migrate(1, 2 * PS),
      (s) => s.vmMapRam(1, PS, 2 * PS, PS, 'r'),
      (s) => s.guest(1).read(1, 2 * PS, 1),
      (s) => s.guest(1).write(1, 2 * PS, bytes(4)),
      (s) => s.vmUnmapRam(1, PS, 8 * PS),
      (s) => s.vmUnmapRam(1, 0, 4 * PS),
    ]);
  });

  it('a faults:none device: stage-1 faults go to the VM virtual event queue', () => {
    compare([
      ...vmPrelude('none'),
      ...guestQueue('none'),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS, 4)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3),
      (s) => s.vmReadEvents(1),
      (s) => s.readEvents('none'),
      (s) => s.guest(1).write(1, PS, bytes(1)),
      (s) => s.guest(1).write(1, 2 * PS, bytes(1)),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS + 1, 4, 2)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3),
    ]);
  });

  it('vmDestroy and vmUnassign with work in flight; host checks on assigned devices', () => {
    compare([
      ...vmPrelude(),
      ...guestQueue(),
      (s) => s.spawn(),
      (s) => s.open(2, 'pri'),
      (s) => s.readFaults(1),
      (s) => s.pollFaults(1),
      (s) => s.faultQueueDestroy(1),
      (s) => s.vmAssign(1, 'pri'),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS, 4), copy(PS, 2 * PS, 4, 2)]),
      (s) => s.deviceStep('pri'),
      (s) => s.handleFaults(),
      (s) => s.vmUnassign(1, 'pri'),
      (s) => s.guest(1).queueInfo(1, 3),
      (s) => s.guest(1).close(1, 3),
      (s) => s.vmAssign(1, 'pri'),
      (s) => s.guest(1).open(1, 'pri'),
      (s) => s.guest(1).mapRegion(1, 3, 'mmio'),
      (s) => s.guest(1).mapRegion(1, 3, 'dus'),
      (s) => s.guest(1).startQueue(1, 3),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS, 4)]),
      (s) => s.deviceStep('pri'),
      (s) => s.vmDestroy(1),
      (s) => s.guest(1).spawn(),
      (s) => s.open(2, 'pri'),
    ]);
  });

  it('pins: VMM fork copies pinned pages, reclaim and migrate are no-ops, munmap keeps the frame', () => {
    compare([
      ...vmPrelude(),
      (s) => s.fork(1),
      (s) => s.read(2, PS, 2),
      (s) => s.write(2, PS, bytes(1)),
      (s) => s.read(1, PS, 2),
      (s) => s.reclaim(1, PS),
      (s) => s.migrate(1, PS),
      (s) => s.munmap(1, PS, PS),
      (s) => s.guest(1).spawn(),
      (s) => s.guest(1).mmap(1, PS, 4 * PS, 'rw'),
      (s) => s.guest(1).write(1, PS, new Uint8Array(4 * PS).fill(6)),
      (s) => s.guest(1).write(1, PS, bytes(1)),
      (s) => s.mmap(1, 8 * PS, 2 * PS, 'r'),
      (s) => s.vmCreate(1, { gpaPages: 2, eventDepth: 2 }),
      (s) => s.vmMapRam(2, 0, 8 * PS, 2 * PS, 'rw'),
      (s) => s.vmMapRam(2, 0, 8 * PS, 2 * PS, 'r'),
      (s) => s.vmMapRam(2, 0, 2 * PS, PS, 'r'),
      (s) => s.exit(1),
      (s) => s.vmInfo(1),
    ]);
  });

  it('cached nested translations never outlive a guest munmap or a stage-2 remap (R16)', () => {
    compare([
      ...vmPrelude(),
      ...guestQueue(),
      (s) => s.guest(1).write(1, PS, bytes(1, 2)),
      (s) => s.guest(1).write(1, 2 * PS, bytes(3, 4)),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS + 8, 2)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).munmap(1, 2 * PS, PS),
      (s) => s.guest(1).mmap(1, 2 * PS, PS, 'r'),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS + 8, 2, 2)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3, 2),
      (s) => s.guest(1).mprotect(1, PS, PS, 'r'),
      (s) => s.guest(1).send(1, 3, [copy(2 * PS, PS, 2, 3)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3),
      (s) => s.guest(1).mprotect(1, PS, PS, 'rw'),
      (s) => s.guest(1).send(1, 3, [copy(PS + 1, PS, 1, 4)]),
      (s) => s.quiesce(),
      (s) => s.vmUnmapRam(1, 0, PS),
      (s) => s.mmap(1, 10 * PS, PS, 'rw'),
      (s) => s.write(1, 10 * PS, bytes(8, 8)),
      (s) => s.vmMapRam(1, 0, 10 * PS, PS, 'rw'),
      (s) => s.guest(1).send(1, 3, [copy(PS, PS + 10, 2, 5)]),
      (s) => s.quiesce(),
      (s) => s.guest(1).recv(1, 3, 3),
      (s) => s.read(1, 10 * PS, 12),
      (s) => s.guest(1).exit(1),
    ]);
  });

  it('removal of an assigned device, and the guest drain (stopQueue) with faults pending', () => {
    compare([
      ...vmPrelude(),
      ...guestQueue(),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS, 4)]),
      (s) => s.guest(1).stopQueue(1, 3),
      (s) => s.guest(1).recv(1, 3),
      (s) => s.guest(1).startQueue(1, 3),
      (s) => s.guest(1).send(1, 3, [copy(PS, 2 * PS + 8, 4, 2)]),
      (s) => s.deviceStep('pri'),
      (s) => s.removeDevice('pri'),
      (s) => s.guest(1).queueInfo(1, 3),
      (s) => s.vmInfo(1),
      (s) => s.guest(1).exit(1),
    ]);
  });
});
