// The impl's descriptor check (impl/checks.ts) agrees with the model's on objects
// the scenarios cannot build without touching global state: an enumerable key inherited from a
// polluted Object.prototype is not one of the descriptor's own fields, so it neither counts nor
// makes a well-formed descriptor malformed.

import { afterEach, describe, expect, it } from 'vitest';
import { isWellFormedDescriptor } from '../../impl/checks.ts';
import { isWellFormedDescriptor as modelCheck } from '../../model/device/descriptors.ts';

const polluted = Object.prototype as Record<string, unknown>;

afterEach(() => {
  delete polluted.extra;
  delete polluted.tag;
});

describe('descriptor check with a polluted Object.prototype', () => {
  it('an inherited enumerable key is not counted: a well-formed descriptor stays well-formed', () => {
    Object.defineProperty(polluted, 'extra', { value: 1, enumerable: true, configurable: true, writable: true });
    const d = { op: 'fill', dst: 0x1000, len: 1, value: 1, tag: 1 };
    expect([isWellFormedDescriptor(d), modelCheck(d)]).toEqual([true, true]);
  });

  it('an inherited field does not stand in for a missing own one', () => {
    Object.defineProperty(polluted, 'tag', { value: 1, enumerable: true, configurable: true, writable: true });
    const d = { op: 'fill', dst: 0x1000, len: 1, value: 1 };
    expect([isWellFormedDescriptor(d), modelCheck(d)]).toEqual([false, false]);
  });
});
