// The VM invariants over SystemSnapshot (SPEC §13, R1-R4, R17): what ties the host to its VMs and
// what neither view alone sees. S6 (R3): every stage-2 frame is pinned, a frame's pins = the stage-2
// entries naming it, a guest's free GPA pages are exactly mapped `rw`. S3: a device is assigned to a
// VM iff the VM lists it, and a `nested` slot exists only on an assigned device, bound by the guest.
// S7: the whole PRQ holds at most prqDepth requests. N3: stage-2 faults are never the guest's
// (no stage-2 record in a virtual event queue), stage-1 faults never the host's (no stage-1 record
// in a host event queue; the VM's fault queue holds only groups of its devices). U4: the VM's fault
// queue exists while the VM does and is owned by its live VMM.

import type { FaultEvent, ResolvedConfig, SystemSnapshot, VmSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** Every violation of the VM invariants in `snapshot`, at most one per VM and rule. @public */
export function checkVms(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation[] {
  const found: InvariantViolation[] = [];
  const push = (v: InvariantViolation | undefined): void => {
    if (v !== undefined) found.push(v);
  };
  push(checkPins(snapshot));
  push(checkHostEvents(snapshot));
  push(checkWholePrq(snapshot, config));
  for (const vm of snapshot.vms) {
    push(checkAssignment(snapshot, vm));
    push(checkGuestPool(vm));
    push(checkVirtualEvents(vm));
    push(checkVmFaultQueue(snapshot, vm));
  }
  return found;
}

/** S6 (R3): pins per frame = stage-2 entries naming it, over every VM. */
function checkPins(snapshot: SystemSnapshot): InvariantViolation | undefined {
  const want = new Map<number, number>();
  for (const vm of snapshot.vms) {
    for (const e of vm.stage2) want.set(e.frame, (want.get(e.frame) ?? 0) + 1);
  }
  const have = new Map((snapshot.frames.pins ?? []).map((p) => [p.frame, p.count]));
  for (const [frame, n] of want) {
    const pins = have.get(frame) ?? 0;
    if (pins !== n) return violation('S6', `frame ${frame} is named by ${n} stage-2 entries but pinned ${pins} times`);
  }
  for (const [frame, pins] of have) {
    if (!want.has(frame))
      return violation('S6', `frame ${frame} is pinned ${pins} times but no stage-2 entry names it`);
  }
  return undefined;
}

/** A fault record as a phrase. */
function describeEvent(e: FaultEvent): string {
  return `seq ${e.seq} (PASID ${e.pasid}, 0x${e.addr.toString(16)} ${e.access}, stage ${String(e.stage)})`;
}

/** N3: a host event queue holds no stage-1 record; a stage-2 record carries its GPA. */
function checkHostEvents(snapshot: SystemSnapshot): InvariantViolation | undefined {
  for (const d of snapshot.devices) {
    for (const e of d.events) {
      if (e.stage === 1)
        return violation('N3', `the host event queue of ${d.name} holds stage-1 fault ${describeEvent(e)}`);
      if (e.stage === 2 && (e.gpa === undefined || !Number.isSafeInteger(e.gpa) || e.gpa < 0))
        return violation('N3', `the stage-2 event ${describeEvent(e)} of ${d.name} has no GPA`);
    }
  }
  return undefined;
}

/** S7 on the whole PRQ (host and guest groups share it). */
function checkWholePrq(snapshot: SystemSnapshot, config: ResolvedConfig): InvariantViolation | undefined {
  const requests = snapshot.pageRequests.reduce((n, g) => n + g.requests.length, 0);
  if (requests > config.prqDepth)
    return violation('S7', `the page-request queue holds ${requests} requests, more than prqDepth ${config.prqDepth}`);
  if (snapshot.prqOverflow && snapshot.pageRequests.length === 0)
    return violation('S7', 'the overflow flag is set while the page-request queue is empty');
  return undefined;
}

/** S3: assignment agrees both ways; nested slots only on the VM's devices, bound in the guest. */
function checkAssignment(snapshot: SystemSnapshot, vm: VmSnapshot): InvariantViolation | undefined {
  const where = `VM ${vm.id}`;
  if (!snapshot.processes.some((p) => p.pid === vm.vmm))
    return violation('S3', `${where} outlived its VMM ${vm.vmm} (the VMM's exit destroys its VMs)`);
  for (const name of vm.devices) {
    const d = snapshot.devices.find((x) => x.name === name);
    if (d === undefined || d.assignedTo !== vm.id || d.removed)
      return violation('S3', `${where} lists device ${name}, which is not assigned to it`);
  }
  for (const d of snapshot.devices) {
    if (d.assignedTo === vm.id && !vm.devices.includes(d.name))
      return violation('S3', `device ${d.name} is assigned to ${where}, which does not list it`);
    for (const s of d.slots) {
      if (s.state !== 'nested') continue;
      if (d.assignedTo === undefined)
        return violation('S3', `host device ${d.name} has a nested slot for PASID ${s.pasid} (guest mm ${s.mm})`);
      if (d.assignedTo !== vm.id) continue;
      const bound = vm.guest.devices.find((x) => x.name === d.name)?.slots.find((x) => x.pasid === s.pasid);
      if (bound === undefined || bound.mm !== s.mm)
        return violation('S3', `nested slot ${s.pasid} of ${d.name} names guest mm ${s.mm}, unbound in ${where}`);
    }
  }
  return undefined;
}

/** S6 inside the guest (R2): a free GPA page is mapped `rw` by stage 2; an unused page so mapped is free. */
function checkGuestPool(vm: VmSnapshot): InvariantViolation | undefined {
  const rw = new Set(vm.stage2.filter((e) => e.prot.includes('r') && e.prot.includes('w')).map((e) => e.gpa));
  const used = new Set(vm.guest.frames.refs.map((r) => r.frame));
  const free = new Set(vm.guest.frames.free);
  for (const g of free) {
    if (!rw.has(g)) return violation('S6', `VM ${vm.id}: GPA page ${g} is free but stage 2 does not map it rw`);
  }
  for (const g of rw) {
    if (!used.has(g) && !free.has(g))
      return violation('S6', `VM ${vm.id}: GPA page ${g} is mapped rw and unused but not free`);
  }
  for (const e of vm.stage2) {
    if (!Number.isInteger(e.gpa) || e.gpa < 0 || e.gpa >= vm.gpaPages)
      return violation('S6', `VM ${vm.id}: stage-2 entry for GPA page ${e.gpa} is outside [0, ${vm.gpaPages})`);
  }
  return undefined;
}

/** N3 (R17): the virtual event queue holds stage-1 records only, within its depth, in `seq` order. */
function checkVirtualEvents(vm: VmSnapshot): InvariantViolation | undefined {
  if (vm.events.length > vm.eventDepth)
    return violation(
      'N3',
      `VM ${vm.id} holds ${vm.events.length} virtual events, more than its depth ${vm.eventDepth}`,
    );
  let previous = -1;
  for (const e of vm.events) {
    if (e.stage !== 1 || e.gpa !== undefined)
      return violation('N3', `VM ${vm.id}'s virtual event queue holds ${describeEvent(e)}, not a stage-1 fault`);
    if (e.seq <= previous || e.seq >= vm.nextEventSeq)
      return violation('N3', `VM ${vm.id}'s virtual event ${describeEvent(e)} is out of seq order`);
    previous = e.seq;
  }
  return undefined;
}

/** U4 / N3: the VM's fault queue exists, is its VMM's, and holds only groups of the VM's devices. */
function checkVmFaultQueue(snapshot: SystemSnapshot, vm: VmSnapshot): InvariantViolation | undefined {
  const fq = snapshot.faultQueues.find((q) => q.id === vm.faultQueue);
  if (fq === undefined) return violation('U4', `VM ${vm.id}'s fault queue ${vm.faultQueue} does not exist`);
  if (fq.owner !== vm.vmm)
    return violation('U4', `VM ${vm.id}'s fault queue ${fq.id} is owned by ${fq.owner}, not its VMM ${vm.vmm}`);
  for (const g of [...fq.undelivered, ...fq.delivered.map((d) => d.group)]) {
    if (!vm.devices.includes(g.device))
      return violation('N3', `VM ${vm.id}'s fault queue holds PRG ${g.prg} of ${g.device}, not one of its devices`);
  }
  for (const d of snapshot.devices) {
    for (const s of d.slots) {
      if (s.route === vm.faultQueue)
        return violation('U4', `slot ${s.pasid} of ${d.name} is routed to VM ${vm.id}'s fault queue by the host`);
    }
  }
  return undefined;
}
