// Page requests between a device and the IOMMU (SPEC §5 "Page requests", §S-8): a device issues a
// group for a failed translation and waits on its PRG index; the response reaches the waiting queue
// exactly once; unbind and removal discard queued groups unanswered.

import type { Pasid } from '../../interface/index.ts';
import type { Device } from '../device.ts';
import type { Queue } from '../queue.ts';
import { Translation } from './translate.ts';

/** The system with its page-request queue traffic. @internal */
export abstract class PageRequests extends Translation {
  /**
   * Issues a page-request group (source page `srcPage` for `r`, destination page `dstPage` for `w`;
   * -1 = no request) with PRG index `prg`, and makes the queue wait on it. A group that does not fit
   * the page-request queue sets the overflow flag and is answered SUCCESS at once (§S-8).
   */
  protected issuePageRequests(device: Device, queue: Queue, prg: number, srcPage: number, dstPage: number): void {
    const prq = this.iommu.prq;
    const pasid = queue.mm.pasid;
    queue.waitingPrg = prg;
    device.prgWaiter[prg] = queue;
    const size = (srcPage >= 0 ? 1 : 0) + (dstPage >= 0 ? 1 : 0);
    if (!prq.fits(size)) {
      prq.overflow = true;
      this.respond(device, prg, true, 'r');
      return;
    }
    if (srcPage >= 0) prq.push(device.index, pasid, prg, srcPage, 'r', dstPage < 0);
    if (dstPage >= 0) prq.push(device.index, pasid, prg, dstPage, 'w', true);
    device.prgOutstanding[prg] = 1;
  }

  /**
   * Delivers a page response to the queue waiting on (device, prg): it stops waiting; SUCCESS → it
   * retries at its next turn; INVALID → its head descriptor completes `fault` at the address of the
   * group's first request (current source for `r`, destination for `w`, §S-8).
   */
  protected respond(device: Device, prg: number, success: boolean, firstAccess: 'r' | 'w'): void {
    const queue = device.prgWaiter[prg];
    device.prgWaiter[prg] = undefined;
    if (
      queue === undefined ||
      // Stryker disable next-line ConditionalExpression: prgWaiter and waitingPrg are set and cleared together (S7)
      queue.waitingPrg !== prg
    )
      return;
    queue.waitingPrg = -1;
    if (success) return;
    const rings = queue.rings;
    const i = rings.sqHead;
    const base = firstAccess === 'r' ? rings.sqSrc[i] : rings.sqDst[i];
    this.completeFault(queue, base + queue.headDone);
  }

  /**
   * Discards every queued group of `device` (and of `pasid`, if given) without answering it; a
   * queue waiting on one stops waiting. The overflow flag clears if the queue empties.
   */
  discardPageRequests(device: Device, pasid?: Pasid): void {
    const removed = this.iommu.prq.discard((d, p) => d === device.index && (pasid === undefined || p === pasid));
    for (const group of removed) {
      device.prgOutstanding[group.prg] = 0;
      const queue = device.prgWaiter[group.prg];
      device.prgWaiter[group.prg] = undefined;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: the waiter is being released, or a zombie already cleared
      if (queue !== undefined && queue.waitingPrg === group.prg) queue.waitingPrg = -1;
    }
  }
}
