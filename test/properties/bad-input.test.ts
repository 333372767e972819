// The bad-input property (SPEC §3, §S-1): every method of both systems, on a state built by a short
// valid prelude, called (bound or unbound) with fast-check's `fc.anything()` and hostile friends in
// every argument position. Each call either returns or throws a WarpDriveError with a known errno;
// the model and the impl agree (same errno, or equal values); a call that throws leaves the whole
// abstract state as it was; and afterwards both abstract states are equal. The factories get the
// same treatment for their config and options.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSnapshot } from '../../properties/runner/normalize.ts';
import {
  fakeLongArray,
  fillAt,
  revokedProxy,
  throwingConversions,
  throwingProxy,
  transparentProxy,
  trappedBytes,
  withThrowingGetter,
} from '../support/hostile.ts';
import { DATA, PAGE, openMappedQueue, smallConfig } from '../support/setup.ts';
import { createSystem } from 'warpdrive-sva';
import {
  ERRNOS,
  GUEST_METHODS,
  SYSTEM_METHODS,
  type GuestMethodName,
  WarpDriveError,
  type SvaConfig,
  type SvaSystem,
  type SystemMethodName,
} from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';

/** What one argument position is, to draw plausible values for it (so later checks are reached). */
type Slot =
  | 'pid'
  | 'fd'
  | 'addr'
  | 'length'
  | 'prot'
  | 'bytes'
  | 'device'
  | 'region'
  | 'descs'
  | 'max'
  | 'options'
  | 'flags'
  | 'fq'
  | 'target'
  | 'responses'
  | 'vm'
  | 'vmOptions';

const SIGNATURES: Record<SystemMethodName, readonly Slot[]> = {
  spawn: [],
  mmap: ['pid', 'addr', 'length', 'prot'],
  munmap: ['pid', 'addr', 'length'],
  mprotect: ['pid', 'addr', 'length', 'prot'],
  read: ['pid', 'addr', 'length'],
  write: ['pid', 'addr', 'bytes'],
  fork: ['pid'],
  reclaim: ['pid', 'addr'],
  migrate: ['pid', 'addr'],
  exit: ['pid'],
  open: ['pid', 'device'],
  startQueue: ['pid', 'fd'],
  stopQueue: ['pid', 'fd'],
  mapRegion: ['pid', 'fd', 'region'],
  unmapRegion: ['pid', 'fd', 'region'],
  close: ['pid', 'fd'],
  send: ['pid', 'fd', 'descs'],
  recv: ['pid', 'fd', 'max'],
  poll: ['pid', 'fd'],
  removeDevice: ['device'],
  deviceStep: ['device'],
  handleFaults: ['max'],
  quiesce: [],
  readEvents: ['device', 'max'],
  pasidOf: ['pid'],
  queueInfo: ['pid', 'fd'],
  deviceInfo: ['device'],
  processes: [],
  snapshot: ['options'],
  faultQueueCreate: ['pid', 'flags'],
  routeFaults: ['pid', 'fd', 'fq'],
  replaceFaultRoute: ['pid', 'fd', 'target'],
  readFaults: ['fq', 'max'],
  respondFaults: ['fq', 'responses'],
  pollFaults: ['fq'],
  faultQueueDestroy: ['fq'],
  mapSs: ['pid', 'fd', 'addr', 'length'],
  ssDma: ['pid', 'fd', 'max'],
  vmCreate: ['pid', 'vmOptions'],
  vmMapRam: ['vm', 'addr', 'addr', 'length', 'prot'],
  vmUnmapRam: ['vm', 'addr', 'length'],
  vmAssign: ['vm', 'device'],
  vmUnassign: ['vm', 'device'],
  vmDestroy: ['vm'],
  vmReadEvents: ['vm', 'max'],
  vmInfo: ['vm'],
  guest: ['vm'],
};

/** `smallConfig` plus a 'pasid-static' and a 'noiommu' device (SPEC §14), so mapSs/ssDma reach their deeper rows. */
const config: SvaConfig = {
  ...smallConfig,
  devices: [...(smallConfig.devices ?? []), { name: 'pst', mode: 'pasid-static' }, { name: 'nio', mode: 'noiommu' }],
};

/**
 * The prelude, the same on both systems: process 1 with 16 rw pages at DATA (two written), a started
 * queue on `acc` with two descriptors pending (fd 3), a queue on `evt` that faulted once (an event
 * waits, fd 4), a queue on `acc2` that became a zombie when `acc2` was removed (fd 5), and process
 * 2, a fork of 1 (COW-shared pages, the same fds).
 */
function prelude(sys: SvaSystem): void {
  const pid = sys.spawn();
  sys.mmap(pid, DATA, 16 * PAGE, 'rw');
  sys.write(
    pid,
    DATA,
    Uint8Array.from({ length: 2 * PAGE }, (_, i) => i & 0xff),
  );
  const acc = openMappedQueue(sys, pid, 'acc');
  const evt = openMappedQueue(sys, pid, 'evt');
  openMappedQueue(sys, pid, 'acc2');
  sys.removeDevice('acc2');
  sys.send(pid, evt, [fillAt(64 * PAGE)]); // unmapped: completes fault with one event
  sys.quiesce();
  sys.send(pid, acc, [fillAt(DATA + 3 * PAGE), { op: 'copy', src: DATA, dst: DATA + 5 * PAGE, len: PAGE, tag: 2 }]);
  // fd 6 on 'pst' and fd 7 on 'nio', each with a two-page static-share region (not inherited by the fork)
  sys.mapSs(pid, openMappedQueue(sys, pid, 'pst'), DATA + 32 * PAGE, 2 * PAGE);
  sys.mapSs(pid, openMappedQueue(sys, pid, 'nio'), DATA + 40 * PAGE, 2 * PAGE);
  sys.fork(pid);
  // A fault queue (id 1) that `acc`'s slot routes to, holding the pending descriptors' first group.
  sys.routeFaults(pid, acc, sys.faultQueueCreate(pid));
  sys.quiesce();
}

const descriptor = fc.oneof(
  fc.record({
    op: fc.constant('fill'),
    dst: fc.constantFrom(DATA, DATA + 7, 0),
    len: fc.nat(PAGE),
    value: fc.nat(255),
    tag: fc.nat(),
  }),
  fc.record({ op: fc.constant('crc32'), src: fc.constantFrom(DATA, DATA + 1), len: fc.nat(2 * PAGE), tag: fc.nat() }),
);

/**
 * A hostile value made afresh for each system at call time: fast-check itself inspects the values
 * it draws (and would trip the traps), and each side must get its own copy.
 */
class Make {
  constructor(
    readonly name: string,
    readonly make: () => unknown,
  ) {}
  toString(): string {
    return this.name;
  }
}

const VALID = fillAt(DATA);

const MAKERS: readonly Make[] = [
  new Make('throwingConversions', () => throwingConversions()),
  new Make('throwingProxy({})', () => throwingProxy({})),
  new Make('throwingProxy([d])', () => throwingProxy([VALID])),
  new Make('throwingProxy(u8)', () => throwingProxy(new Uint8Array(2))),
  new Make('throwingProxy(d)', () => throwingProxy({ ...VALID })),
  new Make('revokedProxy({})', () => revokedProxy({})),
  new Make('revokedProxy([d])', () => revokedProxy([VALID])),
  new Make('transparentProxy(u8)', () => transparentProxy(new Uint8Array(4))),
  new Make('transparentProxy({contents})', () => transparentProxy({ contents: true })),
  new Make('transparentProxy([d])', () => transparentProxy([VALID])),
  new Make('[transparentProxy(d)]', () => [transparentProxy({ ...VALID })]),
  new Make('[throwingProxy(d)]', () => [throwingProxy({ ...VALID })]),
  new Make('[throwingConversions]', () => [throwingConversions()]),
  new Make('getter contents', () => withThrowingGetter({ contents: true }, 'contents')),
  new Make('getter d.len', () => withThrowingGetter(VALID, 'len')),
  new Make('[getter d.op]', () => [withThrowingGetter(VALID, 'op')]),
  new Make('getter [0]', () => withThrowingGetter([VALID], 0)),
  new Make('[d, , d]', () => [VALID, , VALID]),
  new Make('[ , d]', () => [, VALID]),
  new Make('new Array(3)', () => new Array(3)),
  new Make('new Array(1e6)', () => new Array(1e6)),
  new Make('new Array(2**32-1)', () => new Array(2 ** 32 - 1)),
  new Make('fakeLongArray(2**32-1)', () => fakeLongArray(2 ** 32 - 1, VALID)),
  new Make('fakeLongArray(65536)', () => fakeLongArray(65536, VALID)),
  new Make('Int8Array', () => new Int8Array(2)),
  new Make('Uint8ClampedArray', () => new Uint8ClampedArray(2)),
  new Make('Uint16Array', () => new Uint16Array(2)),
  new Make('DataView', () => new DataView(new ArrayBuffer(2))),
  new Make('Buffer', () => Buffer.from([1, 2, 3])),
  new Make('trappedBytes', () => trappedBytes(Uint8Array.of(1, 2, 3))),
  new Make('frozen [d]', () => Object.freeze([VALID])),
  new Make('frozen d', () => Object.freeze({ ...VALID })),
  new Make('null-prototype d', () => Object.assign(Object.create(null) as object, VALID)),
  new Make(
    'class instance',
    () =>
      new (class Desc {
        op = 'fill';
        dst = DATA;
        len = 1;
        value = 1;
        tag = 1;
      })(),
  ),
  new Make('function', () => () => 1),
];

/** Values an attacker (or a confused user) passes: everything fast-check makes, and worse. */
function hostile(): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.anything({
        withBoxedValues: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withObjectString: true,
        maxDepth: 2,
      }),
    },
    fc.string().map((s) => Symbol(s)),
    fc.bigInt(),
    fc.constantFrom(NaN, -0, Infinity, -Infinity, 2 ** 53, 2 ** 40, 2 ** 32 - 1, -1, 0.5, 1e300, Number.MIN_VALUE),
    { weight: 3, arbitrary: fc.constantFrom(...MAKERS) },
  );
}

const HOSTILE = hostile();

/** Descriptor lists: valid ones, and valid ones with one entry hostile, a hole or a throwing getter. */
const descriptorLists: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(descriptor, { maxLength: 9 }),
  fc.tuple(fc.array(descriptor, { minLength: 1, maxLength: 5 }), fc.nat(), HOSTILE).map(([list, at, bad]) => {
    const copy: unknown[] = [...list];
    copy[at % (list.length + 1)] = bad;
    return copy;
  }),
  fc.tuple(fc.array(descriptor, { minLength: 1, maxLength: 5 }), fc.nat()).map(([list, at]) => {
    const copy: unknown[] = [...list];
    delete copy[at % list.length]; // a hole
    return copy;
  }),
  fc
    .tuple(fc.array(descriptor, { minLength: 1, maxLength: 5 }), fc.nat())
    .map(([list, at]) => new Make(`getter at ${at % list.length}`, () => withThrowingGetter(list, at % list.length))),
);

/** Plausible values of a slot: valid ones, near misses, and boundary cases. */
function plausible(slot: Slot): fc.Arbitrary<unknown> {
  switch (slot) {
    case 'pid':
      return fc.constantFrom(1, 1, 1, 2, 3, 0);
    case 'fd':
      return fc.constantFrom(3, 3, 3, 4, 5, 6, 7, 8, 0);
    case 'addr':
      return fc.constantFrom(DATA, DATA + PAGE, DATA + 1, 0, PAGE, 2 ** 20 - PAGE, 2 ** 20);
    case 'length':
      return fc.constantFrom(PAGE, 2 * PAGE, 0, 1, 16 * PAGE, 2 ** 30, 2 ** 30 + 1);
    case 'prot':
      return fc.constantFrom('r', 'rw', '', 'rwx', 'wr');
    case 'bytes':
      return fc.uint8Array({ maxLength: 2 * PAGE });
    case 'device':
      return fc.constantFrom('acc', 'acc2', 'evt', 'pst', 'nio', 'nope');
    case 'region':
      return fc.constantFrom('mmio', 'dus', 'id');
    case 'descs':
      return descriptorLists;
    case 'max':
      return fc.constantFrom(0, 1, 2, Infinity, undefined);
    case 'options':
      return fc.constantFrom(undefined, { contents: true }, { contents: false }, {});
    case 'flags':
      return fc.constantFrom(0, 0, undefined, 1);
    case 'fq':
      return fc.constantFrom(1, 1, 1, 2, 0);
    case 'target':
      return fc.constantFrom(1, 'kernel', 'kernel', 2, 'user');
    case 'responses':
      return fc.array(
        fc.record({
          cookie: fc.constantFrom(1, 1, 2, 0),
          code: fc.constantFrom('success', 'invalid', 'bogus'),
        }),
        { maxLength: 3 },
      );
    case 'vm':
      return fc.constantFrom(1, 1, 2, 0);
    case 'vmOptions':
      return fc.constantFrom({ gpaPages: 4 }, { gpaPages: 1 }, { gpaPages: 0 }, { gpaPages: 4, eventDepth: 2 }, {});
  }
}

const argsFor = (slots: readonly Slot[]): fc.Arbitrary<unknown[]> =>
  fc
    .tuple(
      fc.tuple(
        ...slots.map((slot) => fc.oneof({ weight: 4, arbitrary: plausible(slot) }, { weight: 1, arbitrary: HOSTILE })),
      ),
      fc.array(HOSTILE, { maxLength: 1 }), // sometimes one argument too many
    )
    .map(([args, extra]) => [...args, ...extra]);

/** One call: a method of SvaSystem, its arguments, and whether it is called without its object. */
const call = fc.oneof(
  ...SYSTEM_METHODS.map((method) =>
    fc.record({ method: fc.constant(method), args: argsFor(SIGNATURES[method]), unbound: fc.boolean() }),
  ),
);

/** The host prelude's config with one more device, `vacc` (PRI, ATS), for the VM of the guest prelude. */
const vmConfig: SvaConfig = {
  ...config,
  devices: [...(config.devices ?? []), { name: 'vacc', hwQueues: 2, ringDepth: 8, maxLen: 4096 }],
};

/**
 * The guest prelude: the host's prelude, then VMM process 3 maps 8 pages and runs VM 1 of 8 GPA
 * pages (all mapped, `vacc` assigned); in the guest, process 1 maps 4 pages at DATA, writes one,
 * opens a started queue on `vacc` (fd 3) whose fill of an absent page faulted (its group sits in
 * the VM's fault queue), and forks (guest process 2, COW-shared).
 */
function vmPrelude(sys: SvaSystem): void {
  prelude(sys);
  const vmm = sys.spawn();
  sys.mmap(vmm, DATA, 8 * PAGE, 'rw');
  const vm = sys.vmCreate(vmm, { gpaPages: 8 });
  sys.vmMapRam(vm, 0, DATA, 8 * PAGE, 'rw');
  sys.vmAssign(vm, 'vacc');
  const g = sys.guest(vm);
  const pid = g.spawn();
  g.mmap(pid, DATA, 4 * PAGE, 'rw');
  g.write(
    pid,
    DATA,
    Uint8Array.from({ length: PAGE }, (_, i) => i & 0xff),
  );
  const fd = g.open(pid, 'vacc');
  g.mapRegion(pid, fd, 'mmio');
  g.mapRegion(pid, fd, 'dus');
  g.startQueue(pid, fd);
  g.send(pid, fd, [fillAt(DATA + 2 * PAGE)]);
  sys.deviceStep('vacc');
  sys.handleFaults();
  g.fork(pid);
}

/** A guest method takes what the host's method of the same name takes (ProcessOps, R12; handleFaults: max). */
const GUEST_SIGNATURES = SIGNATURES as Record<GuestMethodName, readonly Slot[]>;

/** One guest call: a method of `guest(vm)` (vm 1 mostly, else a bad one), its arguments, bound or not. */
const guestCall = fc.oneof(
  ...GUEST_METHODS.map((method) =>
    fc.record({
      method: fc.constant(method),
      vm: fc.oneof({ weight: 8, arbitrary: fc.constant<unknown>(1) }, fc.constantFrom<unknown>(0, 2, -1, '1', 1.5)),
      args: argsFor(GUEST_SIGNATURES[method]),
      unbound: fc.boolean(),
    }),
  ),
);

/** A guest call on `sys` (the guest object itself taken with `guest(vm)`, which never throws, R12). */
function runInGuest(sys: SvaSystem, vm: unknown, method: GuestMethodName, given: unknown[], unbound: boolean): Ended {
  const guest = sys.guest(vm as number);
  const fn = guest[method] as (...a: unknown[]) => unknown;
  const args = made(given);
  try {
    return { returned: unbound ? fn(...args) : fn.apply(guest, args) };
  } catch (e) {
    return { threw: e };
  }
}

/** How a call ended. */
type Ended = { readonly returned: unknown } | { readonly threw: unknown };

/** Makes each `Make` (an argument, or an entry of an array argument) into its value, afresh. */
const made = (args: readonly unknown[]): unknown[] =>
  args.map((a) => {
    if (a instanceof Make) return a.make();
    if (!Array.isArray(a) || !a.some((x) => x instanceof Make)) return a;
    return a.map((x: unknown) => (x instanceof Make ? x.make() : x));
  });

function run(sys: SvaSystem, method: SystemMethodName, given: unknown[], unbound: boolean): Ended {
  const fn = sys[method] as (...a: unknown[]) => unknown;
  const args = made(given);
  try {
    return { returned: unbound ? fn(...args) : fn.apply(sys, args) };
  } catch (e) {
    return { threw: e };
  }
}

/** Asserts that a throw is a WarpDriveError with a valid errno; returns the errno (or undefined). */
function errnoOf(ended: Ended, side: string): string | undefined {
  if ('returned' in ended) return undefined;
  const e = ended.threw;
  expect(e, `${side} threw ${String(e)}`).toBeInstanceOf(WarpDriveError);
  expect(ERRNOS).toContain((e as WarpDriveError).code);
  return (e as WarpDriveError).code;
}

/** The result in a form both sides can be compared in (snapshots with frames renamed). */
function comparable(method: SystemMethodName, value: unknown): unknown {
  // A guest is an object of methods (never equal across systems): compare what it offers.
  if (method === 'guest') return Object.keys(value as object).sort();
  return method === 'snapshot' ? normalizeSnapshot(value as Parameters<typeof normalizeSnapshot>[0]) : value;
}

/** A snapshot as canonical text (bytes as hex): deep equality of snapshots at string-compare speed. */
const canon = (snap: unknown): string =>
  JSON.stringify(snap, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

/** Asserts two snapshots are equal: a fast text compare, and vitest's diff only when they differ. */
function expectSameState(actual: unknown, expected: unknown, message: string): void {
  if (canon(actual) !== canon(expected)) expect(actual, message).toEqual(expected);
}

/** `open` may keep the PASID it allocated before failing (SPEC §6, §S-4): the one allowed change. */
const keepsPasid = (method: SystemMethodName, code: string | undefined): boolean =>
  method === 'open' && (code === 'EOVERFLOW' || code === 'EBUSY');

describe('bad input: every method, both systems (SPEC §3, §S-1)', () => {
  it('returns or throws a WarpDriveError, the same on both, and a throw changes nothing', () => {
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 6 }), (sequence) => {
        const model = createModel(config);
        const impl = createSystem(config);
        prelude(model);
        prelude(impl);
        let before = { model: model.snapshot({ contents: true }), impl: impl.snapshot({ contents: true }) };
        for (const { method, args, unbound } of sequence) {
          const m = run(model, method, args, unbound);
          const i = run(impl, method, args, unbound);
          const [mCode, iCode] = [errnoOf(m, 'model'), errnoOf(i, 'impl')];
          expect(iCode, `${method}: impl vs model`).toBe(mCode);
          if ('returned' in m && 'returned' in i) {
            expect(comparable(method, i.returned)).toEqual(comparable(method, m.returned));
          }
          const after = { model: model.snapshot({ contents: true }), impl: impl.snapshot({ contents: true }) };
          if (mCode !== undefined && !keepsPasid(method, mCode)) {
            expectSameState(after.model, before.model, `model ${method} threw ${mCode} and changed the state`);
            expectSameState(after.impl, before.impl, `impl ${method} threw ${iCode} and changed the state`);
          }
          const [implState, modelState] = [normalizeSnapshot(after.impl), normalizeSnapshot(after.model)];
          expectSameState(implState, modelState, `${method}: impl and model states differ`);
          before = after;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('every guest method (SPEC §13, R12) likewise: ENOENT for a bad VM, else the same as the other system', () => {
    fc.assert(
      fc.property(fc.array(guestCall, { minLength: 1, maxLength: 6 }), (sequence) => {
        const model = createModel(vmConfig);
        const impl = createSystem(vmConfig);
        vmPrelude(model);
        vmPrelude(impl);
        let before = { model: model.snapshot({ contents: true }), impl: impl.snapshot({ contents: true }) };
        for (const { method, vm, args, unbound } of sequence) {
          const m = runInGuest(model, vm, method, args, unbound);
          const i = runInGuest(impl, vm, method, args, unbound);
          const [mCode, iCode] = [errnoOf(m, 'model'), errnoOf(i, 'impl')];
          expect(iCode, `guest(${String(vm)}).${method}: impl vs model`).toBe(mCode);
          if ('returned' in m && 'returned' in i) expect(i.returned).toEqual(m.returned);
          const after = { model: model.snapshot({ contents: true }), impl: impl.snapshot({ contents: true }) };
          if (mCode !== undefined && !keepsPasid(method, mCode)) {
            expectSameState(after.model, before.model, `model guest ${method} threw ${mCode} and changed the state`);
            expectSameState(after.impl, before.impl, `impl guest ${method} threw ${iCode} and changed the state`);
          }
          const [implState, modelState] = [normalizeSnapshot(after.impl), normalizeSnapshot(after.model)];
          expectSameState(implState, modelState, `guest ${method}: impl and model states differ`);
          before = after;
        }
      }),
      { numRuns: 100 },
    );
  });

  const configs: fc.Arbitrary<unknown> = fc.oneof(
    HOSTILE,
    fc.constantFrom<unknown>(
      undefined,
      smallConfig,
      new Make('devices [ , a]', () => ({ devices: [, { name: 'a' }] })),
      new Make('devices [a, , ]', () => ({ devices: [{ name: 'a' }, ,] })),
      new Make('getter pageSize', () => withThrowingGetter({ pageSize: 64 }, 'pageSize')),
      new Make('getter devices[0]', () => ({ devices: withThrowingGetter([{ name: 'a' }], 0) })),
      new Make('proxy device', () => ({ devices: [throwingProxy({ name: 'a' })] })),
      new Make('transparent proxy config', () => transparentProxy({ pageSize: 64, devices: [{ name: 'a' }] })),
    ),
    fc.record(
      {
        pageSize: fc.oneof(fc.constant(64), HOSTILE),
        devices: fc.oneof(
          fc.constant<unknown>([{ name: 'a' }]),
          fc.array(fc.oneof(HOSTILE, fc.constant<unknown>({ name: 'b' })), { maxLength: 3 }),
        ),
      },
      { requiredKeys: [] },
    ),
  );

  /** How a factory call ended: the resolved config, or the error. */
  const outcome = (make: () => SvaSystem): Ended => {
    try {
      return { returned: make().config };
    } catch (e) {
      return { threw: e };
    }
  };

  it('the factories take any config: an equal resolved config, or EINVAL from both', () => {
    fc.assert(
      fc.property(configs, (cfg) => {
        const m = outcome(() => createModel(made([cfg])[0] as SvaConfig));
        const i = outcome(() => createSystem(made([cfg])[0] as SvaConfig));
        const [mCode, iCode] = [errnoOf(m, 'createModel'), errnoOf(i, 'createSystem')];
        if (mCode !== undefined) expect(mCode).toBe('EINVAL');
        expect(iCode).toBe(mCode);
        if ('returned' in m && 'returned' in i) expect(i.returned).toEqual(m.returned);
      }),
      { numRuns: 300 },
    );
  });

  it('the factories take any options (each its own kind): a system, or EINVAL', () => {
    const options: fc.Arbitrary<unknown> = fc.oneof(
      HOSTILE,
      fc.constantFrom<unknown>(undefined, {}, { components: {} }, { observer: () => undefined }, { components: 1 }),
      fc.constant(new Make('components getter', () => ({ components: withThrowingGetter({}, 'queueRings') }))),
      fc.constant(new Make('observer getter', () => withThrowingGetter({}, 'observer'))),
    );
    fc.assert(
      fc.property(options, (opts) => {
        type ModelOptions = Parameters<typeof createModel>[1];
        type ImplOptions = Parameters<typeof createSystem>[1];
        const m = outcome(() => createModel(smallConfig, made([opts])[0] as ModelOptions));
        const i = outcome(() => createSystem(smallConfig, made([opts])[0] as ImplOptions));
        for (const code of [errnoOf(m, 'createModel'), errnoOf(i, 'createSystem')]) {
          if (code !== undefined) expect(code).toBe('EINVAL');
        }
      }),
      { numRuns: 200 },
    );
  });
});
