// Process exit (SPEC §8.1, §S-7), in this order: stop being live; slots of its mm → abort; unmap
// everything; remove its region mappings (queues ascending, mmio before dus), then close its fds
// ascending (releases drain and abort); drop the mm if no bond remains. A VMM's VMs are destroyed
// right after it stops being live (R18). The same function is a guest process's exit inside a VM.

import { REGIONS } from '../interface/index.ts';
import { liveProcess, mmOfProcess } from './checks.ts';
import { removeRegionMapping } from './device/regions.ts';
import { closeFd } from './device/release.ts';
import { dropStaticShareMapping } from './device/static-share.ts';
import { destroyQueuesOf } from './iommu/fault-routes.ts';
import { dropMmIfUnused } from './iommu/mm-lifetime.ts';
import { abortSlotsOfMm } from './iommu/slots.ts';
import { unmapRange } from './memory/mm.ts';
import { unpinnedPieces } from './memory/pinned.ts';
import type { ModelState } from './state.ts';
import { destroyVmsOf } from './vm/teardown.ts';

/** `exit(pid)`: ESRCH if not live. */
export function exit(state: ModelState, pid: unknown): void {
  const process = liveProcess(state, pid);
  const mm = mmOfProcess(state, process);
  // 1. no longer live; the mm is marked exited
  state.processes.delete(process.pid);
  mm.exited = true;
  // 1b. the VMM's VMs go first (R18): their pins, then its own pages below, free the guest's RAM
  destroyVmsOf(state, process.pid);
  // 2. every sva slot of this mm becomes abort (a routed one detached first); then the process's
  // fault queues: slots still routed to them go back to the kernel and they are destroyed (R8)
  abortSlotsOfMm(state, mm.id);
  destroyQueuesOf(state, process.pid);
  // pages go before the queues are released (step 4): a drain there may fault another process's page,
  // which needs the frames this frees (bug 43)
  // 3. every area and page removed, as munmap of everything
  // static-share regions stay until their queue's release frees them (R22: pinned)
  for (const piece of unpinnedPieces(state, mm.id, 0, 2 ** state.config.vaBits))
    unmapRange(state, mm, piece.start, piece.end);
  // 4. region mappings held by this process (queues by ascending id, mmio before dus), then fds ascending
  const queueIds = [...state.queues.keys()].sort((a, b) => a - b);
  for (const id of queueIds) {
    for (const region of REGIONS) {
      const queue = state.queues.get(id); // an earlier removal may have released it
      if (queue !== undefined && queue.regions[region] === process.pid) removeRegionMapping(state, queue, region);
    }
    const queue = state.queues.get(id);
    if (queue !== undefined) dropStaticShareMapping(state, queue, process.pid); // after mmio and dus (R22)
  }
  const fds = [...process.fds.keys()].sort((a, b) => a - b);
  for (const fd of fds) closeFd(state, process, fd);
  // 5. dropped now if no bond is left; otherwise the last unbind drops it
  dropMmIfUnused(state, mm.id);
}
