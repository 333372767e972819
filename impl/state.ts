// The state every layer of the impl system shares (processes, mms, memory, IOMMU, devices, queues)
// with the lookups that raise the first errnos of §S-1 (their checks in impl/checks.ts), the mmu-notifier wiring, descriptor
// completion and the dropping of mms. Later layers, in data-flow order: iommu/translate.ts,
// iommu/page-requests.ts, iommu/fault-handler.ts, device/engine.ts, system.ts.

import {
  resolveConfig,
  type DeviceName,
  type Fd,
  type MmId,
  type Pid,
  type QueueId,
  type ResolvedConfig,
  type SvaConfig,
} from '../interface/index.ts';
import {
  componentsOf,
  faultInjectionOf,
  knownDeviceIn,
  liveProcessIn,
  queueOfFdIn,
  presentDeviceIn,
} from './checks.ts';
import { QueueRings, STATUS_FAULT } from './device/queue-rings.ts';
import { Device } from './device.ts';
import { FaultInjector } from './fault-injection.ts';
import type { DmaAccessRecord } from './inspection-types.ts';
import { Iommu, defaultIommuComponents, type CacheKind, type IommuComponents } from './iommu/iommu.ts';
import { dropMmIfUnused } from './iommu/mm-lifetime.ts';
import type { FramePool } from './memory/frame-pool.ts';
import { Memory } from './memory/memory.ts';
import type { Mm } from './memory/mm.ts';
import type { InvalidationReason, MmuNotifier } from './memory/mmu-notifier.ts';
import type { Queue } from './queue.ts';
import { NestedTranslationCache } from './vm/nested-cache.ts';

/** The replaceable parts of an impl system (a seeded-bug variant injects its own, SPEC §9). @public */
export interface ImplComponents extends IommuComponents {
  /** Makes the rings of a new queue. */
  readonly queueRings: (depth: number) => QueueRings;
  /** Makes the nested IOTLB or one device's nested ATC (SPEC §13, impl/vm/nested-cache.ts). */
  readonly nestedTranslationCache: (kind: CacheKind, size: number) => NestedTranslationCache;
}

/** Options of `createSystem` beyond the config. @public */
export interface ImplOptions {
  /** Replacement parts; unnamed ones are the defaults. */
  readonly components?: Partial<ImplComponents>;
  /** Fault injection (SPEC §15, R23): `failNext` / `injectionConsumed` work; off (and free) by default. */
  readonly faultInjection?: boolean;
}

/**
 * What a guest kernel (impl/vm/guest-kernel.ts, SPEC §13) runs the same code over instead of a
 * host's own: its GPA frame pool and an IOMMU view that shares the host's page-request queue and
 * sends its invalidations to the host's nested caches. @internal
 */
export interface KernelParts {
  readonly frames: (config: ResolvedConfig) => FramePool;
  readonly iommu: (config: ResolvedConfig, components: ImplComponents) => Iommu;
}

/** The default parts. @public */
export const defaultComponents: ImplComponents = {
  ...defaultIommuComponents,
  queueRings: (depth) => new QueueRings(depth),
  nestedTranslationCache: (_kind, size) => new NestedTranslationCache(size),
};

/** A live process: its mm and fd table. */
export class Process {
  /** The pid. */
  readonly pid: Pid;
  /** Its address space (mm id = pid). */
  readonly mm: Mm;
  /** Open fds. */
  readonly fds = new Map<Fd, Queue>();

  constructor(pid: Pid, mm: Mm) {
    this.pid = pid;
    this.mm = mm;
  }
}

/** The shared state of the impl system; its fields are read by the behaviour files beside it. @internal */
export abstract class SystemState {
  /** The validated config. */
  readonly config: ResolvedConfig;
  /** The parts in use. */
  readonly components: ImplComponents;
  /** Memory of every mm. */
  readonly memory: Memory;
  /** Fault injection (R23), when the system was created with it. */
  readonly injector: FaultInjector | undefined;
  /** The IOMMU. */
  readonly iommu: Iommu;
  /** Devices in config order. */
  readonly devices: readonly Device[];
  /** Devices by name. */
  readonly deviceByName: ReadonlyMap<DeviceName, Device>;
  /** Live processes. */
  readonly processTable = new Map<Pid, Process>();
  /** Mms not yet dropped. */
  readonly mms = new Map<MmId, Mm>();
  /** Queue records not yet freed, in creation order. */
  readonly queues = new Map<QueueId, Queue>();
  /** The pid the next spawn/fork returns. */
  nextPid = 1;
  /** The id the next successful open gives its queue. */
  nextQueueId = 0;
  /** The DMA audit log while enabled; null (and free) when off. */
  audit: DmaAccessRecord[] | null = null;
  /** Bytes per page. */
  readonly pageSize: number;

  /** `parts`: a guest kernel's frame pool and IOMMU view (impl/vm/guest-kernel.ts); absent on the host. */
  constructor(config?: SvaConfig, options?: ImplOptions, parts?: KernelParts) {
    this.config = resolveConfig(config);
    this.components = { ...defaultComponents, ...componentsOf(options) };
    this.pageSize = this.config.pageSize;
    this.iommu =
      parts === undefined ? new Iommu(this.config, this.components) : parts.iommu(this.config, this.components);
    this.memory = this.createMemory(
      this.config,
      (mm, first, pages, reason) => this.invalidateTranslations(mm, first, pages, reason),
      parts?.frames(this.config),
    );
    this.devices = this.config.devices.map((d, i) => new Device(i, d));
    this.deviceByName = new Map(this.devices.map((d) => [d.config.name, d]));
    this.injector = faultInjectionOf(options) ? new FaultInjector() : undefined;
    if (this.injector !== undefined) {
      const refuse = this.injector.refuse;
      this.memory.setRefusal(refuse);
      this.iommu.pasids.refuse = refuse;
      for (const d of this.devices) d.refuse = refuse;
    }
  }

  /**
   * Makes the memory layer (called by the constructor; a seeded-bug variant may return a subclass of
   * Memory overriding one step, e.g. `copiedAtFork`). It must not read the variant's own fields.
   */
  protected createMemory(config: ResolvedConfig, notifier: MmuNotifier, frames: FramePool | undefined): Memory {
    return new Memory(config, notifier, frames);
  }

  /**
   * The mmu notifier: drops the mm's cached translations of the range from the IOTLB and every ATC,
   * before the memory layer lets the old frame be reused. An mm without a PASID has none cached.
   */
  protected invalidateTranslations(mm: Mm, firstPage: number, pages: number, _reason: InvalidationReason): void {
    // Stryker disable next-line ConditionalExpression: PASID 0 is never allocated (MUTATION.md: PASID 0)
    if (mm.pasid !== 0) this.iommu.invalidateRange(mm.pasid, firstPage, pages);
  }

  /** The live process `pid`, else ESRCH (§S-1: wrong-typed pids too; impl/checks.ts). */
  liveProcess(pid: Pid): Process {
    return liveProcessIn(this.processTable, pid);
  }

  /** The queue behind `fd` in `proc`, else EBADF. */
  queueOfFd(proc: Process, fd: Fd): Queue {
    return queueOfFdIn(proc, fd);
  }

  /** A device that is known and not removed, else ENODEV. */
  presentDevice(name: DeviceName): Device {
    return presentDeviceIn(this.deviceByName, name);
  }

  /** A device named in the config (removed or not), else ENODEV. */
  knownDevice(name: DeviceName): Device {
    return knownDeviceIn(this.deviceByName, name);
  }

  /**
   * Completes the queue's head descriptor: the ring push. The CQE takes the status, bytes done,
   * the CRC result (kept for an ok crc32) and the fault address (kept for `fault`).
   */
  completeHead(queue: Queue, status: number, done: number, result: number, faultAddr: number): void {
    queue.rings.complete(status, done, result, faultAddr);
    queue.headDone = 0;
    queue.headCrc = 0;
    queue.pendingCount--;
    queue.unreadCount++;
  }

  /** Completes the queue's head descriptor `fault` at `faultAddr` with the bytes done so far. */
  completeFault(queue: Queue, faultAddr: number): void {
    this.completeHead(queue, STATUS_FAULT, queue.headDone, 0, faultAddr);
  }

  /**
   * Drops an mm whose process has exited once no bond remains, freeing its PASID (§S-5 step 4, §S-7
   * step 5). Idempotent: a dropped mm's id is never reused and its PASID is already 0.
   */
  dropMmIfUnused(mm: Mm): void {
    dropMmIfUnused(this.mms, this.iommu.pasids, mm);
  }
}
