// The configs a campaign cycles through. `tiny` and `default` are the interface presets; `crowded`
// is `tiny` made tighter so that two coverage events become reachable: in `tiny` two PRI queues
// waiting on two-request groups fill the 4-request page-request queue exactly (overflow cannot
// happen), and 16 unread fault events are rare; `crowded` has three PRI queues, a 2-request PRQ (one two-request group fills it) and
// a 2-record event queue on the no-PRI device. `scarce` makes the ordering of the steps inside
// exit, release, drain and removal observable: frames, hardware queues and PASIDs are barely enough
// for the working set, so a step done in the wrong order meets an empty pool (ENOMEM, an INVALID
// answer, EBUSY) where the model does not; two `pri` devices raise page requests at once. `legacy`
// mixes SPEC §14's modes (R20); `noiommu` is the preset whose check K must fail (not in the mix).
// `vm` (R19) runs a VMM with one VM and its assigned devices from the first command on.

import type fc from 'fast-check';
import { presets, type SvaConfig } from '../../interface/index.ts';
import { COMMAND_WEIGHTS } from '../arbitraries/commands.ts';
import { vmPrologue } from '../arbitraries/vm-prologues.ts';
import { VM_CONFIG_WEIGHTS } from '../arbitraries/vms.ts';
import type { CommandData, CommandName } from '../commands/data.ts';

/**
 * A config with the name a campaign and a counterexample call it by; a named campaign setting may
 * add a setup prelude (run after the opening spawn of every sequence and recorded in every
 * counterexample, R19) and its own command weights.
 * @public
 */
export interface NamedConfig {
  readonly name: string;
  readonly config: SvaConfig;
  /** Run check K ('noiommu' isolation, R20) too: expected to fail. Only the `noiommu` preset sets it. */
  readonly noiommuIsolation?: boolean;
  readonly prelude?: readonly CommandData[];
  readonly weights?: Readonly<Record<CommandName, number>>;
  /** Its directed prologues (default: the campaign's, prologues.ts). */
  readonly prologue?: () => fc.Arbitrary<CommandData[]>;
}

/**
 * `tiny` with three PRI queues, a 2-request PRQ (one two-request group fills it) and a 2-record event
 * queue: overflow and lost events become reachable.
 * @public
 */
export const crowdedConfig: SvaConfig = Object.freeze({
  ...presets.tiny,
  prqDepth: 2,
  devices: Object.freeze([
    Object.freeze({ name: 'dummy-0', hwQueues: 3, ringDepth: 4, maxLen: 256 }),
    Object.freeze({
      name: 'dummy-1',
      hwQueues: 2,
      ringDepth: 4,
      maxLen: 256,
      faults: 'none' as const,
      pasidBits: 2,
      ats: false,
      eventDepth: 2,
    }),
  ]),
});

/**
 * Barely enough of everything: 6 frames of 64 bytes, one hardware queue per device, 2-bit PASIDs
 * (PASID 3 is the highest, reached with three live bonds), a 2-request PRQ, two `pri` devices (one
 * without ATS) and a `none` one with a 2-record event queue, maxLen two pages.
 * @public
 */
export const scarceConfig: SvaConfig = Object.freeze({
  pageSize: 64,
  frames: 6,
  vaBits: 12,
  pasidBits: 2,
  prqDepth: 2,
  devices: Object.freeze([
    Object.freeze({ name: 'dummy-0', hwQueues: 1, ringDepth: 4, maxLen: 128 }),
    Object.freeze({ name: 'dummy-1', hwQueues: 1, ringDepth: 3, maxLen: 128, ats: false }),
    Object.freeze({ name: 'dummy-2', hwQueues: 1, ringDepth: 4, maxLen: 128, faults: 'none' as const, eventDepth: 2 }),
  ]),
});

/** The tiny geometry, shared by the §14 configs below. */
const tinyGeometry = { pageSize: 64, frames: 16, vaBits: 12, pasidBits: 3, prqDepth: 4 } as const;
const small = { hwQueues: 2, ringDepth: 4, maxLen: 256 } as const;

/**
 * SPEC §14, R20: the three modes side by side — an `sva` PRI device, a 'pasid-static' one and a
 * 'noiommu' one — on the tiny geometry. In the default mix, with I2 on sva and pasid-static DMA and
 * check K off.
 * @public
 */
export const legacyConfig: SvaConfig = Object.freeze({
  ...tinyGeometry,
  devices: Object.freeze([
    Object.freeze({ name: 'dummy-0', ...small }),
    Object.freeze({ name: 'static-0', ...small, mode: 'pasid-static' as const }),
    Object.freeze({ name: 'noiommu-0', ...small, mode: 'noiommu' as const }),
  ]),
});

/**
 * The `vm` campaign configuration's host (R19): `tiny`'s memory, an `ats` `pri` device and a
 * `faults: 'none'` one that the prelude assigns to VM 1, and a `pri` host device that the
 * arbitraries may assign to a second VM.
 * @public
 */
export const vmConfig: SvaConfig = Object.freeze({
  ...presets.tiny,
  devices: Object.freeze([
    Object.freeze({ name: 'dummy-0', hwQueues: 2, ringDepth: 4, maxLen: 256 }),
    Object.freeze({
      name: 'dummy-1',
      hwQueues: 2,
      ringDepth: 4,
      maxLen: 256,
      faults: 'none' as const,
      pasidBits: 2,
      ats: false,
      eventDepth: 4,
    }),
    Object.freeze({ name: 'dummy-2', hwQueues: 2, ringDepth: 4, maxLen: 256 }),
  ]),
});

/**
 * SPEC §14: the `noiommu` preset — an sva device and a 'noiommu' one — run with check K on, so
 * the campaign must find one process's device copy reaching another process's page.
 * @public
 */
export const noiommuConfig: SvaConfig = Object.freeze({
  ...tinyGeometry,
  devices: Object.freeze([
    Object.freeze({ name: 'dummy-0', ...small }),
    Object.freeze({ name: 'noiommu-0', ...small, mode: 'noiommu' as const }),
  ]),
});

/**
 * R19's setup prelude, after the opening `spawn()` of the VMM (pid 1): it maps 4 pages, creates VM 1
 * of 4 GPA pages, maps them all onto those pages (stage 2), assigns the `pri` device and the
 * `none` device, and spawns the first guest process, which maps 4 pages and opens a started queue
 * on the `pri` device (so that guest work starts at the first command).
 * @public
 */
export const VM_PRELUDE: readonly CommandData[] = Object.freeze([
  { cmd: 'mmap', p: 0, at: { raw: 1, off: 0 }, pages: 4, skew: 0, prot: 'rw' },
  { cmd: 'vmCreate', p: 0, gpaPages: 4 },
  { cmd: 'vmMapRam', vm: 0, gpa: 0, at: { area: 0, page: 0, off: 0 }, pages: 4, skew: 0, prot: 'rw' },
  { cmd: 'vmAssign', vm: 0, dev: 0 },
  { cmd: 'vmAssign', vm: 0, dev: 1 },
  { cmd: 'guest', vm: 0, op: { cmd: 'spawn' } },
  { cmd: 'guest', vm: 0, op: { cmd: 'mmap', p: 0, at: { raw: 1, off: 0 }, pages: 4, skew: 0, prot: 'rw' } },
  { cmd: 'guest', vm: 0, op: { cmd: 'openReady', p: 0, dev: 0 } },
] satisfies CommandData[]);

/**
 * The `vm` configuration's weights: the host's own commands at a quarter (the VMM and a host device
 * still work), the environment steps that drive the guest's devices and faults at full weight, the
 * VM commands by `VM_CONFIG_WEIGHTS` (guest commands dominate).
 */
function vmWeights(): Readonly<Record<CommandName, number>> {
  const out = {} as Record<CommandName, number>;
  for (const name of Object.keys(COMMAND_WEIGHTS) as CommandName[]) out[name] = COMMAND_WEIGHTS[name] / 4;
  for (const name of ['deviceStep', 'handleFaults', 'quiesce'] as const) out[name] = COMMAND_WEIGHTS[name];
  return Object.freeze({ ...out, ...VM_CONFIG_WEIGHTS });
}

/** Every named config a campaign knows. @public */
export const NAMED_CONFIGS: Readonly<Record<string, NamedConfig>> = Object.freeze({
  tiny: { name: 'tiny', config: presets.tiny },
  default: { name: 'default', config: presets.default },
  crowded: { name: 'crowded', config: crowdedConfig },
  scarce: { name: 'scarce', config: scarceConfig },
  legacy: { name: 'legacy', config: legacyConfig },
  noiommu: { name: 'noiommu', config: noiommuConfig, noiommuIsolation: true },
  vm: { name: 'vm', config: vmConfig, prelude: VM_PRELUDE, weights: vmWeights(), prologue: vmPrologue },
});

/** The default preset mix of a campaign, in the order batches cycle through it. */
export const DEFAULT_MIX: readonly NamedConfig[] = Object.freeze([
  NAMED_CONFIGS.tiny,
  NAMED_CONFIGS.default,
  NAMED_CONFIGS.crowded,
  NAMED_CONFIGS.scarce,
  NAMED_CONFIGS.legacy,
  NAMED_CONFIGS.vm,
]);

/** A preset name or a named config, as options accept them. @public */
export type PresetChoice = string | NamedConfig;

/** The named config for a choice; throws a plain Error for an unknown name. @public */
export function namedConfig(choice: PresetChoice): NamedConfig {
  if (typeof choice !== 'string') return choice;
  const found = NAMED_CONFIGS[choice];
  if (found === undefined)
    throw new Error(`unknown preset '${choice}' (known: ${Object.keys(NAMED_CONFIGS).join(', ')})`);
  return found;
}
