// Bad input found by a fuzz of every public method (issue 10, SPEC §3, §S-1 "caller objects",
// "messages", "size limits", "unbound methods", §S-9 send order, §S-11 snapshot options): each is
// the errno SEMANTICS names, the same on the model and the impl, with the state unchanged, and no
// caller code (getter, trap, conversion) is run by a check or an error message.

import { beforeEach, describe, expect, it } from 'vitest';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import {
  calls,
  fakeLongArray,
  fillAt,
  revokedProxy,
  throwingConversions,
  throwingProxy,
  transparentProxy,
  trappedBytes,
  withThrowingGetter,
} from '../../support/hostile.ts';
import { DATA, PAGE, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';
import { WarpDriveSystem, createSystem } from 'warpdrive-sva';
import { CALL_LIMITS, type Descriptor, type SnapshotOptions, type SvaConfig } from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';

const as = <T>(x: unknown): T => x as T;

beforeEach(() => {
  calls.count = 0;
  calls.traps = 0;
});

describe.each(factories)('bad input — $name', ({ name, create }) => {
  describe('send: holes, huge and fake arrays (§S-9)', () => {
    it('an array with a hole is malformed: EINVAL and nothing queued (not d queued, then a TypeError)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const d = fillAt(DATA);

      for (const list of [[d, , d], [, d], [d, ,], new Array(3), [,]]) {
        expectErrnoUnchanged(sys, () => sys.send(pid, fd, as<Descriptor[]>(list)), 'EINVAL');
      }
    });

    it('new Array(2**32 - 1) and new Array(1e6) are EINVAL at once (longer than any ring, and holes)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, new Array(2 ** 32 - 1)), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, new Array(1e6)), 'EINVAL');
    });

    it('a list longer than maxSendDescriptors is EINVAL without reading an entry, even all well-formed', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, fakeLongArray(2 ** 32 - 1, fillAt(DATA))), 'EINVAL');
      const tooLong = fakeLongArray(CALL_LIMITS.maxSendDescriptors + 1, fillAt(DATA));
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, tooLong), 'EINVAL');
    });

    it('a list of exactly maxSendDescriptors well-formed entries is checked in full: EBUSY (more than the ring)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const longest = fakeLongArray(CALL_LIMITS.maxSendDescriptors, fillAt(DATA));
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, longest), 'EBUSY');
    });

    it('a malformed entry past the free slots is still EINVAL (S-9 order: EINVAL before EBUSY)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const list: unknown[] = Array.from({ length: 20 }, (_, tag) => fillAt(DATA, tag));
      list[19] = { op: 'fill' };
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, as<Descriptor[]>(list)), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, as<Descriptor[]>(list.slice(0, 19))), 'EBUSY');
    });

    it('getters, throwing proxies and revoked proxies (as the list or as an entry) are EINVAL; no getter runs', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const d = fillAt(DATA);
      const bad: unknown[] = [
        withThrowingGetter([d], 0),
        [withThrowingGetter(d, 'len')],
        [withThrowingGetter(d, 'op')],
        throwingProxy([d]),
        revokedProxy([d]),
        [throwingProxy({ ...d })],
        [revokedProxy({ ...d })],
        [throwingConversions()],
      ];
      for (const list of bad) expectErrnoUnchanged(sys, () => sys.send(pid, fd, as<Descriptor[]>(list)), 'EINVAL');
      expect(calls.count).toBe(0); // no getter or conversion ran (a Proxy's traps run, and are caught)
    });

    it('a getter that would answer differently later cannot change what is queued: the fields are read once', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const target = { ...fillAt(DATA) };
      expect(sys.send(pid, fd, [transparentProxy(target)])).toBe(1);
      target.len = -5; // after send: the queue holds its own copy
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 1 }]);
    });
  });

  describe('arguments that break naive error messages (§S-1 "messages")', () => {
    it('a Symbol as address or length is EINVAL for mmap, munmap, mprotect, read, reclaim, migrate, write', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      const s = as<number>(Symbol('x'));
      for (const call of [
        () => sys.mmap(pid, s, PAGE, 'rw'),
        () => sys.mmap(pid, DATA + PAGE, s, 'rw'),
        () => sys.munmap(pid, s, PAGE),
        () => sys.munmap(pid, DATA, s),
        () => sys.mprotect(pid, s, PAGE, 'r'),
        () => sys.mprotect(pid, DATA, s, 'r'),
        () => sys.read(pid, s, 1),
        () => sys.read(pid, DATA, s),
        () => sys.reclaim(pid, s),
        () => sys.migrate(pid, s),
        () => sys.write(pid, s, new Uint8Array(1)),
      ])
        expectErrnoUnchanged(sys, call, 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.read(s, DATA, 1), 'ESRCH');
      expectErrnoUnchanged(sys, () => sys.close(pid, s), 'EBADF');
      expectErrnoUnchanged(sys, () => sys.deviceStep(as<string>(s)), 'ENODEV');
    });

    it("a BigInt prot, region, max or name is the row's errno (EINVAL, ENODEV), never a TypeError", () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const big = as<never>(10n);
      expectErrnoUnchanged(sys, () => sys.mmap(pid, DATA + 16 * PAGE, PAGE, big), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mprotect(pid, DATA, PAGE, big), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.mapRegion(pid, fd, big), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.recv(pid, fd, big), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.handleFaults(big), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.open(pid, big), 'ENODEV');
      expectErrnoUnchanged(sys, () => sys.read(big, DATA, 1), 'ESRCH');
    });

    it('objects whose toString/valueOf throw, and throwing proxies, are formatted without running them', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      for (const v of [throwingConversions(), throwingProxy({}), revokedProxy({})]) {
        const x = as<never>(v);
        expectErrnoUnchanged(sys, () => sys.mmap(pid, x, PAGE, 'rw'), 'EINVAL');
        expectErrnoUnchanged(sys, () => sys.mmap(pid, DATA + 16 * PAGE, PAGE, x), 'EINVAL');
        expectErrnoUnchanged(sys, () => sys.read(x, DATA, 1), 'ESRCH');
        expectErrnoUnchanged(sys, () => sys.startQueue(pid, x), 'EBADF');
        expectErrnoUnchanged(sys, () => sys.deviceInfo(x), 'ENODEV');
        expectErrnoUnchanged(sys, () => sys.unmapRegion(pid, fd, x), 'EINVAL');
        expectErrnoUnchanged(sys, () => sys.readEvents('evt', x), 'EINVAL');
      }
      expect(calls.count).toBe(0);
    });
  });

  describe('odd objects (§S-1 "caller objects", §S-11)', () => {
    it('snapshot(null), a non-boolean contents or a getter is EINVAL; { contents } still works', () => {
      const sys = create(smallConfig);
      const bad: unknown[] = [
        null,
        1,
        'contents',
        { contents: 1 },
        { content: true },
        withThrowingGetter({ contents: true }, 'contents'),
        throwingProxy({}),
        revokedProxy({}),
        [true],
      ];
      for (const options of bad) expectErrno(() => sys.snapshot(as<SnapshotOptions>(options)), 'EINVAL');
      expect(calls.count).toBe(0);
      expect(sys.snapshot({ contents: true })).toEqual(sys.snapshot(transparentProxy({ contents: true })));
      expect(sys.snapshot({})).toEqual(sys.snapshot());
    });

    it('write of a Proxied Uint8Array or another typed array is EINVAL; a Buffer or a lying Uint8Array works', () => {
      const sys = create(smallConfig);
      const pid = sys.spawn();
      sys.mmap(pid, DATA, PAGE, 'rw');
      const notBytes = [
        new Proxy(new Uint8Array(2), {}),
        new Int8Array(2),
        new Uint8ClampedArray(2),
        new DataView(new ArrayBuffer(2)),
        [1, 2],
      ];
      for (const bytes of notBytes) {
        expectErrnoUnchanged(sys, () => sys.write(pid, DATA, as<Uint8Array>(bytes)), 'EINVAL');
      }
      sys.write(pid, DATA, trappedBytes(Uint8Array.of(1, 2, 3)));
      sys.write(pid, DATA + 3, Buffer.from([4]));
      expect(calls.count).toBe(0);
      expect(sys.read(pid, DATA, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    });
  });

  describe('size limits (§S-1)', () => {
    it('read of 2^40 bytes of a 2^40 mapping is EINVAL (longer than CALL_LIMITS.maxIoBytes), not a RangeError', () => {
      const sys = create(smallWith({ vaBits: 48 }));
      const pid = sys.spawn();
      sys.mmap(pid, 2 ** 40, 2 ** 40, 'r');
      expectErrnoUnchanged(sys, () => sys.read(pid, 2 ** 40, 2 ** 40), 'EINVAL');
      expectErrnoUnchanged(sys, () => sys.read(pid, 2 ** 40, CALL_LIMITS.maxIoBytes + 1), 'EINVAL');
      expect(sys.read(pid, 2 ** 40, PAGE)).toEqual(new Uint8Array(PAGE));
    });
  });

  describe('unbound methods (§S-1)', () => {
    it('every method works without its object, as on the object', () => {
      const sys = create(smallConfig);
      const { spawn, mmap, write, read, open, mapRegion, startQueue, send, quiesce, recv, snapshot, processes } = sys;
      const pid = spawn();
      mmap(pid, DATA, PAGE, 'rw');
      write(pid, DATA, Uint8Array.of(9));
      const fd = open(pid, 'acc');
      mapRegion(pid, fd, 'mmio');
      mapRegion(pid, fd, 'dus');
      startQueue(pid, fd);
      expect(send(pid, fd, [fillAt(DATA + 1)])).toBe(1);
      quiesce();
      expect(recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 1 }]);
      expect(read(pid, DATA, 2)).toEqual(Uint8Array.of(9, 0x5a));
      expect(processes()).toEqual([pid]);
      expect(snapshot()).toEqual(sys.snapshot());
      const { deviceInfo } = sys;
      expectErrno(() => deviceInfo('nope'), 'ENODEV');
    });
  });

  describe(`the factory (${name}) validates its config and options without running caller code`, () => {
    const bad: Array<[string, () => unknown]> = [
      ['a hole in devices', () => ({ devices: [, { name: 'a' }] })],
      ['a trailing hole', () => ({ devices: [{ name: 'a' }, ,] })],
      ['a getter field', () => withThrowingGetter({ pageSize: 64 }, 'pageSize')],
      ['a getter device', () => ({ devices: withThrowingGetter([{ name: 'a' }], 0) })],
      ['a getter device field', () => ({ devices: [withThrowingGetter({ name: 'a' }, 'name')] })],
      ['a throwing proxy', () => throwingProxy({})],
      ['a throwing proxy device', () => ({ devices: [throwingProxy({ name: 'a' })] })],
      ['a revoked proxy device list', () => ({ devices: revokedProxy([{ name: 'a' }]) })],
      ['null', () => null],
      ['an array', () => []],
      [
        'a class instance',
        () =>
          new (class C {
            pageSize = 64;
          })(),
      ],
      ['a symbol field value', () => ({ pageSize: Symbol('p') })],
      ['a bigint field value', () => ({ frames: 16n })],
      ['an object with throwing conversions as a field', () => ({ frames: throwingConversions() })],
      ['a fake huge device list', () => ({ devices: fakeLongArray(2 ** 32 - 1, { name: 'a' }) })],
    ];
    it.each(bad)('%s → EINVAL', (_what, config) => {
      expectErrno(() => create(as<SvaConfig>(config())), 'EINVAL');
      expect(calls.count).toBe(0);
    });

    it('a frozen config and a transparent Proxy of one are accepted', () => {
      const frozen = Object.freeze({ pageSize: 64, devices: Object.freeze([Object.freeze({ name: 'a' })]) });
      expect(create(transparentProxy(frozen)).config).toEqual(create(frozen).config);
    });
  });
});

describe('factory options (each factory its own kind)', () => {
  const bad: unknown[] = [null, 1, 'x', [], throwingProxy({}), withThrowingGetter({}, 'components'), { unknown: 1 }];
  it.each(bad.map((o, i) => [i, o]))('createSystem(undefined, bad options #%i) → EINVAL', (_i, options) => {
    expectErrno(() => createSystem(undefined, as<never>(options)), 'EINVAL');
    expectErrno(() => createSystem(undefined, as<never>({ components: options ?? 1 })), 'EINVAL');
    expectErrno(() => createSystem(undefined, { components: as<never>({ queueRings: 1 }) }), 'EINVAL');
  });
  it.each(bad.map((o, i) => [i, o]))('createModel(undefined, bad options #%i) → EINVAL', (_i, options) => {
    expectErrno(() => createModel(undefined, as<never>(options)), 'EINVAL');
    expectErrno(() => createModel(undefined, { observer: as<never>(options ?? 1) }), 'EINVAL');
  });
  it('createSystem(undefined, null) is EINVAL, and undefined options are the defaults', () => {
    expectErrno(() => createSystem(undefined, as<never>(null)), 'EINVAL');
    expect(createSystem(undefined, undefined).config).toEqual(createModel(undefined, undefined).config);
  });
  it('the impl binds a subclass override (a seeded-bug variant stays in effect when called unbound)', () => {
    class Variant extends WarpDriveSystem {
      override processes(): number[] {
        return [42];
      }
    }
    const { processes } = new Variant(smallConfig);
    expect(processes()).toEqual([42]);
  });
});
