// §S-9 well-formedness for descriptors built in unusual ways: a descriptor is a plain object (own
// prototype Object.prototype or null) whose own enumerable keys are exactly its op's fields. A field
// defined non-enumerable does not count as one of them, so it cannot make room for a key of another
// op or an unknown key; an unknown op stays malformed however its fields are defined.

import { describe, expect, it } from 'vitest';
import type { Descriptor } from 'warpdrive-sva/interface';
import { factories } from '../support/factories.ts';
import { expectErrnoUnchanged } from '../support/errno.ts';
import { DATA, setupQueue, smallConfig } from '../support/setup.ts';

/** `fields` as own enumerable properties, plus `hidden` as own non-enumerable ones. */
function withHidden(fields: Record<string, unknown>, hidden: Record<string, unknown>): unknown {
  const d: Record<string, unknown> = { ...fields };
  for (const [key, value] of Object.entries(hidden)) Object.defineProperty(d, key, { value, enumerable: false });
  return d;
}

/** Descriptors the checks above call malformed. */
const MALFORMED: ReadonlyArray<[string, unknown]> = [
  ['undefined', undefined],
  ['a function with a null prototype and the fields of a fill', Object.setPrototypeOf(
    Object.assign(() => 0, { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }), null)],
  ['an object whose prototype is another object', Object.assign(Object.create({}), { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 })],
  ['a class instance', Object.assign(new (class Desc {})(), { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 })],
  ['an unknown op with every field non-enumerable', withHidden({}, { op: 'move', src: DATA, dst: DATA, len: 1, tag: 1 })],
  ['an unknown op with four enumerable fields and a hidden tag', withHidden({ op: 'move', src: DATA, dst: DATA, len: 1 }, { tag: 1 })],
  ['a fill with a src instead of an enumerable tag', withHidden({ op: 'fill', dst: DATA, len: 1, value: 1, src: DATA }, { tag: 1 })],
  ['a crc32 with a dst instead of an enumerable tag', withHidden({ op: 'crc32', src: DATA, len: 1, dst: DATA }, { tag: 1 })],
  ['a copy with a value instead of an enumerable tag', withHidden({ op: 'copy', src: DATA, dst: DATA, len: 1, value: 1 }, { tag: 1 })],
  ['a copy with an unknown key instead of an enumerable tag', withHidden({ op: 'copy', src: DATA, dst: DATA, len: 1, extra: 1 }, { tag: 1 })],
  ['a copy whose tag is not enumerable', withHidden({ op: 'copy', src: DATA, dst: DATA, len: 1 }, { tag: 1 })],
];

describe.each(factories)('descriptor well-formedness, unusual objects — $name', ({ create }) => {
  it.each(MALFORMED)('EINVAL: %s', (_what, bad) => {
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
