// The plain-JSON commands of user-space fault queues (SPEC §12): the seven operations, the usual
// create-and-route as one command, and the user policy step (read everything, then answer each
// group by a drawn action). References resolve against the live state like every other command.

import type { FdRef, PidRef } from './data.ts';

/**
 * A fault queue: an index modulo the live queues (those the resolved process owns, for commands
 * that name a process and it owns one; else all of them), one owned by another process
 * (`foreign`: ENOENT when ownership matters), or an id no queue has (`unknown`: ENOENT).
 */
export type FaultQueueRef = number | 'foreign' | 'unknown';

/**
 * How the policy step answers one delivered group: `touch` — a CPU read-then-write-back of each
 * requested page by the process owning the PASID (the user resolves the fault), then SUCCESS;
 * `success` without resolving (the device faults again); `invalid`; `duplicate` — the cookie twice
 * in one batch (the second is rejected); `stale` — a cookie that is not delivered; `badCode`.
 */
export type PolicyAction = 'touch' | 'success' | 'invalid' | 'duplicate' | 'stale' | 'badCode';

/** One entry of a raw `respondFaults`: a delivered cookie by index, or a bad one on purpose. */
export interface ResponseEntryData {
  readonly pick: number | 'unknown' | 'malformed';
  readonly code: 'success' | 'invalid' | 'bad';
}

/** The fault-queue commands. */
export type FaultQueueCommandData =
  | { readonly cmd: 'faultQueueCreate'; readonly p: PidRef; readonly flags: number }
  | { readonly cmd: 'routeFaults'; readonly p: PidRef; readonly f: FdRef; readonly q: FaultQueueRef }
  /** faultQueueCreate then routeFaults of the fd's slot into the new queue: the usual way, one command. */
  | { readonly cmd: 'routeNew'; readonly p: PidRef; readonly f: FdRef }
  /**
   * fork, then the child creates a fault queue and routes the inherited fd's slot into it: a helper
   * process that answers its parent's page requests (its exit then detaches another mm's slot, R8).
   */
  | { readonly cmd: 'forkFaultHelper'; readonly p: PidRef; readonly f: FdRef }
  | {
      readonly cmd: 'replaceFaultRoute';
      readonly p: PidRef;
      readonly f: FdRef;
      readonly target: FaultQueueRef | 'kernel';
    }
  /** `null`: no argument (all records); -1: not a valid max (EINVAL). */
  | { readonly cmd: 'readFaults'; readonly q: FaultQueueRef; readonly max: number | null }
  | { readonly cmd: 'respondFaults'; readonly q: FaultQueueRef; readonly entries: readonly ResponseEntryData[] }
  /** readFaults(q) of everything, then one action per delivered group (cycling through `actions`). */
  | { readonly cmd: 'faultPolicy'; readonly q: FaultQueueRef; readonly actions: readonly PolicyAction[] }
  | { readonly cmd: 'pollFaults' | 'faultQueueDestroy'; readonly q: FaultQueueRef };

/** The names of the fault-queue commands. */
export const FAULT_QUEUE_COMMANDS = [
  'faultQueueCreate',
  'routeFaults',
  'routeNew',
  'forkFaultHelper',
  'replaceFaultRoute',
  'readFaults',
  'respondFaults',
  'faultPolicy',
  'pollFaults',
  'faultQueueDestroy',
] as const;

/** Whether a command is one of the fault-queue commands. */
export function isFaultQueueCommand(data: { readonly cmd: string }): data is FaultQueueCommandData {
  return (FAULT_QUEUE_COMMANDS as readonly string[]).includes(data.cmd);
}
