// The IOMMU's page-request handling (SPEC §5 "Handling", §S-8): takes groups FIFO, resolves each
// request against the mm of the device's slot (never the "current" process), and answers each group
// exactly once through page-requests.ts.

import type { Access, Pasid } from '../../interface/index.ts';
import type { Device } from '../device.ts';
import type { Mm } from '../memory/mm.ts';
import type { PageRequestGroup } from './page-request-queue.ts';
import { PageRequests } from './page-requests.ts';
import { isSvaSlot, slotMm, type SlotValue } from './pasid-table.ts';

/** The system with its page-request handling. @internal */
export abstract class FaultHandler extends PageRequests {
  /** Handles up to `max` groups in FIFO order; returns how many were taken. */
  handleGroups(max: number): number {
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
    // Stryker disable next-line ConditionalExpression: removal discards the device's groups, so none is taken later
    if (device.removed) return;
    const slot = this.iommu.pasidTables[device.index].get(group.pasid);
    let success = isSvaSlot(slot);
    // Stryker disable next-line ConditionalExpression: a non-sva slot's mm has no VMA, so resolving fails at once
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
  protected mmForPageRequest(_device: Device, _pasid: Pasid, slot: SlotValue): Mm | undefined {
    return this.mms.get(slotMm(slot));
  }

  /** Resolves one request by the legality rule (§S-3): the VMA must exist and allow the access. */
  protected resolvePageRequest(mm: Mm, pageAddr: number, access: Access): boolean {
    return this.memory.resolveFault(mm, pageAddr, access);
  }
}
