// quiesce in the impl (SPEC §6, §S-9): alternate handleFaults() and one deviceStep per present
// device, in config order, until nothing moves; returns the rounds. While one device alone moves
// and the PRQ stays empty, its steps run as a burst that counts the same rounds.

import type { Device } from '../device.ts';
import type { WarpDriveSystem } from '../system.ts';
import { guardRounds, roundLimit } from './round-limit.ts';

/** `quiesce()`: the number of rounds (the last one moved nothing). @internal */
export function quiesce(sys: WarpDriveSystem): number {
  const limit = roundLimit(sys.allQueues(), sys.devices.length);
  let rounds = 0;
  let moved: boolean;
  const prq = sys.iommu.prq;
  do {
    guardRounds(++rounds, limit);
    moved = sys.handleGroups(Infinity) > 0;
    if (sys.handleGuestFaults()) moved = true; // R10: every live VM's guest handleFaults, by id
    let active: Device | undefined;
    let activeDevices = 0;
    for (const dev of sys.devices) {
      if (!dev.removed && sys.stepDevice(dev)) {
        moved = true;
        active = dev;
        // Stryker disable next-line UpdateOperator: a miscount only disables the fast-forward (docs/MUTATION.md)
        activeDevices++;
      }
    }
    // Fast-forward, same rounds: while the PRQ stays empty, a round's handleFaults takes nothing
    // and the devices that did not move cannot (only the active device's own steps change
    // anything, and nothing of theirs), so each round is exactly one step of the active device.
    // Stryker disable next-line BlockStatement: the full rounds do the same steps (docs/MUTATION.md)
    if (activeDevices === 1 && active !== undefined && prq.length === 0) {
      for (;;) {
        // Stryker disable next-line ArithmeticOperator: livelock guard (docs/MUTATION.md)
        guardRounds(rounds + 1, limit);
        // Stryker disable next-line ArithmeticOperator: the step budget only binds past the livelock limit
        const steps = sys.stepDeviceRepeatedly(active, limit - rounds);
        if (steps === 0) return rounds + 1; // a round where nothing moved ends quiesce
        rounds += steps;
        // Stryker disable next-line ConditionalExpression: leaving early falls back to full rounds (docs/MUTATION.md)
        if (prq.length !== 0) break; // a step queued a group: back to full rounds
      }
    }
  } while (moved);
  return rounds;
}
