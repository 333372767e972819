// VM fixtures for the SPEC §13 scenarios: a VMM whose RAM backs a VM's GPA pages, devices assigned
// to it, and a guest process with a ready queue — the guest-side twin of `setupQueue`.

import { expect } from 'vitest';
import { PAGE, smallConfig } from './setup.ts';
import { resolveConfig, type DeviceName, type GuestSystem, type Pid, type SvaSystem } from 'warpdrive-sva/interface';
import { checkSpecInvariants } from 'warpdrive-sva/invariants';

/** Where the VMM maps the RAM it gives its VM (VMM VA), and where a guest process maps its data (guest VA). */
export const VMM_RAM = 32 * PAGE;
export const GDATA = 16 * PAGE;

/** A VMM and its VM, the RAM mapped page for page at `VMM_RAM`, the devices assigned. */
export interface VmSetup {
  readonly vmm: Pid;
  readonly vm: number;
  readonly g: GuestSystem;
}

/** Spawns a VMM, maps `gpaPages` rw pages at `VMM_RAM`, creates the VM, maps all its RAM rw and assigns `devices`. */
export function setupVm(sys: SvaSystem, gpaPages = 8, devices: readonly DeviceName[] = ['acc']): VmSetup {
  const vmm = sys.spawn();
  sys.mmap(vmm, VMM_RAM, gpaPages * PAGE, 'rw');
  const vm = sys.vmCreate(vmm, { gpaPages });
  sys.vmMapRam(vm, 0, VMM_RAM, gpaPages * PAGE, 'rw');
  for (const d of devices) sys.vmAssign(vm, d);
  return { vmm, vm, g: sys.guest(vm) };
}

/** A guest process with `pages` rw pages at `GDATA` and a started queue on `device` with both regions mapped. */
export function guestQueue(g: GuestSystem, device: DeviceName = 'acc', pages = 8): { pid: Pid; fd: number } {
  const pid = g.spawn();
  g.mmap(pid, GDATA, pages * PAGE, 'rw');
  const fd = g.open(pid, device);
  g.mapRegion(pid, fd, 'mmio');
  g.mapRegion(pid, fd, 'dus');
  g.startQueue(pid, fd);
  return { pid, fd };
}

/** Bytes `0..n-1` plus `seed`. */
export function pattern(n: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i + seed) & 0xff);
}

/**
 * S1-S7 hold inside every guest's snapshot (its own namespaces, SPEC §13 Invariants). Only while
 * stage 2 maps every GPA page `rw`: today's S6 reads "every frame free or referenced", and an
 * unmapped, unused GPA page is neither (R2) — helper P's S6 for guests will say so.
 */
export function expectGuestInvariants(sys: SvaSystem): void {
  for (const vm of sys.snapshot().vms) {
    const config = resolveConfig({ ...smallConfig, frames: vm.gpaPages });
    expect(checkSpecInvariants(vm.guest, config), `VM ${vm.id}`).toEqual([]);
  }
}
