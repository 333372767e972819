// The commands a benchmark stream is made of, as plain data, and the loop that runs a stream on any
// SvaSystem. Running a stream folds every result (returned numbers, completions, bytes read,
// errnos) into one digest, so the harness can check that model and impl did the same work before
// it times them.

import {
  WarpDriveError,
  type Completion,
  type Descriptor,
  type DeviceName,
  type Fd,
  type Pid,
  type Prot,
  type Region,
  type SvaSystem,
} from '../interface/index.ts';

/** One command of a stream; pids and fds are concrete (§S-2 and §S-5 make them deterministic). */
export type StreamOp =
  | { readonly call: 'spawn' }
  | { readonly call: 'mmap'; readonly pid: Pid; readonly addr: number; readonly length: number; readonly prot: Prot }
  | { readonly call: 'munmap'; readonly pid: Pid; readonly addr: number; readonly length: number }
  | {
      readonly call: 'mprotect';
      readonly pid: Pid;
      readonly addr: number;
      readonly length: number;
      readonly prot: Prot;
    }
  | { readonly call: 'read'; readonly pid: Pid; readonly addr: number; readonly length: number }
  | { readonly call: 'write'; readonly pid: Pid; readonly addr: number; readonly bytes: Uint8Array }
  | { readonly call: 'fork'; readonly pid: Pid }
  | { readonly call: 'reclaim'; readonly pid: Pid; readonly addr: number }
  | { readonly call: 'migrate'; readonly pid: Pid; readonly addr: number }
  | { readonly call: 'exit'; readonly pid: Pid }
  | { readonly call: 'open'; readonly pid: Pid; readonly device: DeviceName }
  | { readonly call: 'startQueue'; readonly pid: Pid; readonly fd: Fd }
  | { readonly call: 'mapRegion'; readonly pid: Pid; readonly fd: Fd; readonly region: Region }
  | { readonly call: 'close'; readonly pid: Pid; readonly fd: Fd }
  | { readonly call: 'send'; readonly pid: Pid; readonly fd: Fd; readonly descs: readonly Descriptor[] }
  | { readonly call: 'recv'; readonly pid: Pid; readonly fd: Fd; readonly max: number }
  | { readonly call: 'handleFaults'; readonly max: number }
  | { readonly call: 'deviceStep'; readonly device: DeviceName }
  /** Alternates `handleFaults(faultBatch)` and `deviceStep(device)` until neither moves. */
  | { readonly call: 'pump'; readonly device: DeviceName; readonly faultBatch: number }
  | { readonly call: 'quiesce' };

/** What running a stream produced. */
export interface StreamOutcome {
  /** A hash of every result, in order. */
  readonly digest: number;
  /** Commands that threw a WarpDriveError (a well-made stream has none). */
  readonly errors: number;
}

const FNV_PRIME = 0x01000193;

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ (value | 0) ^ ((value / 2 ** 32) | 0), FNV_PRIME);
}

function mixString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return h;
}

const STATUS_CODES = { ok: 1, fault: 2, invalid: 3, aborted: 4 } as const;

function mixCompletions(hash: number, completions: readonly Completion[]): number {
  let h = hash;
  for (const c of completions) {
    h = mix(mix(mix(h, c.tag), STATUS_CODES[c.status]), c.done);
    if (c.result !== undefined) h = mix(h, c.result);
    if (c.faultAddr !== undefined) h = mix(h, c.faultAddr);
  }
  return h;
}

function mixBytes(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) h = mix(h, bytes[i]);
  return h;
}

/** One command bound to its arguments: performs it and returns `hash` with its result folded in. */
export type CompiledOp = (system: SvaSystem, hash: number) => number;

/**
 * Binds a command to its arguments once, so that running a stream costs one call per command
 * (the same for model and impl) instead of a dispatch on the command's name.
 */
function compileOp(op: StreamOp): CompiledOp {
  switch (op.call) {
    case 'spawn':
      return (s, h) => mix(h, s.spawn());
    case 'mmap':
      return (s, h) => mix(h, s.mmap(op.pid, op.addr, op.length, op.prot));
    case 'munmap':
      return (s, h) => {
        s.munmap(op.pid, op.addr, op.length);
        return h;
      };
    case 'mprotect':
      return (s, h) => {
        s.mprotect(op.pid, op.addr, op.length, op.prot);
        return h;
      };
    case 'read':
      return (s, h) => mixBytes(h, s.read(op.pid, op.addr, op.length));
    case 'write':
      return (s, h) => {
        s.write(op.pid, op.addr, op.bytes);
        return h;
      };
    case 'fork':
      return (s, h) => mix(h, s.fork(op.pid));
    case 'reclaim':
      return (s, h) => {
        s.reclaim(op.pid, op.addr);
        return h;
      };
    case 'migrate':
      return (s, h) => {
        s.migrate(op.pid, op.addr);
        return h;
      };
    case 'exit':
      return (s, h) => {
        s.exit(op.pid);
        return h;
      };
    case 'open':
      return (s, h) => mix(h, s.open(op.pid, op.device));
    case 'startQueue':
      return (s, h) => {
        s.startQueue(op.pid, op.fd);
        return h;
      };
    case 'mapRegion':
      return (s, h) => {
        s.mapRegion(op.pid, op.fd, op.region);
        return h;
      };
    case 'close':
      return (s, h) => {
        s.close(op.pid, op.fd);
        return h;
      };
    case 'send':
      return (s, h) => mix(h, s.send(op.pid, op.fd, op.descs));
    case 'recv':
      return (s, h) => mixCompletions(h, s.recv(op.pid, op.fd, op.max));
    case 'handleFaults':
      return (s, h) => mix(h, s.handleFaults(op.max));
    case 'deviceStep':
      return (s, h) => mix(h, s.deviceStep(op.device) ? 1 : 0);
    case 'pump':
      return (s, h) => {
        let steps = 0;
        let moved: boolean;
        do {
          moved = s.handleFaults(op.faultBatch) > 0;
          moved = s.deviceStep(op.device) || moved;
          steps++;
        } while (moved);
        return mix(h, steps);
      };
    case 'quiesce':
      return (s, h) => mix(h, s.quiesce());
  }
}

/** A stream ready to run: every command bound to its arguments. */
export interface CompiledStream {
  readonly ops: readonly CompiledOp[];
}

/** Compiles a stream once; run it with `runStream` as often as needed. */
export function compileStream(ops: readonly StreamOp[]): CompiledStream {
  return { ops: ops.map(compileOp) };
}

/**
 * Runs every command of a stream (compiled, or compiled here) on `system` in order. A
 * WarpDriveError is folded into the digest by its errno and counted (the stream goes on); any
 * other error is a bug and propagates.
 */
export function runStream(system: SvaSystem, stream: CompiledStream | readonly StreamOp[]): StreamOutcome {
  const ops = 'ops' in stream ? stream.ops : compileStream(stream).ops;
  let hash = 0x811c9dc5;
  let errors = 0;
  for (let i = 0; i < ops.length; i++) {
    try {
      hash = ops[i](system, hash);
    } catch (e) {
      if (!(e instanceof WarpDriveError)) throw e;
      errors++;
      hash = mixString(hash, e.code);
    }
  }
  return { digest: hash >>> 0, errors };
}
