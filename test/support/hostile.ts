// Caller values that attack an API's argument handling (§S-1 "caller objects", "messages"): getters
// and conversions that throw, Proxies whose traps throw, revoked Proxies, arrays with holes or a
// fake huge length, byte arrays that are not what they seem. Getters and conversions count the
// user code they run in `calls.count`, so a test can assert that a check ran none of it; Proxy traps
// cannot be avoided (only caught), so they count apart in `calls.traps`.

import type { Descriptor } from 'warpdrive-sva/interface';

/** Counts the user code the hostile values below ran: getters and conversions, and Proxy traps. */
export const calls = { count: 0, traps: 0 };

/** The error every hostile value throws when its code runs. */
export class HostileError extends Error {
  constructor(what: string) {
    super(`hostile ${what} ran`);
    this.name = 'HostileError';
  }
}

function ran(what: string): never {
  calls.count++;
  throw new HostileError(what);
}

/** `base` with an enumerable own getter at `key` that throws (the getter is user code). */
export function withThrowingGetter<T extends object>(base: T, key: PropertyKey): T {
  const copy: object = Array.isArray(base) ? [...(base as unknown[])] : { ...base };
  const getter = { get: () => ran(`getter ${String(key)}`), enumerable: true, configurable: true };
  return Object.defineProperty(copy, key, getter) as T;
}

/** An object whose toString, valueOf and Symbol.toPrimitive throw (any coercion runs user code). */
export function throwingConversions(): object {
  return {
    toString: () => ran('toString'),
    valueOf: () => ran('valueOf'),
    [Symbol.toPrimitive]: () => ran('toPrimitive'),
    toJSON: () => ran('toJSON'),
  };
}

/** A Proxy of `target` whose every trap throws. */
export function throwingProxy<T extends object>(target: T): T {
  const handler: ProxyHandler<T> = new Proxy(
    {},
    {
      get: (_h, trap) => () => {
        calls.traps++;
        throw new HostileError(`trap ${String(trap)}`);
      },
    },
  );
  return new Proxy(target, handler);
}

/** A Proxy of `target` that forwards everything (its traps are the defaults). */
export function transparentProxy<T extends object>(target: T): T {
  return new Proxy(target, {});
}

/** A revoked Proxy of `target` (every operation on it, even Array.isArray for an array, throws). */
export function revokedProxy<T extends object>(target: T): T {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/**
 * An array (Array.isArray is true) that claims `length` entries, every one `entry`, with O(1)
 * memory: a Proxy of a sparse array whose own-property trap reports each index as a data property.
 */
export function fakeLongArray<T>(length: number, entry: T): T[] {
  return new Proxy(new Array<T>(length), {
    getOwnPropertyDescriptor: (target, key) => {
      if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) < length) {
        return { value: entry, writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    get: (target, key) => (typeof key === 'string' && /^\d+$/.test(key) ? entry : Reflect.get(target, key)),
  });
}

/** A Uint8Array whose own `length` getter and `subarray`/`slice`/`set` throw. */
export function trappedBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  for (const key of ['length', 'subarray', 'slice', 'set', 'byteLength', 'buffer', 'byteOffset']) {
    Object.defineProperty(copy, key, { get: () => ran(`bytes.${key}`), configurable: true });
  }
  return copy;
}

/** A well-formed fill descriptor at `dst`. */
export function fillAt(dst: number, tag = 1): Descriptor {
  return { op: 'fill', dst, len: 1, value: 0x5a, tag };
}
