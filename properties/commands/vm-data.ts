// The plain-JSON commands of SVA inside a VM (SPEC §13): the host's VM operations, a guest
// operation (any process, memory or queue command, run by the guest kernel of VM k — the same
// command data the host runs, with a target), and the VMM's own memory operations aimed at the VA
// that backs a GPA page. References resolve against the live state like every other command.

import type { AddrRef, CommandData, DeviceRef, PidRef, ProtArg } from './data.ts';

/** A VM: an index modulo the live VMs (ascending id), or an id no VM has (`unknown`: ENOENT). @public */
export type VmRef = number | 'unknown';

/** The commands a guest kernel runs (SPEC §13 "Interface"): its process, memory and queue operations, and its fault handler. @public */
export type GuestOpData = Extract<
  CommandData,
  {
    readonly cmd:
      | 'spawn'
      | 'mmap'
      | 'munmap'
      | 'mprotect'
      | 'read'
      | 'write'
      | 'fork'
      | 'reclaim'
      | 'migrate'
      | 'exit'
      | 'open'
      | 'openReady'
      | 'startQueue'
      | 'stopQueue'
      | 'close'
      | 'closeQueue'
      | 'poll'
      | 'queueInfo'
      | 'mapRegion'
      | 'unmapRegion'
      | 'send'
      | 'recv'
      | 'handleFaults'
      | 'pasidOf'
      | 'processes';
  }
>;

/** The VMM's memory operations on the VA backing a GPA page (R3: pins outlive munmap, fork copies them). @public */
export type VmmMemoryOp = 'munmap' | 'fork' | 'write' | 'reclaim' | 'migrate' | 'mprotect';

/** The VM commands. @public */
export type VmCommandData =
  /** `gpaPages`: -1 and 0.5 stand for bad sizes (EINVAL), 'frames+1' for one more than the host has. */
  | { readonly cmd: 'vmCreate'; readonly p: PidRef; readonly gpaPages: number | 'frames+1' }
  /** Stage-2 map `pages` GPA pages from `gpa` onto the VMM's VA `at`. */
  | {
      readonly cmd: 'vmMapRam';
      readonly vm: VmRef;
      readonly gpa: number;
      readonly at: AddrRef;
      readonly pages: number;
      readonly skew: number;
      readonly prot: ProtArg;
    }
  | {
      readonly cmd: 'vmUnmapRam';
      readonly vm: VmRef;
      readonly gpa: number;
      readonly pages: number;
      readonly skew: number;
    }
  | { readonly cmd: 'vmAssign' | 'vmUnassign'; readonly vm: VmRef; readonly dev: DeviceRef }
  | { readonly cmd: 'vmDestroy' | 'vmInfo'; readonly vm: VmRef }
  /** `null`: no argument; `'exact'`: as many as the VM has unread. */
  | { readonly cmd: 'vmReadEvents'; readonly vm: VmRef; readonly max: number | null | 'exact' }
  /** `op` run by the guest kernel of `vm`: its references resolve in the guest's own state. */
  | { readonly cmd: 'guest'; readonly vm: VmRef; readonly op: GuestOpData }
  /** The VMM (the VM's owner) runs `op` on the VA that backs GPA page `gpa` (its first VMA if none). */
  | {
      readonly cmd: 'vmmMemory';
      readonly vm: VmRef;
      readonly op: VmmMemoryOp;
      readonly gpa: number;
      readonly pages: number;
      readonly seed: number;
    };

/** The names of the VM commands. @public */
export const VM_COMMANDS = [
  'vmCreate',
  'vmMapRam',
  'vmUnmapRam',
  'vmAssign',
  'vmUnassign',
  'vmDestroy',
  'vmReadEvents',
  'vmInfo',
  'guest',
  'vmmMemory',
] as const;

/** Whether a command is one of the VM commands. @public */
export function isVmCommand(data: { readonly cmd: string }): data is VmCommandData {
  return (VM_COMMANDS as readonly string[]).includes(data.cmd);
}
