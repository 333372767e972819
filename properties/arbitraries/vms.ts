// Arbitraries of the VM commands (SPEC §13) and their weights: the host's VM operations, a guest
// command — one of the host's own command arbitraries (the same `mmap`, `send`, `fork`… data),
// given the guest of VM k as its target — and the VMM's memory operations on the VA backing a GPA
// page. Outside the `vm` configuration no VM exists until a `vmCreate` is drawn, so the weights
// there are low (`VM_WEIGHTS`); the `vm` configuration raises them (`VM_CONFIG_WEIGHTS`).

import fc from 'fast-check';
import type { ResolvedConfig } from '../../interface/index.ts';
import type { CommandData, CommandName } from '../commands/data.ts';
import type { GuestOpData, VmCommandData, VmmMemoryOp, VmRef } from '../commands/vm-data.ts';
import { addrRef, deviceRef, pageRange, pidRef, protArg } from './refs.ts';

/** The guest commands and how often each is drawn inside a guest (the host's weights, guest ops only). */
const GUEST_OPS: readonly GuestOpData['cmd'][] = [
  'spawn',
  'mmap',
  'munmap',
  'mprotect',
  'read',
  'write',
  'fork',
  'reclaim',
  'migrate',
  'exit',
  'open',
  'openReady',
  'startQueue',
  'stopQueue',
  'close',
  'closeQueue',
  'poll',
  'queueInfo',
  'mapRegion',
  'unmapRegion',
  'send',
  'recv',
  'handleFaults',
  'pasidOf',
  'processes',
];

/** How often each VM command is drawn in every configuration, on the scale of `COMMAND_WEIGHTS`. */
export const VM_WEIGHTS = Object.freeze({
  vmCreate: 0.3,
  vmMapRam: 0.3,
  vmUnmapRam: 0.2,
  vmAssign: 0.2,
  vmUnassign: 0.1,
  vmDestroy: 0.05,
  vmReadEvents: 0.1,
  vmInfo: 0.1,
  guest: 1,
  vmmMemory: 0.2,
});

/**
 * The `vm` configuration's weights (R19): guest work dominates (a guest process's queue, faults
 * the guest resolves), stage-2 changes and the VMM's own memory operations interleaved, a second
 * VM now and then, teardown rarely (it ends the interesting state).
 */
export const VM_CONFIG_WEIGHTS = Object.freeze({
  vmCreate: 0.6,
  vmMapRam: 3,
  vmUnmapRam: 2.5,
  vmAssign: 1.2,
  vmUnassign: 0.5,
  vmDestroy: 0.3,
  vmReadEvents: 1,
  vmInfo: 0.3,
  guest: 70,
  vmmMemory: 5,
});

/** A VM reference: mostly the first live VM, sometimes another, rarely an unknown id. */
export function vmRef(): fc.Arbitrary<VmRef> {
  return fc.oneof(
    { arbitrary: fc.constant(0), weight: 100 },
    { arbitrary: fc.nat(3), weight: 30 },
    { arbitrary: fc.constant<VmRef>('unknown'), weight: 1 },
  );
}

/** A GPA page: inside a small VM mostly, rarely past its end (EINVAL). */
function gpaPage(): fc.Arbitrary<number> {
  return fc.oneof({ arbitrary: fc.nat(3), weight: 20 }, { arbitrary: fc.integer({ min: 4, max: 9 }), weight: 1 });
}

/**
 * The VM command arbitraries for `config`; `hostCommand(weights)` draws one host command data by
 * those weights (the guest's commands are the host's arbitraries, not a copy).
 */
export function vmArbitraries(
  config: ResolvedConfig,
  guestCommand: fc.Arbitrary<CommandData>,
): Record<VmCommandData['cmd'], fc.Arbitrary<CommandData>> {
  const vm = vmRef();
  const inVmm = addrRef(config, { areaWeight: 90, aligned: true });
  return {
    vmCreate: fc.record({
      cmd: fc.constant('vmCreate'),
      p: pidRef(),
      gpaPages: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 20 },
        { arbitrary: fc.constantFrom<number | 'frames+1'>(0, -1, 0.5, 'frames+1'), weight: 1 },
      ),
    }),
    vmMapRam: fc
      .record({ cmd: fc.constant('vmMapRam'), vm, gpa: gpaPage(), at: inVmm, prot: protArg() })
      .chain((r) => pageRange(config, 2).map((range) => ({ ...r, ...range }))),
    vmUnmapRam: fc
      .record({ cmd: fc.constant('vmUnmapRam'), vm, gpa: gpaPage() })
      .chain((r) => pageRange(config, 2).map((range) => ({ ...r, ...range }))),
    vmAssign: fc.record({ cmd: fc.constant('vmAssign'), vm, dev: deviceRef() }),
    vmUnassign: fc.record({ cmd: fc.constant('vmUnassign'), vm, dev: deviceRef() }),
    vmDestroy: fc.record({ cmd: fc.constant('vmDestroy'), vm }),
    vmInfo: fc.record({ cmd: fc.constant('vmInfo'), vm }),
    vmReadEvents: fc.record({
      cmd: fc.constant('vmReadEvents'),
      vm,
      max: fc.oneof(
        { arbitrary: fc.constant(null), weight: 10 },
        { arbitrary: fc.nat(2), weight: 4 },
        { arbitrary: fc.constant<'exact'>('exact'), weight: 2 },
        { arbitrary: fc.constant(-1), weight: 1 },
      ),
    }),
    guest: fc.record({ cmd: fc.constant('guest'), vm, op: guestCommand as fc.Arbitrary<GuestOpData> }),
    vmmMemory: fc.record({
      cmd: fc.constant('vmmMemory'),
      vm,
      op: fc.constantFrom<VmmMemoryOp>('write', 'write', 'munmap', 'fork', 'fork', 'reclaim', 'migrate', 'mprotect'),
      gpa: fc.nat(3),
      pages: fc.integer({ min: 1, max: 2 }),
      seed: fc.nat(250),
    }),
  };
}

/** `weights` restricted to the guest's commands (every other command weighs 0 inside a guest). */
export function guestWeights(weights: Readonly<Record<CommandName, number>>): Record<CommandName, number> {
  const out = {} as Record<CommandName, number>;
  for (const name of Object.keys(weights) as CommandName[]) {
    out[name] = (GUEST_OPS as readonly string[]).includes(name) ? weights[name] : 0;
  }
  return out;
}
