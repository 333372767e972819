// Validation of `checkConformance`'s arguments (issue 10, "CLI and options"): a fractional or zero
// `runs`/`batchRuns` made the batch loop spin forever, and a zero budget "passed" having checked
// nothing. Every option is checked up front — type, integer-ness, range — and a bad one throws a
// TypeError (wrong type) or RangeError (out of range) naming the option, before anything runs.
// Messages never coerce the caller's value with a template literal (that could call user code).

import type { SystemFactory } from '../../interface/index.ts';
import { COMMAND_WEIGHTS } from '../arbitraries/commands.ts';
import type { ConformanceOptions } from './conformance.ts';
import { NAMED_CONFIGS } from './mix.ts';

/** A value for an error message, without calling any of its methods. */
function shown(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** Throws unless `v` is a safe integer in `[min, max]`. */
export function checkInteger(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number, got ${shown(v)}`);
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new RangeError(`${name} must be ${range}, got ${shown(v)}`);
  }
  return v;
}

/** Throws unless `v` is a finite number greater than 0. */
export function checkPositive(name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number, got ${shown(v)}`);
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a finite number > 0, got ${shown(v)}`);
  return v;
}

function checkString(name: string, v: unknown): void {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string, got ${shown(v)}`);
  if (v.length === 0) throw new RangeError(`${name} must not be empty`);
}

function checkPresets(v: unknown): void {
  if (!Array.isArray(v)) throw new TypeError(`presets must be an array, got ${shown(v)}`);
  if (v.length === 0) throw new RangeError('presets must name at least one preset');
  for (let i = 0; i < v.length; i++) {
    const p: unknown = v[i];
    if (typeof p === 'string') {
      if (!Object.hasOwn(NAMED_CONFIGS, p)) {
        const known = Object.keys(NAMED_CONFIGS).join(', ');
        throw new RangeError(`presets[${i}]: unknown preset ${shown(p)} (known: ${known})`);
      }
    } else if (typeof p === 'object' && p !== null && !Array.isArray(p)) {
      const named = p as { name?: unknown; config?: unknown };
      checkString(`presets[${i}].name`, named.name);
      if (typeof named.config !== 'object' || named.config === null) {
        throw new TypeError(`presets[${i}].config must be an SvaConfig object, got ${shown(named.config)}`);
      }
    } else {
      throw new TypeError(`presets[${i}] must be a preset name or { name, config }, got ${shown(p)}`);
    }
  }
}

function checkWeights(v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TypeError(`weights must be an object, got ${shown(v)}`);
  }
  const w = v as Record<string, unknown>;
  let positive = 0;
  for (const name of Object.keys(COMMAND_WEIGHTS)) {
    const x = w[name];
    if (typeof x !== 'number') throw new TypeError(`weights.${name} must be a number, got ${shown(x)}`);
    if (!Number.isFinite(x) || x < 0) {
      throw new RangeError(`weights.${name} must be a finite number ≥ 0, got ${shown(x)}`);
    }
    if (x > 0) positive++;
  }
  for (const name of Object.keys(w)) {
    if (!Object.hasOwn(COMMAND_WEIGHTS, name)) throw new RangeError(`weights: unknown command ${shown(name)}`);
  }
  if (positive === 0) throw new RangeError('weights must give at least one command a weight > 0');
}

/** The fast-check seed range: a 32-bit signed or unsigned integer. */
const SEED_MIN = -(2 ** 31);
const SEED_MAX = 2 ** 32 - 1;

/**
 * Throws a TypeError or RangeError naming the first bad argument of `checkConformance`.
 *
 * @internal
 */
export function validateConformanceArgs(factory: unknown, options: unknown): asserts factory is SystemFactory {
  if (typeof factory !== 'function') {
    throw new TypeError(`checkConformance needs a SystemFactory function, got ${shown(factory)}`);
  }
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`checkConformance options must be an object, got ${shown(options)}`);
  }
  const o = options as { [K in keyof ConformanceOptions]?: unknown };
  if (o.runs !== undefined) checkInteger('runs', o.runs, 1);
  if (o.timeLimitMs !== undefined) checkPositive('timeLimitMs', o.timeLimitMs);
  if (o.seed !== undefined) checkInteger('seed', o.seed, SEED_MIN, SEED_MAX);
  if (o.presets !== undefined) checkPresets(o.presets);
  if (o.maxCommands !== undefined) checkInteger('maxCommands', o.maxCommands, 1, 100_000);
  if (o.batchRuns !== undefined) checkInteger('batchRuns', o.batchRuns, 1);
  if (o.refineEvery !== undefined) checkInteger('refineEvery', o.refineEvery, 0);
  if (o.weights !== undefined) checkWeights(o.weights);
  if (o.implementationName !== undefined) checkString('implementationName', o.implementationName);
  if (o.counterexampleDir !== undefined) checkString('counterexampleDir', o.counterexampleDir);
  if (o.counterexampleName !== undefined) checkString('counterexampleName', o.counterexampleName);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new TypeError(`onProgress must be a function, got ${shown(o.onProgress)}`);
  }
  if (o.shouldStop !== undefined && typeof o.shouldStop !== 'function') {
    throw new TypeError(`shouldStop must be a function, got ${shown(o.shouldStop)}`);
  }
  if (o.checks !== undefined && o.checks !== 'full' && o.checks !== 'paranoid' && o.checks !== 'off') {
    throw new RangeError(`checks must be 'full', 'paranoid' or 'off', got ${shown(o.checks)}`);
  }
  if (o.shard !== undefined) checkShard(o.shard);
}

/** A shard is `{ index, count }` with integers 1 ≤ index ≤ count (R25). */
function checkShard(v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new TypeError(`shard must be an object, got ${shown(v)}`);
  const { index, count } = v as { index?: unknown; count?: unknown };
  const n = checkInteger('shard.count', count, 1);
  checkInteger('shard.index', index, 1, n);
}
