// The command arbitrary: every SvaSystem operation (environment steps and CPU page-table changes
// included), weighted so that runs reach deep states — working queues, faults, COW, reuse — and
// wrapped for `fc.commands`.

import fc from 'fast-check';
import type { ResolvedConfig } from '../../interface/index.ts';
import { SvaCommand } from '../commands/command.ts';
import type { CommandData, CommandName } from '../commands/data.ts';
import { descriptorList } from './descriptors.ts';
import { FAULT_QUEUE_WEIGHTS, faultQueueArbitraries } from './fault-queues.ts';
import { LEGACY_WEIGHTS, hasLegacyDevices, legacyArbitraries } from './legacy.ts';
import { prologue } from './prologues.ts';
import { addrRef, deviceRef, fdRef, pageRange, pidRef, protArg, regionArg } from './refs.ts';
import { guestWeights, VM_WEIGHTS, vmArbitraries } from './vms.ts';

/** How often each command is drawn, relative to the others. @public */
export const COMMAND_WEIGHTS: Readonly<Record<CommandName, number>> = Object.freeze({
  spawn: 2.5,
  mmap: 10,
  munmap: 3,
  mprotect: 4,
  read: 3,
  write: 8,
  fork: 2,
  reclaim: 4,
  migrate: 3,
  exit: 0.6,
  open: 2,
  openReady: 7,
  startQueue: 1,
  stopQueue: 1,
  mapRegion: 1,
  unmapRegion: 1,
  close: 2,
  closeQueue: 1,
  poll: 1,
  queueInfo: 1,
  send: 16,
  recv: 9,
  removeDevice: 0.08,
  deviceStep: 12,
  handleFaults: 5,
  quiesce: 1.5,
  readEvents: 0.5,
  pasidOf: 0.5,
  deviceInfo: 0.5,
  processes: 0.3,
  ...FAULT_QUEUE_WEIGHTS,
  ...LEGACY_WEIGHTS,
  ...VM_WEIGHTS,
});

/** The data arbitrary of each command kind for `config`; a guest command draws a host one by `weights`. */
function dataArbitraries(
  config: ResolvedConfig,
  weights: Readonly<Record<CommandName, number>>,
): Record<CommandName, fc.Arbitrary<CommandData>> {
  const host = hostArbitraries(config);
  const inGuest = guestWeights(weights);
  return { ...host, ...vmArbitraries(config, weighted(host, inGuest)) } as Record<
    CommandName,
    fc.Arbitrary<CommandData>
  >;
}

/** One of `arbs` drawn by `weights` (×10 to integers; weight 0 leaves a command out). */
function weighted(
  arbs: Readonly<Partial<Record<CommandName, fc.Arbitrary<CommandData>>>>,
  weights: Readonly<Record<CommandName, number>>,
): fc.Arbitrary<CommandData> {
  const entries = (Object.keys(arbs) as CommandName[])
    .filter((name) => weights[name] > 0)
    .map((name) => ({ arbitrary: arbs[name] as fc.Arbitrary<CommandData>, weight: Math.round(weights[name] * 10) }));
  return fc.oneof(...entries);
}

/** The host's command arbitraries (everything but the VM commands) for `config`. */
function hostArbitraries(config: ResolvedConfig): Partial<Record<CommandName, fc.Arbitrary<CommandData>>> {
  const p = pidRef();
  const f = fdRef();
  const dev = deviceRef();
  const fresh = addrRef(config, { areaWeight: 15, aligned: true });
  const inArea = addrRef(config, { areaWeight: 85, aligned: true });
  const byte = addrRef(config, { areaWeight: 85, aligned: false });
  const ps = config.pageSize;
  const pidAndFd = <C extends 'startQueue' | 'stopQueue' | 'close' | 'closeQueue' | 'poll' | 'queueInfo'>(cmd: C) =>
    fc.record({ cmd: fc.constant(cmd), p, f });
  return {
    spawn: fc.constant({ cmd: 'spawn' }),
    processes: fc.constant({ cmd: 'processes' }),
    quiesce: fc.constant({ cmd: 'quiesce' }),
    mmap: fc
      .record({ cmd: fc.constant('mmap'), p, at: fresh, prot: protArg() })
      .chain((r) => pageRange(config, 8).map((range) => ({ ...r, ...range }))),
    munmap: fc
      .record({ cmd: fc.constant('munmap'), p, at: inArea })
      .chain((r) => pageRange(config, 4).map((range) => ({ ...r, ...range }))),
    mprotect: fc
      .record({ cmd: fc.constant('mprotect'), p, at: inArea, prot: protArg() })
      .chain((r) => pageRange(config, 4).map((range) => ({ ...r, ...range }))),
    read: fc.record({ cmd: fc.constant('read'), p, at: byte, len: fc.nat(2 * ps) }),
    write: fc.record({
      cmd: fc.constant('write'),
      p,
      at: byte,
      len: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 2 * ps }), weight: 20 },
        { arbitrary: fc.constant(0), weight: 1 },
      ),
      seed: fc.nat(250),
    }),
    fork: fc.record({ cmd: fc.constant('fork'), p }),
    reclaim: fc.record({ cmd: fc.constant('reclaim'), p, at: inArea }),
    migrate: fc.record({ cmd: fc.constant('migrate'), p, at: inArea }),
    exit: fc.record({ cmd: fc.constant('exit'), p }),
    pasidOf: fc.record({ cmd: fc.constant('pasidOf'), p }),
    open: fc.record({ cmd: fc.constant('open'), p, dev }),
    openReady: fc.record({ cmd: fc.constant('openReady'), p, dev }),
    startQueue: pidAndFd('startQueue'),
    stopQueue: pidAndFd('stopQueue'),
    close: pidAndFd('close'),
    closeQueue: pidAndFd('closeQueue'),
    poll: pidAndFd('poll'),
    queueInfo: pidAndFd('queueInfo'),
    mapRegion: fc.record({ cmd: fc.constant('mapRegion'), p, f, region: regionArg() }),
    unmapRegion: fc.record({ cmd: fc.constant('unmapRegion'), p, f, region: regionArg() }),
    send: fc.record({ cmd: fc.constant('send'), p, f, descs: descriptorList(config) }),
    recv: fc.record({
      cmd: fc.constant('recv'),
      p,
      f,
      // 0, 1 and exactly the unread count: the limits of `max`.
      max: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 10 },
        { arbitrary: fc.constant(100), weight: 8 },
        { arbitrary: fc.constant<'exact'>('exact'), weight: 4 },
        { arbitrary: fc.constant(0), weight: 1 },
      ),
    }),
    removeDevice: fc.record({ cmd: fc.constant('removeDevice'), dev }),
    deviceStep: fc.record({ cmd: fc.constant('deviceStep'), dev, times: fc.integer({ min: 1, max: 4 }) }),
    handleFaults: fc.record({
      cmd: fc.constant('handleFaults'),
      // -1: not a valid max (EINVAL, SEMANTICS §S-1).
      max: fc.oneof(
        { arbitrary: fc.constant(null), weight: 30 },
        { arbitrary: fc.nat(2), weight: 10 },
        { arbitrary: fc.constant<'exact'>('exact'), weight: 5 },
        { arbitrary: fc.constant(-1), weight: 1 },
      ),
    }),
    readEvents: fc.record({
      cmd: fc.constant('readEvents'),
      dev,
      max: fc.oneof(
        { arbitrary: fc.constant(null), weight: 30 },
        { arbitrary: fc.nat(3), weight: 10 },
        { arbitrary: fc.constant<'exact'>('exact'), weight: 5 },
        { arbitrary: fc.constant(-1), weight: 1 },
      ),
    }),
    deviceInfo: fc.record({ cmd: fc.constant('deviceInfo'), dev }),
    ...faultQueueArbitraries(),
    ...legacyArbitraries(config),
  } as Partial<Record<CommandName, fc.Arbitrary<CommandData>>>;
}

/** `weights` with every §14 command left out (weight 0). */
function withoutLegacy(weights: Readonly<Record<CommandName, number>>): Readonly<Record<CommandName, number>> {
  const out: Record<CommandName, number> = { ...weights };
  for (const name of Object.keys(LEGACY_WEIGHTS) as CommandName[]) out[name] = 0;
  return out;
}

/** One command's data for `config`, drawn by `COMMAND_WEIGHTS` (weights scaled ×10 to integers). @public */
export function commandData(
  config: ResolvedConfig,
  weights: Readonly<Record<CommandName, number>> = COMMAND_WEIGHTS,
): fc.Arbitrary<CommandData> {
  // §14's commands only where a device has a legacy mode: the other configs keep their random streams
  const effective = hasLegacyDevices(config) ? weights : withoutLegacy(weights);
  return weighted(dataArbitraries(config, effective), effective);
}

/** Options of `commandSequences`. @public */
export interface SequenceOptions {
  /** Longest sequence (default 200). */
  readonly maxCommands?: number;
  /** A fast-check replay path of an earlier failure, to replay its shrinking quickly. */
  readonly replayPath?: string;
  /** Relative weights of the commands (default `COMMAND_WEIGHTS`). */
  readonly weights?: Readonly<Record<CommandName, number>>;
  /** The directed prologues drawn in front of a sequence (default `prologue()`). */
  readonly prologue?: fc.Arbitrary<CommandData[]>;
}

/**
 * A directed prologue's commands, then a random sequence: iterates both in order; prints as the
 * random sequence does (its `replayPath` included) after the prologue's commands.
 */
export class ProloguedSequence implements Iterable<unknown> {
  readonly prologue: readonly SvaCommand[];
  readonly rest: Iterable<unknown>;

  constructor(prologue: readonly SvaCommand[], rest: Iterable<unknown>) {
    this.prologue = prologue;
    this.rest = rest;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    yield* this.prologue;
    yield* this.rest;
  }

  toString(): string {
    return [...this.prologue.map(String), String(this.rest)].join(',');
  }
}

/**
 * Command sequences for `config`: rarely a directed prologue (see prologues.ts), then `fc.commands`
 * over every operation, lengths up to `maxCommands` (the prologue not counted).
 * @public
 */
export function commandSequences(
  config: ResolvedConfig,
  options: SequenceOptions = {},
): fc.Arbitrary<Iterable<SvaCommand>> {
  const one = commandData(config, options.weights).map(
    (data) => new SvaCommand(data),
    (c) => {
      if (c instanceof SvaCommand) return c.data;
      throw new Error('not an SvaCommand');
    },
  );
  const random = fc.commands([one], {
    maxCommands: options.maxCommands ?? 200,
    size: 'max',
    ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
  });
  return fc.tuple(options.prologue ?? prologue(config), random).map(
    ([first, rest]) =>
      new ProloguedSequence(
        first.map((d) => new SvaCommand(d)),
        rest,
      ),
  ) as unknown as fc.Arbitrary<Iterable<SvaCommand>>;
}
