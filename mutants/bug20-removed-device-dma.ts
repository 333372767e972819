// Bug 20 (SPEC §9): removal does not stop the hardware first — the device keeps running its
// in-flight descriptors (and their page requests are answered) while it is being removed, so its
// DMA lands in memory after the remove began, where SPEC says no DMA happens.
// Linux analogue: uacce_remove()/hisi_qm remove paths that unbound and unmapped before stopping the
// queues (qm_stop), letting the device DMA during and after hot-unplug.

import { WarpDriveSystem } from '../impl/index.ts';
import type { DeviceName } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose removed device finishes its work. */
export class RemovedDeviceDma extends WarpDriveSystem {
  override removeDevice(device: DeviceName): void {
    const dev = this.presentDevice(device);
    // The bug: the hardware is not stopped; it keeps serving its queues until it runs dry.
    let moved = true;
    for (let rounds = 0; moved && rounds < 10_000; rounds++) {
      moved = this.handleGroups(Infinity) > 0;
      moved = this.stepDevice(dev) || moved;
    }
    super.removeDevice(device);
  }
}

/** Bug 20 of the zoo. */
export const bug20: ZooBug = {
  id: 20,
  name: 'removed-device-dma',
  description: 'a device being removed keeps doing DMA (runs its in-flight descriptors) instead of stopping',
  analogue: 'uacce/hisi_qm remove path unbinding before stopping the hardware queues (DMA during hot-unplug)',
  create: (config) => new RemovedDeviceDma(config),
};
