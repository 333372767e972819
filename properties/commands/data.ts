// The plain-JSON description of one command of a property run. Arguments are *references* (an index
// taken modulo the live pids, fds, areas or devices at run time) rather than values, so that every
// shrink step stays a meaningful sequence and a counterexample file replays exactly.

import type { Prot, Region } from '../../interface/index.ts';
import type { FaultQueueCommandData } from './fault-queue-data.ts';
import type { VmCommandData } from './vm-data.ts';

/** A process: an index modulo the live pids (ascending), or a deliberately bad pid. @public */
export type PidRef = number | 'exited' | 'unknown';

/** An fd of the resolved process: an index modulo its open fds (ascending), or an fd it does not have. @public */
export type FdRef = number | 'unknown';

/** A device: an index modulo the configured devices, or a name no device has. @public */
export type DeviceRef = number | 'unknown';

/**
 * An address. `area`: inside the process's `area`-th VMA (modulo its VMAs; the `page`-th page
 * modulo the area's pages) plus `off` bytes. `raw`: page `raw` of the arena (a small window of the
 * address space where the runs map their areas) plus `off` bytes. With no VMA an `area` reference
 * falls back to the arena page `page`. `alias`: the same address plus 2^vaBits — one whole address
 * space above a real page, where a radix walk that ignores high bits would land on that page.
 * `top`: the `top`-th page from the end of the address space (0 = the last page) plus `off` bytes.
 * @public
 */
export type AddrRef =
  | { readonly area: number; readonly page: number; readonly off: number; readonly alias?: true }
  | { readonly raw: number; readonly off: number }
  | { readonly top: number; readonly off: number }
  | LegacyAddrRef;

/**
 * Addresses of SPEC §14's modes, for descriptors. `ss`: page `ss` (modulo its pages) of the
 * static-share region of the fd's queue (else of any region of the process's mm) plus `off` — a VA,
 * or for a 'noiommu' queue that page's physical address. `phys`: the physical address of the
 * `phys`-th frame (modulo them) among the frames the snapshot shows present in any mm, plus `off` —
 * typically another process's page.
 * @public
 */
export type LegacyAddrRef =
  { readonly ss: number; readonly off: number } | { readonly phys: number; readonly off: number };

/** A well-formed descriptor's shape, with addresses still unresolved. @public */
export interface DescriptorSpec {
  readonly op: 'copy' | 'fill' | 'crc32';
  readonly src: AddrRef;
  readonly dst: AddrRef;
  /** Bytes; `-1`, `-2`, `-3` stand for the device's `maxLen + 1` (completes `invalid`), `maxLen`, `maxLen - 1`. */
  readonly len: number;
  readonly value: number;
  readonly tag: number;
}

/** The ways a descriptor can be malformed (SEMANTICS §S-9), each EINVAL at send. @public */
export type MalformedKind =
  'badOp' | 'negativeLen' | 'fractionalSrc' | 'extraField' | 'missingTag' | 'bigValue' | 'bigTag';

/** One descriptor of a `send`: well-formed, or malformed on purpose. @public */
export type DescriptorData = DescriptorSpec | { readonly malformed: MalformedKind };

/** A protection, or an invalid protection string on purpose. @public */
export type ProtArg = Prot | 'bad';

/** A region, or an unknown region name on purpose. @public */
export type RegionArg = Region | 'bad';

/** One command of a property run; `cmd` names the `SvaSystem` operation (or the compound `openReady`). @public */
export type CommandData =
  | { readonly cmd: 'spawn' }
  | {
      readonly cmd: 'mmap';
      readonly p: PidRef;
      readonly at: AddrRef;
      readonly pages: number;
      readonly skew: number;
      readonly prot: ProtArg;
    }
  | { readonly cmd: 'munmap'; readonly p: PidRef; readonly at: AddrRef; readonly pages: number; readonly skew: number }
  | {
      readonly cmd: 'mprotect';
      readonly p: PidRef;
      readonly at: AddrRef;
      readonly pages: number;
      readonly skew: number;
      readonly prot: ProtArg;
    }
  | { readonly cmd: 'read'; readonly p: PidRef; readonly at: AddrRef; readonly len: number }
  | { readonly cmd: 'write'; readonly p: PidRef; readonly at: AddrRef; readonly len: number; readonly seed: number }
  | { readonly cmd: 'fork'; readonly p: PidRef }
  | { readonly cmd: 'reclaim'; readonly p: PidRef; readonly at: AddrRef }
  | { readonly cmd: 'migrate'; readonly p: PidRef; readonly at: AddrRef }
  | { readonly cmd: 'exit'; readonly p: PidRef }
  | { readonly cmd: 'open'; readonly p: PidRef; readonly dev: DeviceRef }
  /** open, map both regions, start: the usual way to a working queue, one command. */
  | { readonly cmd: 'openReady'; readonly p: PidRef; readonly dev: DeviceRef }
  | { readonly cmd: 'startQueue' | 'stopQueue' | 'close' | 'poll' | 'queueInfo'; readonly p: PidRef; readonly f: FdRef }
  /** unmap both regions, close: how a live process releases its queue (UADK's release), one command. */
  | { readonly cmd: 'closeQueue'; readonly p: PidRef; readonly f: FdRef }
  | { readonly cmd: 'mapRegion' | 'unmapRegion'; readonly p: PidRef; readonly f: FdRef; readonly region: RegionArg }
  | { readonly cmd: 'send'; readonly p: PidRef; readonly f: FdRef; readonly descs: readonly DescriptorData[] }
  /** `'exact'`: as many as the queue has unread (the limit itself). */
  | { readonly cmd: 'recv'; readonly p: PidRef; readonly f: FdRef; readonly max: number | 'exact' }
  | { readonly cmd: 'removeDevice'; readonly dev: DeviceRef }
  /** `deviceStep(dev)` repeated `times` times (each a separate, compared call). */
  | { readonly cmd: 'deviceStep'; readonly dev: DeviceRef; readonly times: number }
  /** `null`: no argument (all groups); `'exact'`: as many as are queued. */
  | { readonly cmd: 'handleFaults'; readonly max: number | null | 'exact' }
  | { readonly cmd: 'quiesce' }
  /** `'exact'`: as many as the device has unread. */
  | { readonly cmd: 'readEvents'; readonly dev: DeviceRef; readonly max: number | null | 'exact' }
  | { readonly cmd: 'pasidOf'; readonly p: PidRef }
  | { readonly cmd: 'deviceInfo'; readonly dev: DeviceRef }
  | { readonly cmd: 'processes' }
  /**
   * SPEC §14: a static-share region of `pages` pages (with `skew` bytes, EINVAL when not 0) at `at`;
   * `'pastFree'`: one page more than the free frames (the ENOMEM limit).
   */
  | {
      readonly cmd: 'mapSs';
      readonly p: PidRef;
      readonly f: FdRef;
      readonly at: AddrRef;
      readonly pages: number | 'pastFree';
      readonly skew: number;
    }
  /** `'end'`: the queue's region's page count (the first index outside it); `'last'`: one less. */
  | { readonly cmd: 'ssDma'; readonly p: PidRef; readonly f: FdRef; readonly index: number | 'end' | 'last' }
  | FaultQueueCommandData
  | VmCommandData;

/** The name of a command kind. @public */
export type CommandName = CommandData['cmd'];
