// Deep comparison that names the first difference: byte arrays by bytes, arrays by index, records
// by key (a key that is absent on one side differs from any value on the other), primitives by
// `Object.is` (so NaN equals NaN and 0 differs from -0 only when both sides say so).

/** Where two values first differ: a path like `mms[1].pages[0].bytes[17]` and both values. @public */
export interface Difference {
  readonly path: string;
  readonly left: unknown;
  readonly right: unknown;
}

/** The first place `left` and `right` differ, or undefined when they are deeply equal. @public */
export function firstDifference(left: unknown, right: unknown, path = ''): Difference | undefined {
  if (Object.is(left, right)) return undefined;
  if (left instanceof Uint8Array || right instanceof Uint8Array) {
    if (!(left instanceof Uint8Array && right instanceof Uint8Array)) return { path, left, right };
    if (left.length !== right.length) return { path: `${path}.length`, left: left.length, right: right.length };
    for (let i = 0; i < left.length; i++) {
      if (left[i] !== right[i]) return { path: `${path}[${i}]`, left: left[i], right: right[i] };
    }
    return undefined;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!(Array.isArray(left) && Array.isArray(right))) return { path, left, right };
    const n = Math.min(left.length, right.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(left[i], right[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    if (left.length !== right.length) {
      return { path: `${path}[${n}]`, left: left[n] ?? '(none)', right: right[n] ?? '(none)' };
    }
    return undefined;
  }
  if (typeof left === 'object' && typeof right === 'object' && left !== null && right !== null) {
    const l = left as Record<string, unknown>;
    const r = right as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(l), ...Object.keys(r)])];
    for (const k of keys) {
      const sub = path === '' ? k : `${path}.${k}`;
      const inL = Object.prototype.hasOwnProperty.call(l, k) && l[k] !== undefined;
      const inR = Object.prototype.hasOwnProperty.call(r, k) && r[k] !== undefined;
      if (inL !== inR) return { path: sub, left: inL ? l[k] : '(absent)', right: inR ? r[k] : '(absent)' };
      const d = firstDifference(l[k], r[k], sub);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return { path, left, right };
}
