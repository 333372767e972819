// Reading objects the caller passed in (configs, options, descriptor lists, descriptors, byte
// arrays) without running the caller's code (§S-1 "caller objects"). Shared by the model's and the
// impl's checks so both see the same fields of the same object.
// Hazards: a getter or a Proxy trap is user code — it may throw (a TypeError instead of an errno),
// or answer differently on a second read (checked one value, used another). So: fields are own
// data properties read once, an accessor is never called (it makes the field malformed), and any
// exception from a Proxy trap makes the value malformed. Proxies cannot be told apart from plain
// objects without running their traps; a trap that throws is caught, one that answers is believed.

/** What `ownDataValue` returns when there is no own data property to read. @public */
export const NO_DATA: unique symbol = Symbol('no own data property');

/**
 * The value of `obj`'s own data property `key` (enumerable or not), read without calling a getter;
 * `NO_DATA` if there is no such own property, it is an accessor, or inspecting it threw (a Proxy).
 * @public
 */
export function ownDataValue(obj: object, key: string | number): unknown {
  try {
    const d = Object.getOwnPropertyDescriptor(obj, key); // a fresh engine record, even for a Proxy
    return d !== undefined && 'value' in d ? d.value : NO_DATA;
  } catch {
    return NO_DATA;
  }
}

/** `Object.keys(obj)`: own enumerable string keys; undefined if listing them threw (a Proxy trap). @public */
export function ownEnumerableKeys(obj: object): string[] | undefined {
  try {
    return Object.keys(obj);
  } catch {
    return undefined;
  }
}

/** `Array.isArray(x)`, false instead of the TypeError of a revoked Proxy. @public */
export function isArrayValue(x: unknown): x is readonly unknown[] {
  try {
    return Array.isArray(x);
  } catch {
    return false;
  }
}

/**
 * Whether `x` is a plain object: not null, not a function, not an array, with prototype
 * `Object.prototype` or null (false if asking threw).
 * @public
 */
export function isPlainObject(x: unknown): x is object {
  if (typeof x !== 'object' || x === null || isArrayValue(x)) return false;
  try {
    const proto: unknown = Object.getPrototypeOf(x);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

/**
 * The length of a caller's array (`isArrayValue` already true), read as an own data property:
 * undefined if it cannot be read or is not an array length (a Proxy may answer anything).
 * @public
 */
export function arrayLengthOf(list: readonly unknown[]): number | undefined {
  const length = ownDataValue(list, 'length');
  return typeof length === 'number' && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** The own fields of a plain object, each read once, or what is wrong with it. @public */
export type FieldsResult =
  | { readonly ok: true; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly problem: string };

/**
 * The own enumerable string-keyed properties of a plain object (`isPlainObject`), each read once
 * without calling a getter, into a null-prototype record; fields whose value is `undefined` are
 * left out (they mean "the default"). A key not in `allowed`, an accessor, or a throwing Proxy trap
 * is a problem (the text names the key, at most 64 characters of it).
 * @public
 */
export function readPlainFields(obj: unknown, allowed: readonly string[]): FieldsResult {
  if (!isPlainObject(obj)) return { ok: false, problem: 'must be a plain object' };
  const keys = ownEnumerableKeys(obj);
  if (keys === undefined) return { ok: false, problem: 'cannot be read' };
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of keys) {
    const name = key.length > 64 ? `${key.slice(0, 64)}…` : key;
    if (!allowed.includes(key)) return { ok: false, problem: `has an unknown field ${name}` };
    const value = ownDataValue(obj, key);
    if (value === NO_DATA) return { ok: false, problem: `field ${name} is not a data property` };
    if (value !== undefined) fields[key] = value;
  }
  return { ok: true, fields };
}

// The %TypedArray% accessors, taken once: called on any value they read internal slots only, so
// they never run user code (a Proxy of a Uint8Array has no slot and is not a byte array here), and
// an own `length` property defined on an array cannot lie to them.
const typedArrayPrototype: object = Object.getPrototypeOf(Uint8Array.prototype) as object;
function intrinsicGetter(key: PropertyKey): (this: unknown) => unknown {
  const get = Object.getOwnPropertyDescriptor(typedArrayPrototype, key)?.get;
  if (get === undefined) throw new Error(`%TypedArray%.prototype has no ${String(key)} getter`);
  return get as (this: unknown) => unknown;
}
const typedArrayName = intrinsicGetter(Symbol.toStringTag);
const typedArrayBuffer = intrinsicGetter('buffer');
const typedArrayByteOffset = intrinsicGetter('byteOffset');
const typedArrayLength = intrinsicGetter('length');

/**
 * A fresh `Uint8Array` view of the caller's bytes if `x` is a genuine `Uint8Array` (a subclass such
 * as Node's `Buffer` counts; other typed arrays, DataViews and Proxies do not), else undefined. The
 * view sees the same memory but none of the caller's overrides (own `length`, `subarray`, species);
 * a detached buffer is an empty array.
 * @public
 */
export function byteView(x: unknown): Uint8Array | undefined {
  if (typedArrayName.call(x) !== 'Uint8Array') return undefined;
  const length = typedArrayLength.call(x) as number;
  if (length === 0) return new Uint8Array(0);
  return new Uint8Array(typedArrayBuffer.call(x) as ArrayBuffer, typedArrayByteOffset.call(x) as number, length);
}
