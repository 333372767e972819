// Performing the VM commands (SPEC §13): the host's VM operations with their references resolved
// (VM by index, the VMM's VA by the VMM's areas), a guest command resolved in the guest's own
// state and issued through the same `perform` as a host command with the guest as its target, and
// the VMM's memory operations on the VA backing a GPA page.

import type { Prot, ResolvedConfig, SystemSnapshot, VmId, VmSnapshot } from '../../interface/index.ts';
import { guestView } from '../../invariants/index.ts';
import { calls, hex, inGuest, type Call } from './calls.ts';
import type { CommandData } from './data.ts';
import type { Exec } from './perform.ts';
import { patternBytes, resolveAddr, resolveDevice, resolvePid, resolveProt, type ResolveContext } from './resolve.ts';
import type { VmCommandData, VmRef } from './vm-data.ts';

/** A VM id that no VM has (ids are never reused, and runs create a handful). */
const UNKNOWN_VM = 999;

/** The VM a reference names: a live one by index (ascending id); with none, VM 1 (then ENOENT). */
export function resolveVm(ref: VmRef, snapshot: SystemSnapshot): VmId {
  if (ref === 'unknown') return UNKNOWN_VM;
  const live = snapshot.vms ?? [];
  return live.length === 0 ? 1 : live[ref % live.length].id;
}

/** The VM calls, each with its readable text. @public */
export const vmCalls = {
  create: (vmm: number, gpaPages: number): Call => ({
    op: 'vmCreate',
    args: [vmm, { gpaPages }],
    text: `vmCreate(p${vmm}, { gpaPages: ${gpaPages} })`,
  }),
  mapRam: (vm: VmId, gpa: number, va: number, length: number, prot: Prot): Call => ({
    op: 'vmMapRam',
    args: [vm, gpa, va, length, prot],
    text: `vmMapRam(vm${vm}, gpa ${hex(gpa)}, va ${hex(va)}, ${hex(length)}, '${prot}')`,
  }),
  unmapRam: (vm: VmId, gpa: number, length: number): Call => ({
    op: 'vmUnmapRam',
    args: [vm, gpa, length],
    text: `vmUnmapRam(vm${vm}, gpa ${hex(gpa)}, ${hex(length)})`,
  }),
  assign: (vm: VmId, device: string): Call => ({
    op: 'vmAssign',
    args: [vm, device],
    text: `vmAssign(vm${vm}, '${device}')`,
  }),
  unassign: (vm: VmId, device: string): Call => ({
    op: 'vmUnassign',
    args: [vm, device],
    text: `vmUnassign(vm${vm}, '${device}')`,
  }),
  destroy: (vm: VmId): Call => ({ op: 'vmDestroy', args: [vm], text: `vmDestroy(vm${vm})` }),
  info: (vm: VmId): Call => ({ op: 'vmInfo', args: [vm], text: `vmInfo(vm${vm})` }),
  readEvents: (vm: VmId, max: number | null): Call =>
    max === null
      ? { op: 'vmReadEvents', args: [vm], text: `vmReadEvents(vm${vm})` }
      : { op: 'vmReadEvents', args: [vm, max], text: `vmReadEvents(vm${vm}, ${max})` },
} as const;

/** The context a guest command resolves in: the guest's state, its assigned devices first. */
export function guestContext(host: SystemSnapshot, vm: VmSnapshot, config: ResolvedConfig): ResolveContext {
  const assigned = config.devices.filter((d) => vm.devices.includes(d.name));
  return {
    snapshot: guestView(host, vm),
    config: { ...config, frames: vm.gpaPages, devices: assigned.length === 0 ? config.devices : assigned },
  };
}

/** The VMM's VA backing GPA page `gpa` of `vm` (the VMM page on its frame), or its first area, or the arena. */
function backingVa(vm: VmSnapshot | undefined, gpa: number, ctx: ResolveContext): number {
  if (vm === undefined) return resolveAddr({ area: 0, page: 0, off: 0 }, 1, ctx);
  const entry = vm.stage2.length === 0 ? undefined : vm.stage2[gpa % vm.stage2.length];
  const vmm = ctx.snapshot.mms.find((m) => m.id === vm.vmm);
  const page = vmm?.pages.find((p) => p.state === 'present' && p.frame === entry?.frame);
  return page?.addr ?? resolveAddr({ area: 0, page: gpa, off: 0 }, vm.vmm, ctx);
}

/**
 * Resolves a VM command in `ctx` and issues its calls through `exec`; `perform` is the host's
 * command performer, reused for a guest command with the guest's context and target.
 */
export function performVm(
  data: VmCommandData,
  ctx: ResolveContext,
  exec: Exec,
  perform: (data: CommandData, ctx: ResolveContext, exec: Exec) => void,
): void {
  const ps = ctx.config.pageSize;
  if (data.cmd === 'vmCreate') {
    const pages = data.gpaPages === 'frames+1' ? ctx.config.frames + 1 : data.gpaPages;
    exec(vmCalls.create(resolvePid(data.p, ctx), pages));
    return;
  }
  const id = resolveVm(data.vm, ctx.snapshot);
  const vm = ctx.snapshot.vms.find((v) => v.id === id);
  switch (data.cmd) {
    case 'vmMapRam': {
      const vmm = vm?.vmm ?? 1;
      const va = resolveAddr(data.at, vmm, ctx);
      exec(vmCalls.mapRam(id, data.gpa * ps, va, data.pages * ps + data.skew, resolveProt(data.prot)));
      return;
    }
    case 'vmUnmapRam':
      exec(vmCalls.unmapRam(id, data.gpa * ps, data.pages * ps + data.skew));
      return;
    case 'vmAssign':
      exec(vmCalls.assign(id, resolveDevice(data.dev, ctx)));
      return;
    case 'vmUnassign': {
      // An assigned device of this VM by index when it has one (the interesting case), else any.
      const devices = vm?.devices ?? [];
      const device = typeof data.dev === 'number' && devices.length > 0 ? devices[data.dev % devices.length] : null;
      exec(vmCalls.unassign(id, device ?? resolveDevice(data.dev, ctx)));
      return;
    }
    case 'vmDestroy':
      exec(vmCalls.destroy(id));
      return;
    case 'vmInfo':
      exec(vmCalls.info(id));
      return;
    case 'vmReadEvents':
      exec(vmCalls.readEvents(id, data.max === 'exact' ? (vm?.events.length ?? 0) : data.max));
      return;
    case 'vmmMemory': {
      const vmm = vm?.vmm ?? 1;
      const va = backingVa(vm, data.gpa, ctx);
      const length = data.pages * ps;
      switch (data.op) {
        case 'munmap':
          exec(calls.munmap(vmm, va, length));
          return;
        case 'mprotect':
          exec(calls.mprotect(vmm, va, length, 'r'));
          return;
        case 'fork':
          exec(calls.fork(vmm));
          return;
        case 'write':
          exec(calls.write(vmm, va, patternBytes(length, data.seed), data.seed));
          return;
        case 'reclaim':
          exec(calls.reclaim(vmm, va));
          return;
        case 'migrate':
          exec(calls.migrate(vmm, va));
          return;
      }
      return;
    }
    case 'guest': {
      const guestExec: Exec = (call) => exec(inGuest(id, call));
      if (vm === undefined) {
        // No such VM: the guest's methods throw ENOENT first (R12), whatever the arguments.
        perform(data.op, { snapshot: emptyGuest(ctx.snapshot), config: ctx.config }, guestExec);
        return;
      }
      if (data.op.cmd === 'handleFaults') {
        const undelivered = ctx.snapshot.faultQueues.find((q) => q.id === vm.faultQueue)?.undelivered.length ?? 0;
        const max = data.op.max === 'exact' ? undelivered : data.op.max;
        guestExec(max === null ? calls.handleFaults(null) : calls.handleFaults(max));
        return;
      }
      perform(data.op, guestContext(ctx.snapshot, vm, ctx.config), guestExec);
      return;
    }
  }
}

/** The state a guest command of a VM that does not exist resolves in: no processes, nothing mapped. */
function emptyGuest(host: SystemSnapshot): SystemSnapshot {
  return { ...host, processes: [], mms: [], queues: [], pageRequests: [], faultQueues: [], vms: [] };
}
