// The names of every SvaSystem operation, and the binding that makes each callable without its
// object (§S-1 "unbound methods": `const r = sys.read; r(pid, a, n)` works on the model and the impl).

import type { SvaSystem } from './system.ts';
import type { GuestSystem } from './vms.ts';

/** The name of an SvaSystem operation (every member but `config`). @public */
export type SystemMethodName = {
  [K in keyof SvaSystem]: SvaSystem[K] extends (...args: never[]) => unknown ? K : never;
}[keyof SvaSystem];

/** Every SvaSystem operation, in interface order. @public */
export const SYSTEM_METHODS = Object.freeze([
  'spawn',
  'mmap',
  'munmap',
  'mprotect',
  'read',
  'write',
  'fork',
  'reclaim',
  'migrate',
  'exit',
  'open',
  'startQueue',
  'stopQueue',
  'mapRegion',
  'unmapRegion',
  'close',
  'send',
  'recv',
  'poll',
  'removeDevice',
  'deviceStep',
  'handleFaults',
  'quiesce',
  'readEvents',
  'pasidOf',
  'queueInfo',
  'deviceInfo',
  'processes',
  'snapshot',
  'faultQueueCreate',
  'routeFaults',
  'replaceFaultRoute',
  'readFaults',
  'respondFaults',
  'pollFaults',
  'faultQueueDestroy',
  'mapSs',
  'ssDma',
  'vmCreate',
  'vmMapRam',
  'vmUnmapRam',
  'vmAssign',
  'vmUnassign',
  'vmDestroy',
  'vmReadEvents',
  'vmInfo',
  'guest',
] as const satisfies readonly SystemMethodName[]);

// A compile-time check that the list names every operation: adding one to SvaSystem without
// listing it here fails `tsc` (an unlisted method would stay unbound on the impl).
type Unlisted = Exclude<SystemMethodName, (typeof SYSTEM_METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** The name of a GuestSystem operation (every member but `vm`). @public */
export type GuestMethodName = {
  [K in keyof GuestSystem]: GuestSystem[K] extends (...args: never[]) => unknown ? K : never;
}[keyof GuestSystem];

/** Every GuestSystem operation: the `ProcessOps` a host and a guest share, then the guest's fault handler. @public */
export const GUEST_METHODS = Object.freeze([
  'spawn',
  'mmap',
  'munmap',
  'mprotect',
  'read',
  'write',
  'fork',
  'reclaim',
  'migrate',
  'exit',
  'open',
  'startQueue',
  'stopQueue',
  'mapRegion',
  'unmapRegion',
  'close',
  'send',
  'recv',
  'poll',
  'pasidOf',
  'queueInfo',
  'processes',
  'handleFaults',
] as const satisfies readonly GuestMethodName[]);

type UnlistedGuest = Exclude<GuestMethodName, (typeof GUEST_METHODS)[number]>;
const everyGuestMethodListed: [UnlistedGuest] extends [never] ? true : UnlistedGuest = true;
void everyGuestMethodListed;

/**
 * Makes each named method of `target` an own, non-enumerable property bound to `target`. The
 * method is looked up on `target` itself, so a subclass's override (a seeded-bug variant) is the
 * one bound. Call it at the end of the constructor.
 * @internal
 */
export function bindMethods(target: object, names: readonly string[]): void {
  const record = target as Record<string, unknown>;
  for (const name of names) {
    const method = record[name];
    if (typeof method !== 'function') continue;
    Object.defineProperty(target, name, {
      value: (method as (...args: unknown[]) => unknown).bind(target),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
