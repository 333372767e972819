// Bug 24 (SPEC §12): detach answers a group the user already answered (a double response): the
// fault queue forgets to drop an answered group from what the auto-response walks, so the next
// detach or replace answers it again — into whatever group now holds that PRG index.
// Linux analogue: a response path that answers the group but leaves it in the fault object's
// response xarray (no xa_erase), so iommufd_auto_response_faults() responds to it a second time.

import { WarpDriveSystem } from '../impl/index.ts';
import { FaultQueue } from '../impl/iommu/fault-queue.ts';
import type { PageRequestGroup } from '../impl/iommu/page-request-queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** A fault queue that keeps answered groups for its auto-response. */
class RememberingFaultQueue extends FaultQueue {
  private readonly answered: PageRequestGroup[] = [];

  override takeDelivered(cookie: number): PageRequestGroup {
    const group = super.takeDelivered(cookie);
    this.answered.push(group); // the bug: still listed for the auto-response
    return group;
  }

  override removeWhere(matches: (group: PageRequestGroup) => boolean): PageRequestGroup[] {
    const stale = this.answered.filter(matches);
    this.answered.splice(0, this.answered.length, ...this.answered.filter((g) => !matches(g)));
    return [...stale, ...super.removeWhere(matches)];
  }
}

/** The impl whose auto-response answers answered groups again. */
export class DetachAnswersAnswered extends WarpDriveSystem {
  protected override newFaultQueue(id: number, owner: number): FaultQueue {
    return new RememberingFaultQueue(id, owner);
  }
}

/** Bug 24 of the zoo. */
export const bug24: ZooBug = {
  id: 24,
  name: 'detach-answers-answered',
  description: 'detach/replace answers groups the user already answered: a second response hits the PRG\'s next group',
  analogue: 'iommufd fault response left in the response xarray, answered again by the auto-response',
  create: (config) => new DetachAnswersAnswered(config),
};
