// Device hot-unplug (SPEC §6, §8.3, §S-10): every queue becomes a zombie at once, the device's page
// requests are discarded, slots cleared, bonds dropped (mms dropped where that was the last), and
// deviceInfo. A device assigned to a VM is removed inside its guest, by this same code over the
// guest's state, and leaves the VM (SPEC §13, §S-14).

import type { DeviceInfo } from '../../interface/index.ts';
import { knownDevice, presentDevice } from '../checks.ts';
import { discardDeviceGroups } from '../iommu/fault-routes.ts';
import { dropMmIfUnused } from '../iommu/mm-lifetime.ts';
import { discardGroups } from '../iommu/page-requests.ts';
import { hostOf, report, type Device, type ModelState } from '../state.ts';
import { queueReferences } from './release.ts';
import { freeStaticShare } from './static-share.ts';

/**
 * Takes every queue of `device` away from `state` (host or guest): each non-zombie queue, ascending,
 * becomes a zombie (pending work and completions dropped, waiting cleared, hardware queue freed,
 * mappings revoked; freed if no fd holds it); the device's groups are discarded from the host's PRQ
 * and every fault queue; every slot cleared and every bond dropped, dropping exited mms whose last
 * bond that was. Returns how many queues had pending work.
 */
export function zombifyQueues(state: ModelState, device: Device): number {
  const queues = [...state.queues.values()]
    .filter((q) => q.device === device.config.name && q.state !== 'zombie')
    .sort((a, b) => a.id - b.id);
  const queuesWithWork = queues.filter((q) => q.pending.length > 0).length;
  for (const queue of queues) {
    queue.state = 'zombie';
    // a removed device stops at once: finishing its in-flight work (bug 20) is DMA during hot-unplug
    queue.pending = [];
    queue.completions = [];
    queue.waitingPrg = undefined;
    queue.hwQueue = undefined;
    delete queue.regions.mmio; // mappings revoked: each was a reference
    delete queue.regions.dus;
    freeStaticShare(state, queue); // R22: the mapping revoked and the frames freed at once
    // a zombie with no fd left is simply freed (its bond is dropped below, §S-5)
    if (queueReferences(queue) === 0) state.queues.delete(queue.id);
  }
  device.hwQueues.fill(undefined);
  const host = hostOf(state);
  discardGroups(host, (g) => g.device === device.config.name);
  discardDeviceGroups(host, device); // R8: out of their fault queues unanswered; the routes end with the slots
  device.slots.clear();
  const bondedMms = [...device.bonds.keys()];
  device.bonds.clear();
  for (const mmId of bondedMms) dropMmIfUnused(state, mmId);
  return queuesWithWork;
}

/** `removeDevice(device)`: ENODEV if unknown or already removed. */
export function removeDevice(state: ModelState, name: unknown): void {
  const device = presentDevice(state, name);
  let queuesWithWork = 0;
  if (device.assignedTo !== undefined) {
    // §6 removal applied inside the guest; then the device leaves the VM (its virtual events stay, R17)
    const guest = state.vms.get(device.assignedTo)?.guest;
    const guestDevice = guest?.devices.get(device.config.name);
    if (guest === undefined || guestDevice === undefined)
      throw new Error(`model bug: ${device.config.name} half assigned`);
    guestDevice.removed = true;
    queuesWithWork = zombifyQueues(guest, guestDevice);
    guest.devices.delete(device.config.name);
    delete device.assignedTo;
  }
  device.removed = true;
  queuesWithWork += zombifyQueues(state, device);
  report(state, { kind: 'deviceRemoved', device: device.config.name, queuesWithWork });
}

/** Hardware queues not held by a queue. */
export function availableInstances(device: Device): number {
  return device.hwQueues.filter((q) => q === undefined).length;
}

/** `deviceInfo(device)`: ENODEV only if unknown. */
export function deviceInfo(state: ModelState, name: unknown): DeviceInfo {
  const device = knownDevice(state, name);
  return { availableInstances: availableInstances(device), removed: device.removed, prqOverflow: state.prqOverflow };
}
