// Directed prologues of the `vm` configuration (issue 15's coverage events in seconds): after the
// prelude (VM 1 of 4 GPA pages, the `pri` device 0 and the `none` device 1 assigned, guest process
// 1 with 4 pages mapped and a started queue on device 0), short command lists that lead straight to
// a stage-2 fault after `vmUnmapRam`, a guest COW broken by the device, a second VM with the
// host device, and an unassign while a guest group waits in the VM's fault queue. Drawn at a low rate in front of a random sequence, like prologues.ts.

import fc from 'fast-check';
import type { CommandData, DescriptorSpec } from '../commands/data.ts';

/** Guest page `page` of process 1's area. */
const page = (p: number): { area: number; page: number; off: number } => ({ area: 0, page: p, off: 0 });

/** A guest fill of `len` bytes at `dst` (a write the device makes). */
function fill(dst: number, tag: number): DescriptorSpec {
  return { op: 'fill', src: page(dst), dst: page(dst), len: 16, value: 5, tag };
}

const guest = (op: CommandData): CommandData => ({ cmd: 'guest', vm: 0, op }) as CommandData;

/** The guest writes page `p` (a GPA page is taken), the VMM unmaps that GPA page, the device writes it: a stage-2 fault. */
function stage2Fault(p: number, gpa: number, answer: boolean): CommandData[] {
  const out: CommandData[] = [
    guest({ cmd: 'write', p: 0, at: page(p), len: 8, seed: 9 }),
    { cmd: 'vmUnmapRam', vm: 0, gpa, pages: 1, skew: 0 },
    guest({ cmd: 'send', p: 0, f: 0, descs: [fill(p, 1)] }),
    { cmd: 'deviceStep', dev: 0, times: 1 },
  ];
  if (answer) out.push({ cmd: 'readEvents', dev: 0, max: null });
  return out;
}

/** The guest writes page `p`, forks (COW-shared), and the parent's device writes it: COW broken by the device. */
function guestCow(p: number): CommandData[] {
  return [
    guest({ cmd: 'write', p: 0, at: page(p), len: 8, seed: 4 }),
    guest({ cmd: 'fork', p: 0 }),
    guest({ cmd: 'send', p: 0, f: 0, descs: [fill(p, 2)] }),
    { cmd: 'quiesce' },
  ];
}

/** A second VM with the host device (device 2), its RAM on the VMM's pages, and a guest queue there. */
function secondVm(): CommandData[] {
  return [
    { cmd: 'vmCreate', p: 0, gpaPages: 2 },
    { cmd: 'vmMapRam', vm: 1, gpa: 0, at: page(2), pages: 2, skew: 0, prot: 'rw' },
    { cmd: 'vmAssign', vm: 1, dev: 2 },
    { cmd: 'guest', vm: 1, op: { cmd: 'spawn' } },
    { cmd: 'guest', vm: 1, op: { cmd: 'mmap', p: 0, at: { raw: 1, off: 0 }, pages: 2, skew: 0, prot: 'rw' } },
    { cmd: 'guest', vm: 1, op: { cmd: 'openReady', p: 0, dev: 0 } },
  ];
}

/** A guest group moved into the VM's fault queue, then the device unassigned (R18 step 1 answers it). */
function unassignWithGroup(p: number): CommandData[] {
  return [
    guest({ cmd: 'send', p: 0, f: 0, descs: [fill(p, 3)] }),
    { cmd: 'deviceStep', dev: 0, times: 1 },
    { cmd: 'handleFaults', max: null },
    { cmd: 'vmUnassign', vm: 0, dev: 0 },
  ];
}

/** A `vm` prologue, or (mostly) none. */
export function vmPrologue(): fc.Arbitrary<CommandData[]> {
  return fc.oneof(
    { arbitrary: fc.constant<CommandData[]>([]), weight: 14 },
    {
      arbitrary: fc.tuple(fc.nat(3), fc.nat(3), fc.boolean()).map(([p, gpa, answer]) => stage2Fault(p, gpa, answer)),
      weight: 4,
    },
    { arbitrary: fc.nat(3).map(guestCow), weight: 3 },
    { arbitrary: fc.constant(secondVm()), weight: 3 },
    { arbitrary: fc.nat(3).map(unassignWithGroup), weight: 2 },
  );
}
