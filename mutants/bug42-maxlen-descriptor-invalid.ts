// Bug 42 (issue 10, boundary off-by-one): a descriptor of exactly maxLen bytes completes `invalid`
// in a device step (the check is `len >= maxLen` instead of `len > maxLen`).
// Linux analogue: the length-limit off-by-one of DMA engines and accelerator drivers (a
// `>= max_len` where the hardware takes max_len, as hisi_zip/sec request-size checks have had).

import { STATUS_INVALID } from '../impl/device/queue-rings.ts';
import type { Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Queue } from '../impl/queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose engine rejects a descriptor of exactly maxLen. */
export class MaxLenDescriptorInvalid extends WarpDriveSystem {
  override serveQueue(device: Device, queue: Queue): void {
    const rings = queue.rings;
    // The bug: the limit itself is treated as past the limit.
    if (rings.sqLen[rings.sqHead] === device.config.maxLen) return this.completeHead(queue, STATUS_INVALID, 0, 0, 0);
    super.serveQueue(device, queue);
  }
}

/** Bug 42 of the zoo. */
export const bug42: ZooBug = {
  id: 42,
  name: 'maxlen-descriptor-invalid',
  description: 'a descriptor of exactly maxLen bytes completes invalid (len >= maxLen)',
  analogue: 'request-length limit off-by-one in accelerator drivers (>= max_len where max_len is allowed)',
  create: (config) => new MaxLenDescriptorInvalid(config),
};
