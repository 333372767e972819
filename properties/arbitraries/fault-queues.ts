// Arbitraries of the fault-queue commands (SPEC §12) and their weights: mostly the usual
// create-and-route and the user policy step, the raw operations less often, bad arguments (flags,
// unknown or foreign queues, bad max, malformed entries) at a low rate.

import fc from 'fast-check';
import type { FaultQueueCommandData, FaultQueueRef, PolicyAction } from '../commands/fault-queue-data.ts';
import { fdRef, pidRef } from './refs.ts';

/** How often each fault-queue command is drawn, on the scale of `COMMAND_WEIGHTS`. */
export const FAULT_QUEUE_WEIGHTS = Object.freeze({
  faultQueueCreate: 0.4,
  routeFaults: 0.5,
  routeNew: 1.5,
  forkFaultHelper: 0.6,
  replaceFaultRoute: 0.8,
  readFaults: 1.5,
  respondFaults: 0.5,
  faultPolicy: 2.5,
  pollFaults: 0.6,
  faultQueueDestroy: 0.4,
});

/** A fault-queue reference: mostly a live one, rarely another process's or an unknown id. */
export function faultQueueRef(): fc.Arbitrary<FaultQueueRef> {
  return fc.oneof(
    { arbitrary: fc.constant(0), weight: 30 },
    { arbitrary: fc.nat(3), weight: 15 },
    { arbitrary: fc.constantFrom<FaultQueueRef>('foreign', 'unknown'), weight: 2 },
  );
}

/** A policy action: mostly resolving or plain answers, now and then a duplicate, stale or bad-code one. */
function policyAction(): fc.Arbitrary<PolicyAction> {
  return fc.oneof(
    { arbitrary: fc.constant<PolicyAction>('touch'), weight: 8 },
    { arbitrary: fc.constantFrom<PolicyAction>('success', 'invalid'), weight: 6 },
    { arbitrary: fc.constantFrom<PolicyAction>('duplicate', 'stale', 'badCode'), weight: 3 },
  );
}

/** The data arbitrary of each fault-queue command. */
export function faultQueueArbitraries(): Record<keyof typeof FAULT_QUEUE_WEIGHTS, fc.Arbitrary<FaultQueueCommandData>> {
  const p = pidRef();
  const f = fdRef();
  const q = faultQueueRef();
  return {
    faultQueueCreate: fc.record({
      cmd: fc.constant('faultQueueCreate' as const),
      p,
      flags: fc.oneof({ arbitrary: fc.constant(0), weight: 20 }, { arbitrary: fc.constant(1), weight: 1 }),
    }),
    routeFaults: fc.record({ cmd: fc.constant('routeFaults' as const), p, f, q }),
    routeNew: fc.record({ cmd: fc.constant('routeNew' as const), p, f }),
    forkFaultHelper: fc.record({ cmd: fc.constant('forkFaultHelper' as const), p, f }),
    replaceFaultRoute: fc.record({
      cmd: fc.constant('replaceFaultRoute' as const),
      p,
      f,
      target: fc.oneof({ arbitrary: fc.constant<'kernel'>('kernel'), weight: 2 }, { arbitrary: q, weight: 3 }),
    }),
    readFaults: fc.record({
      cmd: fc.constant('readFaults' as const),
      q,
      // 1 and 3 stop at a two-request group; -1 is not a valid max (EINVAL)
      max: fc.oneof(
        { arbitrary: fc.constant(null), weight: 4 },
        { arbitrary: fc.constantFrom(1, 3), weight: 8 },
        { arbitrary: fc.nat(4), weight: 4 },
        { arbitrary: fc.constant(-1), weight: 1 },
      ),
    }),
    respondFaults: fc.record({
      cmd: fc.constant('respondFaults' as const),
      q,
      entries: fc.array(
        fc.record({
          pick: fc.oneof(
            { arbitrary: fc.nat(3), weight: 10 },
            { arbitrary: fc.constantFrom<'unknown' | 'malformed'>('unknown', 'malformed'), weight: 2 },
          ),
          code: fc.oneof(
            { arbitrary: fc.constantFrom<'success' | 'invalid'>('success', 'invalid'), weight: 10 },
            { arbitrary: fc.constant<'bad'>('bad'), weight: 1 },
          ),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    faultPolicy: fc.record({
      cmd: fc.constant('faultPolicy' as const),
      q,
      actions: fc.array(policyAction(), { minLength: 1, maxLength: 3 }),
    }),
    pollFaults: fc.record({ cmd: fc.constant('pollFaults' as const), q }),
    faultQueueDestroy: fc.record({ cmd: fc.constant('faultQueueDestroy' as const), q }),
  };
}
