// Bug 24 (SPEC §12): detach answers a group the user already answered (a double response): the
// fault queue never erases an answered group — it stays listed with its cookie — so the next detach
// or replace answers it again, into whatever group now holds that PRG index.
// Linux analogue: a response path that answers the group but leaves it in the fault object's
// response xarray (no xa_erase), so iommufd_auto_response_faults() responds to it a second time.

import { WarpDriveSystem } from '../impl/index.ts';
import { FaultQueue } from '../impl/iommu/fault-queue.ts';
import type { PageRequestGroup } from '../impl/iommu/page-request-queue.ts';
import type { ZooBug } from './zoo-bug.ts';

/** A fault queue that keeps answered groups listed (for its auto-response and in its delivered set). */
class RememberingFaultQueue extends FaultQueue {
  private readonly answered: { cookie: number; group: PageRequestGroup }[] = [];

  override takeDelivered(cookie: number): PageRequestGroup {
    const group = super.takeDelivered(cookie);
    this.answered.push({ cookie, group }); // the bug: not erased after the response
    return group;
  }

  override deliveredGroups(): { cookie: number; group: PageRequestGroup }[] {
    return [...super.deliveredGroups(), ...this.answered].sort((a, b) => a.cookie - b.cookie);
  }

  override removeWhere(matches: (group: PageRequestGroup) => boolean): PageRequestGroup[] {
    const stale = this.answered.filter((a) => matches(a.group)).map((a) => a.group);
    this.answered.splice(0, this.answered.length, ...this.answered.filter((a) => !matches(a.group)));
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
  description: "detach/replace answers groups the user already answered: a second response hits the PRG's next group",
  analogue: 'iommufd fault response left in the response xarray, answered again by the auto-response',
  create: (config) => new DetachAnswersAnswered(config),
};
