// PLACEHOLDER (issue 15 in progress): the VM operations of SPEC §13 before the impl builds them.
// Every one refuses with EOPNOTSUPP so that the interface compiles; the VM helpers replace this file.

import { WarpDriveError, type GuestSystem, type SvaSystem, type VmId } from '../../interface/index.ts';

type VmOps = Pick<
  SvaSystem,
  'vmCreate' | 'vmMapRam' | 'vmUnmapRam' | 'vmAssign' | 'vmUnassign' | 'vmDestroy' | 'vmReadEvents' | 'vmInfo' | 'guest'
>;

function notBuilt(): never {
  throw new WarpDriveError('EOPNOTSUPP', 'VMs (SPEC §13) are not built yet');
}

/** The VM operations, all refusing (placeholder). @internal */
export function vmOps(): VmOps {
  const guest = (vm: VmId): GuestSystem => ({
    vm,
    spawn: notBuilt,
    mmap: notBuilt,
    munmap: notBuilt,
    mprotect: notBuilt,
    read: notBuilt,
    write: notBuilt,
    fork: notBuilt,
    reclaim: notBuilt,
    migrate: notBuilt,
    exit: notBuilt,
    open: notBuilt,
    startQueue: notBuilt,
    stopQueue: notBuilt,
    mapRegion: notBuilt,
    unmapRegion: notBuilt,
    close: notBuilt,
    send: notBuilt,
    recv: notBuilt,
    poll: notBuilt,
    pasidOf: notBuilt,
    queueInfo: notBuilt,
    processes: notBuilt,
    handleFaults: notBuilt,
  });
  return {
    vmCreate: notBuilt,
    vmMapRam: notBuilt,
    vmUnmapRam: notBuilt,
    vmAssign: notBuilt,
    vmUnassign: notBuilt,
    vmDestroy: notBuilt,
    vmReadEvents: notBuilt,
    vmInfo: notBuilt,
    guest,
  };
}
