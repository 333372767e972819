// The trace of a counterexample: its commands resolved into the plain `SvaSystem` calls they made,
// each with the model's outcome and the model's state before and after it, cut at the step where
// the recorded failure was detected. The pasted vitest test and the report's sequence diagram are
// both written from it. It runs the command data through the runner (the same resolution as the
// campaign), with a recording model as the "system under test", so the calls are exactly the
// campaign's and the outcomes are the reference's.

import { GUEST_METHODS, SYSTEM_METHODS, resolveConfig, WarpDriveError } from '../../interface/index.ts';
import type { Errno, ResolvedConfig, SvaSystem, SystemSnapshot } from '../../interface/index.ts';
import { createModel } from '../../model/index.ts';
import type { OpName } from '../commands/calls.ts';
import { RunState } from '../runner/run-state.ts';
import type { Counterexample } from './file.ts';

/** The model's outcome of one call: a value, or an errno. */
export type TracedOutcome =
  { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'errno'; readonly code: Errno };

/** One plain call and what the model did. */
export interface TracedCall {
  readonly op: OpName;
  readonly args: readonly unknown[];
  /** The VM whose guest kernel ran the call (`sys.guest(vm).op(...)`); absent for a host call. */
  readonly vm?: number;
  readonly outcome: TracedOutcome;
  readonly before: SystemSnapshot;
  readonly after: SystemSnapshot;
}

/** One command of the counterexample (`0` = the opening spawn, `end` = the end-of-sequence checks). */
export interface TracedStep {
  readonly label: string;
  readonly calls: readonly TracedCall[];
  /** The recorded failure was detected after this step's calls. */
  readonly failing: boolean;
  /** The end checks compare states before their `quiesce` too (`checkpointFirst`). */
  readonly checkpointFirst: boolean;
}

/** A counterexample's trace. */
export interface Trace {
  readonly config: ResolvedConfig;
  readonly steps: readonly TracedStep[];
}

/** Every operation but `snapshot` (interface order; a new operation is recorded without a change here). */
const OPS = new Set<string>(SYSTEM_METHODS.filter((m) => m !== 'snapshot' && m !== 'guest'));

/** Every guest operation (R12). */
const GUEST_OPS = new Set<string>(GUEST_METHODS);

/** A deep copy of an argument or result, so later calls cannot change what was recorded. */
function frozenCopy(v: unknown): unknown {
  return v instanceof Uint8Array ? v.slice() : structuredClone(v);
}

/** A model whose operations are recorded into `sink` (snapshots are not operations and are not recorded). */
function recordingModel(config: ResolvedConfig, sink: TracedCall[]): SvaSystem {
  const model = createModel(config);
  return new Proxy(model, {
    get(target, key, receiver): unknown {
      const v: unknown = Reflect.get(target, key, receiver);
      if (key === 'guest' && typeof v === 'function') {
        // a guest's calls are recorded with their VM; `guest(vm)` itself is no operation (R12: never throws)
        return (vm: number): unknown => recording(target, (v as (vm: number) => object).call(target, vm), sink, vm);
      }
      if (typeof key !== 'string' || !OPS.has(key) || typeof v !== 'function') return v;
      return recordedCall(target, target, key, v, sink, undefined);
    },
  });
}

/** A guest object of `model` whose operations are recorded into `sink` with their VM. */
function recording(model: SvaSystem, guest: object, sink: TracedCall[], vm: number): object {
  return new Proxy(guest, {
    get(target, key, receiver): unknown {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !GUEST_OPS.has(key) || typeof v !== 'function') return v;
      return recordedCall(model, target, key, v, sink, vm);
    },
  });
}

/** `method` of `self` wrapped so that each call is recorded with the model's states around it. */
function recordedCall(
  model: SvaSystem,
  self: object,
  key: string,
  method: unknown,
  sink: TracedCall[],
  vm: number | undefined,
): (...args: unknown[]) => unknown {
  return (...args: unknown[]): unknown => {
    const before = model.snapshot();
    const recordedArgs = args.map(frozenCopy);
    const record = (outcome: TracedOutcome): void => {
      const where = vm === undefined ? {} : { vm };
      sink.push({ op: key as OpName, args: recordedArgs, ...where, outcome, before, after: model.snapshot() });
    };
    try {
      const value: unknown = (method as (...a: unknown[]) => unknown).apply(self, args);
      record({ kind: 'value', value: frozenCopy(value) });
      return value;
    } catch (e) {
      if (e instanceof WarpDriveError) record({ kind: 'errno', code: e.code });
      throw e;
    }
  };
}

/** Traces `cx` up to its recorded failure (the whole sequence and the end checks when it failed there). */
export function traceCounterexample(cx: Counterexample): Trace {
  const config = resolveConfig(cx.config);
  const sink: TracedCall[] = [];
  const state = new RunState(config, {
    implementation: (c) => recordingModel(resolveConfig(c), sink),
    refineEvery: 0,
    ...(cx.prelude === undefined ? {} : { prelude: cx.prelude }),
  });
  const steps: TracedStep[] = [];
  const failStep = cx.failure.step;
  const take = (label: string, failing: boolean, checkpointFirst = false): void => {
    steps.push({ label, calls: sink.splice(0), failing, checkpointFirst });
  };
  try {
    state.start();
    take('0', failStep === 0);
    const last = Math.min(failStep, cx.commands.length);
    for (let i = 0; i < last; i++) {
      state.step(cx.commands[i]);
      take(String(i + 1), i + 1 === failStep);
    }
    if (failStep > cx.commands.length) {
      state.finish();
      take('end', true, true);
    }
  } catch {
    // The model's own check failed (an S-invariant of the reference): the trace ends there.
    take(String(steps.length), true);
  }
  return { config, steps };
}
