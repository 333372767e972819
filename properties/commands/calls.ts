// A call: one concrete `SvaSystem` operation with resolved argument values and the readable line a
// counterexample prints for it (`p2.write(0x11000, 4096 bytes)`).

import type { Descriptor, DeviceName, Fd, Pid, Prot, Region } from '../../interface/index.ts';

/** The operations of `SvaSystem` a command can call (everything but `config` and `snapshot`). @public */
export type OpName =
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
  | 'startQueue'
  | 'stopQueue'
  | 'mapRegion'
  | 'unmapRegion'
  | 'close'
  | 'send'
  | 'recv'
  | 'poll'
  | 'removeDevice'
  | 'deviceStep'
  | 'handleFaults'
  | 'quiesce'
  | 'readEvents'
  | 'pasidOf'
  | 'queueInfo'
  | 'deviceInfo'
  | 'processes'
  | 'faultQueueCreate'
  | 'routeFaults'
  | 'replaceFaultRoute'
  | 'readFaults'
  | 'respondFaults'
  | 'pollFaults'
  | 'faultQueueDestroy'
  | 'mapSs'
  | 'ssDma'
  | 'vmCreate'
  | 'vmMapRam'
  | 'vmUnmapRam'
  | 'vmAssign'
  | 'vmUnassign'
  | 'vmDestroy'
  | 'vmReadEvents'
  | 'vmInfo';

/**
 * One concrete operation: its name, its argument values (given to each system as a private copy), and its text.
 * @public
 */
export interface Call {
  readonly op: OpName;
  readonly args: readonly unknown[];
  readonly text: string;
  /** The VM whose guest kernel runs the call (`sys.guest(vm).op(...)`); absent for a host call. */
  readonly vm?: number;
}

/** `call` run by the guest kernel of `vm` instead of the host: printed `guest(1).p2.write(…)`. @public */
export function inGuest(vm: number, call: Call): Call {
  return { ...call, vm, text: `guest(${vm}).${call.text}` };
}

/** An address or length in hex, the way kernel people read them. @public */
export function hex(n: number): string {
  return Number.isSafeInteger(n) && n >= 0 ? `0x${n.toString(16)}` : String(n);
}

/** A descriptor as one short phrase: `copy 0x11000→0x12000 len 100 tag 7`. @public */
export function describeDescriptor(d: Descriptor): string {
  const raw = d as unknown as Record<string, unknown>;
  const known = new Set(['op', 'src', 'dst', 'len', 'value', 'tag']);
  const extra = Object.keys(raw).filter((k) => !known.has(k));
  if (extra.length > 0 || typeof raw.op !== 'string' || !['copy', 'fill', 'crc32'].includes(raw.op)) {
    return `malformed ${JSON.stringify(raw)}`;
  }
  const n = (v: unknown): string => (typeof v === 'number' ? hex(v) : JSON.stringify(v));
  const tag = `tag ${String(raw.tag)}`;
  switch (d.op) {
    case 'copy':
      return `copy ${n(raw.src)}→${n(raw.dst)} len ${String(raw.len)} ${tag}`;
    case 'fill':
      return `fill ${n(raw.dst)} len ${String(raw.len)} value ${String(raw.value)} ${tag}`;
    case 'crc32':
      return `crc32 ${n(raw.src)} len ${String(raw.len)} ${tag}`;
  }
}

function quote(s: string): string {
  return `'${s}'`;
}

/** Builders of every call, each with its readable text. @public */
export const calls = {
  spawn: (): Call => ({ op: 'spawn', args: [], text: 'spawn()' }),
  mmap: (pid: Pid, addr: number, length: number, prot: Prot): Call => ({
    op: 'mmap',
    args: [pid, addr, length, prot],
    text: `p${pid}.mmap(${hex(addr)}, ${hex(length)}, ${quote(prot)})`,
  }),
  munmap: (pid: Pid, addr: number, length: number): Call => ({
    op: 'munmap',
    args: [pid, addr, length],
    text: `p${pid}.munmap(${hex(addr)}, ${hex(length)})`,
  }),
  mprotect: (pid: Pid, addr: number, length: number, prot: Prot): Call => ({
    op: 'mprotect',
    args: [pid, addr, length, prot],
    text: `p${pid}.mprotect(${hex(addr)}, ${hex(length)}, ${quote(prot)})`,
  }),
  read: (pid: Pid, addr: number, length: number): Call => ({
    op: 'read',
    args: [pid, addr, length],
    text: `p${pid}.read(${hex(addr)}, ${length} bytes)`,
  }),
  write: (pid: Pid, addr: number, bytes: Uint8Array, seed: number): Call => ({
    op: 'write',
    args: [pid, addr, bytes],
    text: `p${pid}.write(${hex(addr)}, ${bytes.length} bytes of pattern ${seed})`,
  }),
  fork: (pid: Pid): Call => ({ op: 'fork', args: [pid], text: `p${pid}.fork()` }),
  reclaim: (pid: Pid, addr: number): Call => ({
    op: 'reclaim',
    args: [pid, addr],
    text: `p${pid}.reclaim(${hex(addr)})`,
  }),
  migrate: (pid: Pid, addr: number): Call => ({
    op: 'migrate',
    args: [pid, addr],
    text: `p${pid}.migrate(${hex(addr)})`,
  }),
  exit: (pid: Pid): Call => ({ op: 'exit', args: [pid], text: `p${pid}.exit()` }),
  open: (pid: Pid, device: DeviceName): Call => ({
    op: 'open',
    args: [pid, device],
    text: `p${pid}.open(${quote(device)})`,
  }),
  startQueue: (pid: Pid, fd: Fd): Call => ({ op: 'startQueue', args: [pid, fd], text: `p${pid}.startQueue(fd${fd})` }),
  stopQueue: (pid: Pid, fd: Fd): Call => ({ op: 'stopQueue', args: [pid, fd], text: `p${pid}.stopQueue(fd${fd})` }),
  mapRegion: (pid: Pid, fd: Fd, region: Region): Call => ({
    op: 'mapRegion',
    args: [pid, fd, region],
    text: `p${pid}.mapRegion(fd${fd}, ${quote(region)})`,
  }),
  unmapRegion: (pid: Pid, fd: Fd, region: Region): Call => ({
    op: 'unmapRegion',
    args: [pid, fd, region],
    text: `p${pid}.unmapRegion(fd${fd}, ${quote(region)})`,
  }),
  close: (pid: Pid, fd: Fd): Call => ({ op: 'close', args: [pid, fd], text: `p${pid}.close(fd${fd})` }),
  send: (pid: Pid, fd: Fd, descs: readonly Descriptor[]): Call => ({
    op: 'send',
    args: [pid, fd, descs],
    text: `p${pid}.send(fd${fd}, [${descs.map(describeDescriptor).join('; ')}])`,
  }),
  recv: (pid: Pid, fd: Fd, max: number): Call => ({
    op: 'recv',
    args: [pid, fd, max],
    text: `p${pid}.recv(fd${fd}, max ${max})`,
  }),
  poll: (pid: Pid, fd: Fd): Call => ({ op: 'poll', args: [pid, fd], text: `p${pid}.poll(fd${fd})` }),
  removeDevice: (device: DeviceName): Call => ({
    op: 'removeDevice',
    args: [device],
    text: `removeDevice(${quote(device)})`,
  }),
  deviceStep: (device: DeviceName): Call => ({
    op: 'deviceStep',
    args: [device],
    text: `deviceStep(${quote(device)})`,
  }),
  handleFaults: (max: number | null): Call =>
    max === null
      ? { op: 'handleFaults', args: [], text: 'handleFaults()' }
      : { op: 'handleFaults', args: [max], text: `handleFaults(${max})` },
  quiesce: (): Call => ({ op: 'quiesce', args: [], text: 'quiesce()' }),
  readEvents: (device: DeviceName, max: number | null): Call =>
    max === null
      ? { op: 'readEvents', args: [device], text: `readEvents(${quote(device)})` }
      : { op: 'readEvents', args: [device, max], text: `readEvents(${quote(device)}, ${max})` },
  pasidOf: (pid: Pid): Call => ({ op: 'pasidOf', args: [pid], text: `p${pid}.pasidOf()` }),
  queueInfo: (pid: Pid, fd: Fd): Call => ({ op: 'queueInfo', args: [pid, fd], text: `p${pid}.queueInfo(fd${fd})` }),
  deviceInfo: (device: DeviceName): Call => ({
    op: 'deviceInfo',
    args: [device],
    text: `deviceInfo(${quote(device)})`,
  }),
  processes: (): Call => ({ op: 'processes', args: [], text: 'processes()' }),
  mapSs: (pid: Pid, fd: Fd, va: number, length: number): Call => ({
    op: 'mapSs',
    args: [pid, fd, va, length],
    text: `p${pid}.mapSs(fd${fd}, ${hex(va)}, ${hex(length)})`,
  }),
  ssDma: (pid: Pid, fd: Fd, index: number): Call => ({
    op: 'ssDma',
    args: [pid, fd, index],
    text: `p${pid}.ssDma(fd${fd}, ${index})`,
  }),
} as const;
