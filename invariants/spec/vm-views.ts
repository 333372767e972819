// The two views S1-S7 and U1-U4 run on when VMs exist (SPEC §13, R1, R4): the host's own state (its
// processes, its PASID namespace, its page requests and fault queues) and each guest's (the VM's
// `guest` snapshot with the host-held pieces that belong to it: the page-request groups of its
// assigned devices and the VM's fault queue). Each piece of state is in exactly one view, so an
// invariant broken by a VM shows in the view that owns the piece, named with its VM.

import type { ResolvedConfig, Stage2EntrySnapshot, SystemSnapshot, VmSnapshot } from '../../interface/index.ts';

/**
 * The host's own state: slots of assigned devices bound by a guest (`nested`) and the groups of
 * assigned devices leave it (the guest's view holds them); the VMs' fault queues leave it too. A
 * host device keeps everything, so a guest leftover after `vmUnassign` is still seen by S2/S3/S7.
 * @internal
 */
export function hostView(snapshot: SystemSnapshot): SystemSnapshot {
  if (snapshot.vms.length === 0) return snapshot;
  const assigned = new Set(snapshot.devices.filter((d) => d.assignedTo !== undefined).map((d) => d.name));
  const vmQueues = new Set(snapshot.vms.map((v) => v.faultQueue));
  const pageRequests = snapshot.pageRequests.filter((g) => !assigned.has(g.device));
  return {
    ...snapshot,
    devices: snapshot.devices.map((d) =>
      d.assignedTo === undefined ? d : { ...d, slots: d.slots.filter((s) => s.state !== 'nested') },
    ),
    pageRequests,
    // the overflow flag is the PRQ's: checked on the whole queue by `checkVms`
    prqOverflow: snapshot.prqOverflow && pageRequests.length > 0,
    faultQueues: snapshot.faultQueues.filter((q) => !vmQueues.has(q.id)),
    vms: [],
  };
}

/**
 * A guest's state as S1-S7 and U1-U4 read it: the VM's guest snapshot, the host PRQ's groups of the
 * devices assigned to the VM (R5: outstanding wherever they sit), and the VM's fault queue.
 * @internal
 */
export function guestView(host: SystemSnapshot, vm: VmSnapshot): SystemSnapshot {
  const assigned = new Set(host.devices.filter((d) => d.assignedTo === vm.id).map((d) => d.name));
  const fq = host.faultQueues.find((q) => q.id === vm.faultQueue);
  return {
    ...vm.guest,
    pageRequests: host.pageRequests.filter((g) => assigned.has(g.device)),
    prqOverflow: false,
    faultQueues: fq === undefined ? [] : [fq],
    vms: [],
  };
}

/** The config a guest's invariants read: the host's, with the VM's GPA pages as its frames. @internal */
export function guestConfig(config: ResolvedConfig, vm: VmSnapshot): ResolvedConfig {
  return { ...config, frames: vm.gpaPages };
}

/** The stage-2 entry of GPA page `gpa`, if any. @internal */
export function stage2Entry(vm: VmSnapshot, gpa: number): Stage2EntrySnapshot | undefined {
  return vm.stage2.find((e) => e.gpa === gpa);
}
