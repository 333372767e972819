// The VM operations of SPEC §13 (R12-R19, SEMANTICS §S-14) wired over the host's state, and
// `guest(vm)`: the guest kernel — the host's own process, memory and queue functions over the
// guest's state — plus the guest's fault handler (the VMM relaying its VM's fault queue).

import type { GuestSystem, SvaSystem, VmId } from '../../interface/index.ts';
import { checkTakeMax } from '../checks.ts';
import { handleVmGroups } from '../iommu/fault-handler.ts';
import type { ModelState } from '../state.ts';
import { vmAssign, vmUnassign } from './assign.ts';
import { processOps } from './process-ops.ts';
import { vmMapRam, vmUnmapRam } from './stage2.ts';
import { vmDestroy } from './teardown.ts';
import { liveVm, vmCreate, vmInfo, vmReadEvents } from './vms.ts';

type VmOps = Pick<
  SvaSystem,
  'vmCreate' | 'vmMapRam' | 'vmUnmapRam' | 'vmAssign' | 'vmUnassign' | 'vmDestroy' | 'vmReadEvents' | 'vmInfo' | 'guest'
>;

/**
 * `guest(vm)`: never throws; a fresh object whose every method looks the VM up first (ENOENT for
 * an unknown or destroyed VM, R12) and then runs the host's code over the guest's state.
 */
function guestSystem(state: ModelState, vm: VmId): GuestSystem {
  return {
    vm,
    ...processOps(() => liveVm(state, vm).guest),
    handleFaults: (max: unknown = Infinity) => {
      const record = liveVm(state, vm);
      checkTakeMax(max);
      return handleVmGroups(state, record, max);
    },
  };
}

/** The VM operations over the host's state. @internal */
export function vmOps(state: ModelState): VmOps {
  return {
    vmCreate: (vmm, options) => vmCreate(state, vmm, options),
    vmMapRam: (vm, gpa, vmmVa, length, prot) => vmMapRam(state, vm, gpa, vmmVa, length, prot),
    vmUnmapRam: (vm, gpa, length) => vmUnmapRam(state, vm, gpa, length),
    vmAssign: (vm, device) => vmAssign(state, vm, device),
    vmUnassign: (vm, device) => vmUnassign(state, vm, device),
    vmDestroy: (vm) => vmDestroy(state, vm),
    vmReadEvents: (vm, max) => vmReadEvents(state, vm, max),
    vmInfo: (vm) => vmInfo(state, vm),
    guest: (vm) => guestSystem(state, vm),
  };
}
