// Bug 34 (SPEC §13 "Where faults go", N3): a stage-2 fault of a `pri` device is turned into a
// page request for the guest — which cannot resolve it (stage 1 is fine), so it answers and the
// device faults again — instead of a host event with the GPA.
// Linux analogue: a stage-2 (nesting parent) fault reported through the vIOMMU's fault queue.

import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Queue } from '../impl/queue.ts';
import { S2_PERMISSION_FAULT, S2_TRANSLATION_FAULT } from '../impl/vm/nested-translate.ts';
import type { Vm } from '../impl/vm/vms.ts';
import type { ZooBug } from './zoo-bug.ts';

const isStage2 = (code: number): boolean => code === S2_TRANSLATION_FAULT || code === S2_PERMISSION_FAULT;

/** The impl that sends stage-2 faults to the guest. */
export class Stage2FaultToGuest extends WarpDriveSystem {
  protected override nestedFault(
    vm: Vm,
    device: Device,
    queue: Queue,
    srcFrame: number,
    srcVa: number,
    srcGpa: number,
    dstFrame: number,
    dstVa: number,
    dstGpa: number,
  ): void {
    const prg = device.config.faults === 'pri' ? device.lowestFreePrg() : -1;
    if ((isStage2(srcFrame) || isStage2(dstFrame)) && prg >= 0) {
      // The bug: a page-request group, as for a stage-1 fault.
      const ps = this.pageSize;
      const page = (frame: number, va: number): number => (frame < 0 ? va - (va % ps) : -1);
      vm.kernel.raisePageRequests(device, queue, prg, page(srcFrame, srcVa), page(dstFrame, dstVa));
      return;
    }
    super.nestedFault(vm, device, queue, srcFrame, srcVa, srcGpa, dstFrame, dstVa, dstGpa);
  }
}

/** Bug 34 of the zoo. */
export const bug34: ZooBug = {
  id: 34,
  name: 'stage2-fault-to-guest',
  description: 'a stage-2 fault becomes a page request to the guest instead of a host event',
  analogue: "a nesting parent's (stage-2) fault reported through the vIOMMU fault queue to the guest",
  create: (config) => new Stage2FaultToGuest(config),
};
