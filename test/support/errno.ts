// Assertions about failing operations: the errno thrown (SPEC §3) and "an operation that throws
// changes nothing" (compared on the full abstract state, page contents included).

import { expect } from 'vitest';
import { WarpDriveError, type Errno, type SvaSystem } from 'warpdrive-sva/interface';

/** Asserts that `fn` throws a `WarpDriveError` whose `code` is `code`. */
export function expectErrno(fn: () => unknown, code: Errno): void {
  let thrown: unknown = undefined;
  let returned: unknown = undefined;
  try {
    returned = fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected ${code}, but the call returned ${String(returned)}`).toBeInstanceOf(WarpDriveError);
  expect((thrown as WarpDriveError).code, String(thrown)).toBe(code);
}

/**
 * Asserts that `fn` throws `code` and leaves the whole abstract state of `sys` (contents included)
 * exactly as it was.
 */
export function expectErrnoUnchanged(sys: SvaSystem, fn: () => unknown, code: Errno): void {
  const before = sys.snapshot({ contents: true });
  expectErrno(fn, code);
  expect(sys.snapshot({ contents: true })).toEqual(before);
}
