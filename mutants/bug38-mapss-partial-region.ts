// Bug 38 (SPEC §14): mapSs that runs out of frames half-way returns success with the part of the
// region it got, instead of ENOMEM with nothing taken — the caller then DMAs into pages it never got.
// Linux analogue: a pinned-buffer allocator returning a short allocation as success (the classic
// unchecked partial get_user_pages / alloc loop result).

import { WarpDriveSystem } from '../impl/index.ts';
import { WarpDriveError, type Fd, type Pid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose mapSs keeps what it could allocate. */
export class MapSsPartialRegion extends WarpDriveSystem {
  override mapSs(pid: Pid, fd: Fd, va: number, length: number): number {
    try {
      return super.mapSs(pid, fd, va, length);
    } catch (e) {
      const free = this.memory.frames.freeCount;
      if (!(e instanceof WarpDriveError) || e.code !== 'ENOMEM' || free === 0) throw e;
      // The bug: the region is made of the frames there were, and the call succeeds.
      super.mapSs(pid, fd, va, free * this.pageSize);
      return va;
    }
  }
}

/** Bug 38 of the zoo. */
export const bug38: ZooBug = {
  id: 38,
  name: 'mapss-partial-region',
  description: 'mapSs failing half-way returns success with part of the region',
  analogue: 'a pinned-buffer allocation loop returning its short result as success',
  create: (config) => new MapSsPartialRegion(config),
};
