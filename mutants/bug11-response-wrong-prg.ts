// Bug 11 (SPEC §9): the page response carries the wrong PRG index (the next one, read after the
// handler advanced its index), so the waiting queue is never answered and another queue may be.
// Linux analogue: page responses built from the wrong request's fields (PRG index / PASID taken
// from a descriptor other than the group's last request) in an IOMMU PRQ handler.

import { PRG_INDEXES, type Device } from '../impl/device.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose page responses go to PRG index + 1. */
export class ResponseWrongPrg extends WarpDriveSystem {
  protected override respond(device: Device, prg: number, success: boolean, firstAccess: 'r' | 'w'): void {
    // The bug: off by one in the response's PRG index.
    super.respond(device, (prg + 1) % PRG_INDEXES, success, firstAccess);
  }
}

/** Bug 11 of the zoo. */
export const bug11: ZooBug = {
  id: 11,
  name: 'response-wrong-prg',
  description: 'the page response goes to PRG index + 1, not the group that was handled',
  analogue: 'PRQ handler building the page response from the wrong request (PRG index of another entry)',
  create: (config) => new ResponseWrongPrg(config),
};
