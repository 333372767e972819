// SPEC §6 descriptors and the engine: well-formedness (§S-9), len 0, len > maxLen, CRC-32, chunking
// across page boundaries, copy as memmove, fill, round robin between queues, quiesce.

import { describe, expect, it } from 'vitest';
import { ascii, pattern } from '../../support/bytes.ts';
import { crc32Of } from '../../support/crc32.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { deviceOf, queueOf } from '../../support/observe.ts';
import { DATA, PAGE, recvAll, setupQueue, smallConfig } from '../../support/setup.ts';
import type { Descriptor } from 'warpdrive-sva/interface';

/** Descriptors §S-9 calls malformed. */
const MALFORMED: ReadonlyArray<[string, unknown]> = [
  ['unknown op', { op: 'move', src: DATA, dst: DATA, len: 1, tag: 1 }],
  ['missing tag', { op: 'fill', dst: DATA, len: 1, value: 1 }],
  ['extra field', { op: 'crc32', src: DATA, len: 1, tag: 1, dst: DATA }],
  ['fill with a src', { op: 'fill', src: DATA, dst: DATA, len: 1, value: 1, tag: 1 }],
  ['negative len', { op: 'copy', src: DATA, dst: DATA, len: -1, tag: 1 }],
  ['fractional src', { op: 'copy', src: DATA + 0.5, dst: DATA, len: 1, tag: 1 }],
  ['negative dst', { op: 'fill', dst: -1, len: 1, value: 1, tag: 1 }],
  ['len not a safe integer', { op: 'crc32', src: DATA, len: 2 ** 53, tag: 1 }],
  ['src a string', { op: 'crc32', src: String(DATA), len: 1, tag: 1 }],
  ['value 256', { op: 'fill', dst: DATA, len: 1, value: 256, tag: 1 }],
  ['value -1', { op: 'fill', dst: DATA, len: 1, value: -1, tag: 1 }],
  ['tag 2^32', { op: 'fill', dst: DATA, len: 1, value: 1, tag: 2 ** 32 }],
  ['tag negative', { op: 'fill', dst: DATA, len: 1, value: 1, tag: -1 }],
  ['tag fractional', { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1.5 }],
  ['null', null],
  ['an array', [DATA, DATA, 1]],
];

describe.each(factories)('descriptors and the engine — $name', ({ create }) => {
  describe('well-formedness (§S-9)', () => {
    it.each(MALFORMED)('EINVAL: %s, and nothing of the batch is queued', (_what, bad) => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      const good: Descriptor = { op: 'fill', dst: DATA, len: 1, value: 1, tag: 7 };
      expectErrnoUnchanged(sys, () => sys.send(pid, fd, [good, bad as Descriptor]), 'EINVAL');
      expect(sys.queueInfo(pid, fd).outstanding).toBe(0);
    });

    it('the extremes are well-formed: tag 2^32 − 1, value 0 and 255, addresses never checked at send', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      expect(
        sys.send(pid, fd, [
          { op: 'fill', dst: DATA, len: 1, value: 255, tag: 2 ** 32 - 1 },
          { op: 'fill', dst: DATA + 1, len: 1, value: 0, tag: 0 },
          { op: 'copy', src: Number.MAX_SAFE_INTEGER, dst: 0, len: 0, tag: 2 },
        ]),
      ).toBe(3);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 2 ** 32 - 1, status: 'ok', done: 1 },
        { tag: 0, status: 'ok', done: 1 },
        { tag: 2, status: 'ok', done: 0 },
      ]);
    });
  });

  describe('lengths', () => {
    it('len 0 completes ok at once without translation (crc32 result 0)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [
        { op: 'copy', src: 0, dst: 0, len: 0, tag: 1 },
        { op: 'crc32', src: 0, len: 0, tag: 2 },
      ]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.deviceStep('acc')).toBe(false);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 1, status: 'ok', done: 0 },
        { tag: 2, status: 'ok', done: 0, result: 0 },
      ]);
    });

    it('len > maxLen completes invalid with done 0 and no DMA; len = maxLen is served', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [
        { op: 'fill', dst: DATA, len: 4097, value: 1, tag: 1 },
        { op: 'fill', dst: 0x80000, len: 4097, value: 1, tag: 2 },
        { op: 'fill', dst: DATA, len: 4096, value: 3, tag: 3 },
      ]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'invalid', done: 0 }]);
      sys.quiesce();
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 2, status: 'invalid', done: 0 },
        { tag: 3, status: 'ok', done: 4096 },
      ]);
      expect(sys.read(pid, DATA, 4096)).toEqual(new Uint8Array(4096).fill(3));
    });

    it('completion keys: result only for an ok crc32, faultAddr only for a fault', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [
        { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 },
        { op: 'crc32', src: DATA, len: 1, tag: 2 },
        { op: 'fill', dst: 0x80000, len: 1, value: 1, tag: 3 },
      ]);
      sys.quiesce();
      const [a, b, c] = recvAll(sys, pid, fd);
      expect(Object.keys(a).sort()).toEqual(['done', 'status', 'tag']);
      expect(Object.keys(b).sort()).toEqual(['done', 'result', 'status', 'tag']);
      expect(Object.keys(c).sort()).toEqual(['done', 'faultAddr', 'status', 'tag']);
    });
  });

  describe('operations', () => {
    it('crc32("123456789") = 0xCBF43926', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, ascii('123456789'));
      sys.send(pid, fd, [{ op: 'crc32', src: DATA, len: 9, tag: 9 }]);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 9, status: 'ok', done: 9, result: 0xcbf43926 }]);
    });

    it('crc32 across pages, including never-touched ones (zeros), equals the CRC of the bytes', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA + 100, pattern(500));
      const expected = new Uint8Array(3 * PAGE);
      expected.set(pattern(500), 100);
      sys.send(pid, fd, [{ op: 'crc32', src: DATA, len: 3 * PAGE, tag: 1 }]);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 3 * PAGE, result: crc32Of(expected) }]);
    });

    it('fill writes value to every byte and nothing else', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + 250, len: 10, value: 0xab, tag: 1 }]);
      sys.quiesce();
      const expected = new Uint8Array(14);
      expected.fill(0xab, 2, 12);
      expect(sys.read(pid, DATA + 248, 14)).toEqual(expected);
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 10 }]);
    });

    it('copy within one page is a memmove (overlap forwards and backwards)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, ascii('abcdefghij'));
      sys.write(pid, DATA + PAGE, ascii('abcdefghij'));
      sys.send(pid, fd, [
        { op: 'copy', src: DATA, dst: DATA + 2, len: 8, tag: 1 },
        { op: 'copy', src: DATA + PAGE + 2, dst: DATA + PAGE, len: 8, tag: 2 },
      ]);
      sys.quiesce();
      expect(new TextDecoder().decode(sys.read(pid, DATA, 10))).toBe('ababcdefgh');
      expect(new TextDecoder().decode(sys.read(pid, DATA + PAGE, 10))).toBe('cdefghijij');
    });

    it("a copy between two different processes' views never mixes mms: each queue uses its own", () => {
      const sys = create(smallConfig);
      const a = setupQueue(sys);
      const b = setupQueue(sys);
      sys.write(a.pid, DATA, ascii('from a'));
      sys.write(b.pid, DATA, ascii('from b'));
      sys.send(a.pid, a.fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 6, tag: 1 }]);
      sys.send(b.pid, b.fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 6, tag: 1 }]);
      sys.quiesce();
      expect(new TextDecoder().decode(sys.read(a.pid, DATA + PAGE, 6))).toBe('from a');
      expect(new TextDecoder().decode(sys.read(b.pid, DATA + PAGE, 6))).toBe('from b');
    });
  });

  describe('chunking', () => {
    it('a chunk crosses no page boundary of its source or its destination', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(4 * PAGE));
      sys.write(pid, DATA + 4 * PAGE, new Uint8Array(4 * PAGE));
      const src = DATA + 100;
      const dst = DATA + 4 * PAGE + 200;
      sys.send(pid, fd, [{ op: 'copy', src, dst, len: 300, tag: 1 }]);
      // chunks: min(300, 156 to src's page end, 56 to dst's) = 56, then 100 (src boundary), then 144
      const progress: number[] = [];
      for (let i = 0; i < 2; i++) {
        expect(sys.deviceStep('acc')).toBe(true);
        progress.push(queueOf(sys, pid, fd).pending[0].done);
      }
      expect(progress).toEqual([56, 156]);
      expect(sys.poll(pid, fd)).toBe(false);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(sys.recv(pid, fd)).toEqual([{ tag: 1, status: 'ok', done: 300 }]);
      expect(sys.deviceStep('acc')).toBe(false);
      expect(sys.read(pid, dst, 300)).toEqual(pattern(4 * PAGE).subarray(100, 400));
    });

    it('fill chunks by its destination only; crc32 by its source only; the running CRC is kept', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.write(pid, DATA, pattern(2 * PAGE));
      sys.send(pid, fd, [
        { op: 'fill', dst: DATA + PAGE - 10, len: 20, value: 5, tag: 1 },
        { op: 'crc32', src: DATA + 16, len: PAGE, tag: 2 },
      ]);
      sys.deviceStep('acc');
      expect(queueOf(sys, pid, fd).pending[0].done).toBe(10);
      sys.deviceStep('acc');
      const bytes = sys.read(pid, DATA + 16, PAGE);
      sys.deviceStep('acc');
      const head = queueOf(sys, pid, fd).pending[0];
      expect(head.done).toBe(PAGE - 16);
      expect(head.crc).toBe(crc32Of(bytes.subarray(0, PAGE - 16)));
      sys.deviceStep('acc');
      expect(recvAll(sys, pid, fd)).toEqual([
        { tag: 1, status: 'ok', done: 20 },
        { tag: 2, status: 'ok', done: PAGE, result: crc32Of(bytes) },
      ]);
    });

    it('a fault mid-descriptor keeps the bytes already done (done counts them)', () => {
      const sys = create(smallConfig);
      const { pid, fd } = setupQueue(sys);
      sys.munmap(pid, DATA + 2 * PAGE, PAGE);
      sys.send(pid, fd, [{ op: 'fill', dst: DATA + PAGE + 16, len: PAGE, value: 8, tag: 4 }]);
      sys.quiesce();
      expect(sys.recv(pid, fd)).toEqual([{ tag: 4, status: 'fault', done: PAGE - 16, faultAddr: DATA + 2 * PAGE }]);
      expect(sys.read(pid, DATA + PAGE + 16, PAGE - 16)).toEqual(new Uint8Array(PAGE - 16).fill(8));
    });
  });

  describe('deviceStep and round robin', () => {
    it('serves queues in hardware-queue order after the last served, one chunk each', () => {
      const sys = create(smallConfig);
      const q0 = setupQueue(sys);
      const q1 = setupQueue(sys, { pid: q0.pid });
      const q2 = setupQueue(sys, { pid: q0.pid });
      sys.write(q0.pid, DATA, new Uint8Array(6 * PAGE));
      for (const [i, q] of [q0, q1, q2].entries()) {
        sys.send(q.pid, q.fd, [{ op: 'fill', dst: DATA + 2 * i * PAGE, len: 2 * PAGE, value: i + 1, tag: i }]);
      }
      const served: number[] = [];
      const done = (): number[] => [q0, q1, q2].map((q) => queueOf(sys, q.pid, q.fd).pending[0]?.done ?? -1);
      expect(deviceOf(sys, 'acc').lastServed).toBe(-1);
      for (let i = 0; i < 4; i++) {
        expect(sys.deviceStep('acc')).toBe(true);
        served.push(deviceOf(sys, 'acc').lastServed);
      }
      expect(served).toEqual([0, 1, 2, 0]);
      expect(done()).toEqual([-1, PAGE, PAGE]);
      expect(sys.recv(q0.pid, q0.fd)).toEqual([{ tag: 0, status: 'ok', done: 2 * PAGE }]);
    });

    it('skips queues that are in init, idle, or waiting on a PRG', () => {
      const sys = create(smallConfig);
      const q0 = setupQueue(sys);
      const q1 = setupQueue(sys, { pid: q0.pid, start: false });
      const q2 = setupQueue(sys, { pid: q0.pid });
      sys.send(q1.pid, q1.fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }]);
      sys.send(q2.pid, q2.fd, [{ op: 'fill', dst: DATA + 3 * PAGE, len: 1, value: 1, tag: 2 }]);
      expect(sys.deviceStep('acc')).toBe(true);
      expect(deviceOf(sys, 'acc').lastServed).toBe(2);
      expect(queueOf(sys, q2.pid, q2.fd).waitingPrg).toBe(0);
      expect(sys.deviceStep('acc')).toBe(false);
      expect(deviceOf(sys, 'acc').lastServed).toBe(2);
    });

    it('returns false with nothing to do; ENODEV for an unknown device', () => {
      const sys = create(smallConfig);
      expect(sys.deviceStep('acc')).toBe(false);
      expectErrno(() => sys.deviceStep('nope'), 'ENODEV');
    });
  });

  describe('quiesce', () => {
    it('on an idle system takes exactly one round', () => {
      const sys = create(smallConfig);
      setupQueue(sys);
      expect(sys.quiesce()).toBe(1);
    });

    it('completes every descriptor of every started queue on every device, and leaves no request', () => {
      const sys = create(smallConfig);
      const a = setupQueue(sys);
      const b = setupQueue(sys, { device: 'acc2' });
      const c = setupQueue(sys, { pid: a.pid, device: 'acc2' });
      sys.write(a.pid, DATA, pattern(4 * PAGE));
      sys.send(a.pid, a.fd, [
        { op: 'copy', src: DATA, dst: DATA + 6 * PAGE, len: 4 * PAGE, tag: 1 },
        { op: 'crc32', src: DATA + 6 * PAGE, len: 4 * PAGE, tag: 2 },
      ]);
      sys.send(b.pid, b.fd, [{ op: 'fill', dst: DATA + 8 * PAGE, len: 3 * PAGE, value: 6, tag: 3 }]);
      sys.send(c.pid, c.fd, [{ op: 'fill', dst: DATA + 12 * PAGE, len: 2 * PAGE, value: 7, tag: 4 }]);
      expect(sys.quiesce()).toBeGreaterThan(1);
      expect(sys.snapshot().pageRequests).toEqual([]);
      expect(sys.snapshot().queues.every((q) => q.pending.length === 0)).toBe(true);
      expect(recvAll(sys, a.pid, a.fd)).toEqual([
        { tag: 1, status: 'ok', done: 4 * PAGE },
        { tag: 2, status: 'ok', done: 4 * PAGE, result: crc32Of(pattern(4 * PAGE)) },
      ]);
      expect(recvAll(sys, b.pid, b.fd)).toEqual([{ tag: 3, status: 'ok', done: 3 * PAGE }]);
      expect(recvAll(sys, c.pid, c.fd)).toEqual([{ tag: 4, status: 'ok', done: 2 * PAGE }]);
      expect(sys.read(b.pid, DATA + 8 * PAGE, 3 * PAGE)).toEqual(new Uint8Array(3 * PAGE).fill(6));
      expect(sys.read(a.pid, DATA + 12 * PAGE, 2 * PAGE)).toEqual(new Uint8Array(2 * PAGE).fill(7));
    });
  });
});

// §S-9 well-formedness for descriptors built in unusual ways: a descriptor is a plain object (own
// prototype Object.prototype or null) whose own enumerable keys are exactly its op's fields. A field
// defined non-enumerable does not count as one of them, so it cannot make room for a key of another
// op or an unknown key; an unknown op stays malformed however its fields are defined.

/** `fields` as own enumerable properties, plus `hidden` as own non-enumerable ones. */
function withHidden(fields: Record<string, unknown>, hidden: Record<string, unknown>): unknown {
  const d: Record<string, unknown> = { ...fields };
  for (const [key, value] of Object.entries(hidden)) Object.defineProperty(d, key, { value, enumerable: false });
  return d;
}

/** Unusual objects §S-9 calls malformed. */
const MALFORMED_UNUSUAL: ReadonlyArray<[string, unknown]> = [
  ['undefined', undefined],
  [
    'a function with a null prototype and the fields of a fill',
    Object.setPrototypeOf(
      Object.assign(() => 0, { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }),
      null,
    ),
  ],
  [
    'an object whose prototype is another object',
    Object.assign(Object.create({}), { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }),
  ],
  ['a class instance', Object.assign(new (class Desc {})(), { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 })],
  [
    'an unknown op with every field non-enumerable',
    withHidden({}, { op: 'move', src: DATA, dst: DATA, len: 1, tag: 1 }),
  ],
  [
    'an unknown op with four enumerable fields and a hidden tag',
    withHidden({ op: 'move', src: DATA, dst: DATA, len: 1 }, { tag: 1 }),
  ],
  [
    'a fill with a src instead of an enumerable tag',
    withHidden({ op: 'fill', dst: DATA, len: 1, value: 1, src: DATA }, { tag: 1 }),
  ],
  [
    'a crc32 with a dst instead of an enumerable tag',
    withHidden({ op: 'crc32', src: DATA, len: 1, dst: DATA }, { tag: 1 }),
  ],
  [
    'a copy with a value instead of an enumerable tag',
    withHidden({ op: 'copy', src: DATA, dst: DATA, len: 1, value: 1 }, { tag: 1 }),
  ],
  [
    'a copy with an unknown key instead of an enumerable tag',
    withHidden({ op: 'copy', src: DATA, dst: DATA, len: 1, extra: 1 }, { tag: 1 }),
  ],
  ['a copy whose tag is not enumerable', withHidden({ op: 'copy', src: DATA, dst: DATA, len: 1 }, { tag: 1 })],
];

describe.each(factories)('descriptor well-formedness, unusual objects — $name', ({ create }) => {
  it.each(MALFORMED_UNUSUAL)('EINVAL: %s', (_what, bad) => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    expectErrnoUnchanged(sys, () => sys.send(pid, fd, [bad as Descriptor]), 'EINVAL');
    expect(sys.queueInfo(pid, fd).outstanding).toBe(0);
  });

  it('a descriptor with a null prototype and exactly its fields is well-formed', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    const d = Object.assign(Object.create(null) as object, { op: 'crc32', src: DATA, len: 0, tag: 4 });
    expect(sys.send(pid, fd, [d as Descriptor])).toBe(1);
  });
});
