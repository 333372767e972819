// `sys.guest(vm)` in the impl (SPEC §13, R12; twin of model/vm/process-ops.ts): the GuestSystem a
// user drives a VM's guest kernel through. It never throws; each method looks the VM up at call time (ENOENT first for an unknown
// or destroyed VM), then runs the guest kernel's own bound method. With fault injection each method
// marks a call, so the guest's write, migrate and open are sites (R23).

import { GUEST_METHODS, type GuestSystem, type VmId } from '../../interface/index.ts';
import type { VmOps } from './vm-ops.ts';

/** The guest of `vm` on `host` (the VM need not exist: its methods then throw ENOENT). @internal */
export function guestSystem(host: VmOps, vm: VmId): GuestSystem {
  const guest: Record<string, unknown> = { vm };
  for (const name of GUEST_METHODS) {
    guest[name] = (...args: unknown[]): unknown => {
      const kernel = host.liveVm(vm).kernel as unknown as Record<string, (...a: unknown[]) => unknown>;
      return kernel[name](...args);
    };
  }
  host.injector?.wrap(guest, GUEST_METHODS, 'guest.');
  return guest as unknown as GuestSystem;
}
