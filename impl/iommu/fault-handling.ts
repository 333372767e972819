// The IOMMU's page-request handling (SPEC §5 "Handling", §S-8): takes groups FIFO, resolves each
// request against the mm of the device's slot, answers each group exactly once, and discards the
// groups of an unbound PASID or a removed device.

import type { Access, Pasid } from '../../interface/index.ts';
import { DeviceEngine } from '../device/engine.ts';
import type { DeviceState } from '../device/device-state.ts';
import type { AddressSpace } from '../memory/address-space.ts';
import type { PageRequestGroup } from './page-request-queue.ts';
import { isSvaSlot, slotMm, type SlotValue } from './pasid-table.ts';

/** The system with its page-request handling. */
export abstract class PageFaultHandling extends DeviceEngine {
  /** Handles up to `max` groups in FIFO order; returns how many were taken. */
  protected handleGroups(max: number): number {
    let taken = 0;
    while (taken < max) {
      const group = this.iommu.prq.take();
      if (group === undefined) break;
      taken++;
      this.handleGroup(group);
    }
    return taken;
  }

  /**
   * One group: a removed device's is discarded; a slot that is not `sva` → INVALID; else each
   * request is resolved in order, the first failure answering INVALID and skipping the rest.
   */
  protected handleGroup(group: PageRequestGroup): void {
    const device = this.devices[group.device];
    device.prgOutstanding[group.prg] = 0;
    // Stryker disable next-line ConditionalExpression: removeDevice discards the device's queued groups and a removed device issues none, so no taken group is of a removed device
    if (device.removed) return;
    const slot = this.iommu.pasidTables[device.index].get(group.pasid);
    let success = isSvaSlot(slot);
    // Stryker disable next-line ConditionalExpression: a non-sva slot is empty (mm 0: none) or abort (mm torn down at exit: no VMA), so resolving would fail at once with no side effect
    if (success) {
      const mm = this.mmForPageRequest(device, group.pasid, slot);
      for (const request of group.requests) {
        if (mm === undefined || !this.resolvePageRequest(mm, request.addr, request.access)) {
          success = false;
          break;
        }
      }
    }
    this.respond(device, group.prg, success, group.requests[0].access);
  }

  /** The mm a request of (device, pasid) is resolved against: the slot's (never the "current" process). */
  protected mmForPageRequest(_device: DeviceState, _pasid: Pasid, slot: SlotValue): AddressSpace | undefined {
    return this.mms.get(slotMm(slot));
  }

  /** Resolves one request by the legality rule (§S-3): the VMA must exist and allow the access. */
  protected resolvePageRequest(mm: AddressSpace, pageAddr: number, access: Access): boolean {
    return this.memory.resolveFault(mm, pageAddr, access);
  }

  /**
   * Discards every queued group of `device` (and of `pasid`, if given) without answering it; a
   * queue waiting on one stops waiting. The overflow flag clears if the queue empties.
   */
  protected discardPageRequests(device: DeviceState, pasid?: Pasid): void {
    const removed = this.iommu.prq.discard((d, p) => d === device.index && (pasid === undefined || p === pasid));
    for (const group of removed) {
      device.prgOutstanding[group.prg] = 0;
      const queue = device.prgWaiter[group.prg];
      device.prgWaiter[group.prg] = undefined;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: the waiter is the queue being released (deleted right after) or a zombie whose waitingPrg makeZombie already cleared
      if (queue !== undefined && queue.waitingPrg === group.prg) queue.waitingPrg = -1;
    }
  }
}
