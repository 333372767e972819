// What one call did on one system: returned a value, threw a WarpDriveError (its errno), or crashed
// (threw anything else — always a failure). Also the call's invocation with private argument copies.

import { WarpDriveError, type Errno, type SvaSystem } from '../../interface/index.ts';
import type { Call } from '../commands/calls.ts';

/** The result of one call on one system. @public */
export type Outcome =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'errno'; readonly code: Errno }
  | { readonly kind: 'crash'; readonly message: string };

/** A private copy of an argument, so that no system can see (or keep) another's objects. */
function copyArg(arg: unknown): unknown {
  if (arg instanceof Uint8Array) return arg.slice();
  if (Array.isArray(arg)) return arg.map((x: unknown) => (typeof x === 'object' && x !== null ? { ...x } : x));
  return arg;
}

/** Runs `call` on `sys` (on `sys.guest(call.vm)` for a guest call) and says what happened; never throws. @public */
export function invoke(sys: SvaSystem, call: Call): Outcome {
  try {
    // R12: guest() never throws; its methods throw ENOENT for an unknown VM
    const target: object = call.vm === undefined ? sys : sys.guest(call.vm);
    const method = (target as Record<string, unknown>)[call.op];
    if (typeof method !== 'function') return { kind: 'crash', message: `the system has no method ${call.op}` };
    const value: unknown = (method as (...a: unknown[]) => unknown).apply(target, call.args.map(copyArg));
    return { kind: 'value', value };
  } catch (e) {
    if (e instanceof WarpDriveError) return { kind: 'errno', code: e.code };
    const message = e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`;
    return { kind: 'crash', message };
  }
}

/** A value, compactly: byte arrays by length and first bytes, records as JSON. @public */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Uint8Array) {
    const head = Array.from(value.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
    return `${value.length} bytes${value.length > 0 ? ` ${head}${value.length > 8 ? '…' : ''}` : ''}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
}

/** An outcome as the text after the arrow in a log line: `3`, `EFAULT`, `crash: TypeError: …`. @public */
export function formatOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'value':
      return formatValue(o.value);
    case 'errno':
      return o.code;
    case 'crash':
      return `crash: ${o.message}`;
  }
}
