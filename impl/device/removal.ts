// Device hot-unplug in the impl (SPEC §6, §8.3, §S-10): every queue becomes a zombie at once (work
// dropped, mappings revoked), the device's page requests are discarded, its slots cleared with their
// cached translations, its bonds dropped (mms dropped where that was the last).

import type { Device } from '../device.ts';
import type { Mm } from '../memory/mm.ts';
import type { Queue } from '../queue.ts';
import type { WarpDriveSystem } from '../system.ts';
import { dropWork } from './release.ts';
import { freeStaticShare } from './static-share.ts';

/** `removeDevice` of a present device. @internal */
export function removeDevice(sys: WarpDriveSystem, dev: Device): void {
  dev.removed = true;
  const zombies: Queue[] = [];
  // Stryker disable next-line EqualityOperator: index length reads undefined, which the loop skips
  for (let h = 0; h < dev.hwQueues.length; h++) {
    const queue = dev.hwQueues[h];
    if (queue === undefined) continue;
    dev.hwQueues[h] = undefined;
    freeStaticShare(sys, queue); // R22: the mapping revoked and the frames freed at once
    makeZombie(queue);
    zombies.push(queue);
  }
  sys.discardPageRequests(dev);
  sys.discardFaultQueueGroups(dev);
  const table = sys.iommu.pasidTables[dev.index];
  for (const slot of table.slots()) {
    table.clear(slot.pasid);
    sys.iommu.invalidatePasidFor(dev.index, slot.pasid);
  }
  const unbound: Mm[] = [];
  for (const [mmId, count] of dev.bonds) {
    const mm = sys.mms.get(mmId);
    if (mm === undefined) continue;
    mm.bonds -= count;
    unbound.push(mm);
  }
  dev.bonds.clear();
  for (const mm of unbound) sys.dropMmIfUnused(mm);
  for (const queue of zombies) if (queue.references === 0) sys.queues.delete(queue.id);
}

/** A queue of a removed device: work and completions dropped, waiting cleared, mappings revoked. @internal */
export function makeZombie(queue: Queue): void {
  queue.state = 'zombie';
  dropWork(queue);
  queue.waitingPrg = -1;
  // Stryker disable next-line UnaryOperator: a zombie's hwQueue is never read (every reader checks the state first)
  queue.hwQueue = -1;
  queue.mmio = 0;
  queue.dus = 0;
}
