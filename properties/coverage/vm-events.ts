// The coverage events of SVA inside a VM (issue 15): a stage-1 fault resolved by the guest, a
// stage-2 fault, a DMA refused after `vmUnmapRam`, the VMM's fork with pinned pages, a guest PASID
// reused, `vmDestroy` with work in flight, two VMs with devices of the same model at once, and a
// guest COW broken by the device. Read from the calls the runner made, the reference's states
// around a command, and the guest events the model reports wrapped as `{ kind: 'guest', event }`.

import type { SpecEvent, SystemSnapshot } from '../../interface/index.ts';
import type { Call } from '../commands/calls.ts';
import type { Coverage } from './events.ts';

/** What the VM coverage remembers across the commands of one sequence. */
export class VmCoverage {
  /** GPA pages `vmUnmapRam` removed, per VM (a later stage-2 fault there is a refused DMA). */
  private readonly unmapped = new Map<number, Set<number>>();
  private readonly pageSize: number;

  constructor(pageSize: number) {
    this.pageSize = pageSize;
  }

  /** A guest event the model reported (`{ kind: 'guest', vm, event }`). */
  observe(counts: Coverage, e: SpecEvent): void {
    if ((e as { kind: string }).kind !== 'guest') return;
    const inner = (e as unknown as { event?: SpecEvent }).event;
    if (inner?.kind === 'pasidAllocated' && inner.reused) counts.guestPasidReused++;
    if (inner?.kind === 'cowBroken' && inner.by === 'device') counts.guestCowBrokenByDevice++;
  }

  /** A call that returned `value` (`before` = the reference's state before its command). */
  call(counts: Coverage, call: Call, value: unknown, before: SystemSnapshot): void {
    if (call.vm !== undefined) {
      if (call.op === 'handleFaults' && typeof value === 'number' && value > 0) counts.guestFaultResolved++;
      return;
    }
    switch (call.op) {
      case 'vmUnmapRam': {
        const [vm, gpa, length] = call.args as [number, number, number];
        let set = this.unmapped.get(vm);
        if (set === undefined) this.unmapped.set(vm, (set = new Set()));
        for (let g = gpa; g < gpa + length; g += this.pageSize) set.add(g / this.pageSize);
        break;
      }
      case 'fork': {
        const pid = call.args[0] as number;
        const pinned = new Set((before.frames.pins ?? []).map((p) => p.frame));
        const mm = before.mms.find((m) => m.id === pid);
        if (mm?.pages.some((p) => p.frame !== undefined && pinned.has(p.frame)) === true) counts.vmmForkPinned++;
        break;
      }
      case 'vmDestroy': {
        const vm = before.vms.find((v) => v.id === call.args[0]);
        if (vm?.guest.queues.some((q) => q.pending.length > 0) === true) counts.vmDestroyWithWork++;
        break;
      }
      default:
        break;
    }
  }

  /** A command ended: stage-2 faults it recorded, and two VMs with devices at once. */
  step(counts: Coverage, before: SystemSnapshot, after: SystemSnapshot): void {
    for (const d of after.devices) {
      const since = before.devices.find((x) => x.name === d.name)?.nextEventSeq ?? 0;
      for (const e of d.events) {
        if (e.seq < since || e.stage !== 2) continue;
        counts.stage2Fault++;
        const vm = after.vms.find((v) => v.devices.includes(d.name))?.id ?? d.assignedTo;
        const page = e.gpa === undefined ? -1 : Math.floor(e.gpa / this.pageSize);
        if (vm !== undefined && this.unmapped.get(vm)?.has(page) === true) counts.dmaRefusedAfterUnmap++;
      }
    }
    const withDevices = (s: SystemSnapshot): number => (s.vms ?? []).filter((v) => v.devices.length > 0).length;
    if (withDevices(after) >= 2 && withDevices(before) < 2) counts.twoVmsWithDevices++;
  }
}
