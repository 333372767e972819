// The impl system's facade: each public SvaSystem operation (SPEC §3-§8) runs the argument checks of
// §S-1 (impl/checks.ts), then delegates to the behaviour file named after its model twin
// (impl/device/queues.ts, release.ts, drain.ts, removal.ts, quiesce.ts, impl/iommu/bonds.ts, …).
// Every method is bound (§S-1 "unbound methods"). Seeded-bug variants (SPEC §9) subclass it and
// override `release` or a step of the layer below (translate, respond, handleGroup, …), or inject a
// replaced part (ImplComponents).

import {
  SYSTEM_METHODS,
  bindMethods,
  snapshotWantsContents,
  type Completion,
  type Descriptor,
  type DeviceInfo,
  type DeviceName,
  type Fd,
  type Pasid,
  type Pid,
  type Prot,
  type QueueInfo,
  type ReadEventsResult,
  type Region,
  type SnapshotOptions,
  type SvaConfig,
  type SvaSystem,
  type SystemSnapshot,
} from '../interface/index.ts';
import {
  checkAlignedRange,
  checkHoldsRegions,
  checkNotZombie,
  checkPageAddress,
  checkProt,
  checkReadArgs,
  checkRecvMax,
  checkRegion,
  checkTakeMax,
  descriptorListOf,
  fail,
  writeBytesOf,
  type VaGeometry,
} from './checks.ts';
import { openQueue, queueInfoOf, receiveCompletions, sendDescriptors, startQueue, stopQueue } from './device/queues.ts';
import { quiesce } from './device/quiesce.ts';
import { mapRegion, unmapRegion } from './device/regions.ts';
import { closeFd, releaseQueue } from './device/release.ts';
import { removeDevice } from './device/removal.ts';
import { checkStaticShareMode, mapStaticShare, staticShareDma } from './device/static-share.ts';
import { exitProcess } from './exit.ts';
import type { DmaAccessRecord, ImplInspection } from './inspection-types.ts';
import { buildInspection } from './inspection.ts';
import { readEvents } from './iommu/events.ts';
import { forkProcess } from './memory/fork.ts';
import { protToBits } from './memory/prot-bits.ts';
import type { Queue } from './queue.ts';
import { buildSnapshot, type SnapshotSources } from './snapshot.ts';
import { Process, type ImplOptions, type KernelParts } from './state.ts';
import { nestedInspection } from './vm/vm-inspection.ts';
import { VmOps } from './vm/vm-ops.ts';
import { assignedView, vmSnapshots } from './vm/vm-snapshot.ts';

/** An `SvaSystem` with the inspection hook the impl invariants (I1-I3) read. @public */
export interface ImplSystem extends SvaSystem {
  /** The impl's internals as invariants I1-I3 read them. */
  inspect(): ImplInspection;
  /** Starts (true) or stops (false) recording DMA accesses for I2; stopping keeps what was recorded. */
  setDmaAudit(enabled: boolean): void;
  /** Forgets the DMA accesses recorded so far. */
  clearDmaAudit(): void;
  /**
   * Fault injection (SPEC §15, R23; needs `createSystem(config, { faultInjection: true })`, EINVAL
   * otherwise): the next call's n-th fallible step (frame, page-table page, PASID, hardware queue)
   * fails as if its resource were exhausted. `n` is an integer ≥ 1 (EINVAL otherwise).
   */
  failNext(n: number): void;
  /** Whether the last call's armed injection fired (false without fault injection). */
  injectionConsumed(): boolean;
}

/** The impl-only public methods, bound like the SvaSystem ones. */
const IMPL_METHODS = ['inspect', 'setDmaAudit', 'clearDmaAudit', 'failNext', 'injectionConsumed'];

/** The optimized WarpDrive SVA system. @public */
export class WarpDriveSystem extends VmOps implements ImplSystem {
  /** What the audit recorded before it was stopped. */
  private stoppedAudit: DmaAccessRecord[] = [];

  /** `parts` only for a guest kernel (impl/vm/guest-kernel.ts). */
  constructor(config?: SvaConfig, options?: ImplOptions, parts?: KernelParts) {
    super(config, options, parts);
    // §S-1: every method works unbound; bound after construction, so a variant's override is the one bound
    bindMethods(this, SYSTEM_METHODS);
    bindMethods(this, IMPL_METHODS);
    // Only a system with fault injection knows where its calls begin and end (R23: zero cost when off).
    // `guest(vm)` only hands out the guest's methods (each a call of its own), so it is not a call.
    this.injector?.wrap(
      this,
      SYSTEM_METHODS.filter((m) => m !== 'guest'),
    );
  }

  /** Arms fault injection for the next call (R23). */
  failNext(n: number): void {
    if (this.injector === undefined) fail('failNext needs a system created with { faultInjection: true }');
    if (!Number.isSafeInteger(n) || n < 1) fail(`failNext needs an integer ≥ 1, got ${String(n)}`);
    this.injector.arm(n);
  }

  /** Whether the last call's armed injection fired (R23). */
  injectionConsumed(): boolean {
    return this.injector?.consumed() ?? false;
  }

  /** Page size and VA limit, for the range checks. */
  private get geometry(): VaGeometry {
    return { pageSize: this.pageSize, vaLimit: this.memory.vaLimit };
  }

  // ── processes and memory (SPEC §4, §S-3) ──

  /** A new process with an empty mm and no fds. */
  spawn(): Pid {
    const pid = this.nextPid++;
    const mm = this.memory.createMm(pid);
    this.mms.set(pid, mm);
    this.processTable.set(pid, new Process(pid, mm));
    return pid;
  }

  /** Maps `[addr, addr+length)` with `prot` (§S-1 alignment, EEXIST on overlap); returns `addr`. */
  mmap(pid: Pid, addr: number, length: number, prot: Prot): number {
    const proc = this.liveProcess(pid);
    checkAlignedRange(this.geometry, 'mmap', addr, length, this.pageSize);
    checkProt('mmap', prot);
    this.memory.mmap(proc.mm, addr, length, protToBits(prot));
    return addr;
  }

  /** Removes every area piece and page in an aligned range. */
  munmap(pid: Pid, addr: number, length: number): void {
    const proc = this.liveProcess(pid);
    checkAlignedRange(this.geometry, 'munmap', addr, length);
    this.memory.munmap(proc.mm, addr, length);
  }

  /** Sets the protection of a fully mapped aligned range (ENOMEM otherwise). */
  mprotect(pid: Pid, addr: number, length: number, prot: Prot): void {
    const proc = this.liveProcess(pid);
    checkAlignedRange(this.geometry, 'mprotect', addr, length);
    checkProt('mprotect', prot);
    this.memory.mprotect(proc.mm, addr, length, protToBits(prot));
  }

  /** A CPU read; changes nothing. */
  read(pid: Pid, addr: number, length: number): Uint8Array {
    const proc = this.liveProcess(pid);
    checkReadArgs(addr, length);
    return this.memory.read(proc.mm, addr, length);
  }

  /** A CPU write; makes every touched page present and private. */
  write(pid: Pid, addr: number, bytes: Uint8Array): void {
    const proc = this.liveProcess(pid);
    const view = writeBytesOf(addr, bytes);
    // A zero-length write touches no page, so it needs no frame (memory.write would count the page
    // of an unaligned address).
    if (view.length === 0) return;
    this.memory.write(proc.mm, addr, view);
  }

  /** A child with copy-on-write memory and the parent's fds (no PASID, no region mappings). */
  fork(pid: Pid): Pid {
    return forkProcess(this, this.liveProcess(pid));
  }

  /** Swaps a present, unshared page out. */
  reclaim(pid: Pid, addr: number): void {
    const proc = this.liveProcess(pid);
    checkPageAddress(this.geometry, 'reclaim', addr);
    this.memory.reclaim(proc.mm, addr);
  }

  /** Moves a present page to another frame. */
  migrate(pid: Pid, addr: number): void {
    const proc = this.liveProcess(pid);
    checkPageAddress(this.geometry, 'migrate', addr);
    this.memory.migrate(proc.mm, addr, this.mms.values());
  }

  /** Tears the process down in the order of §S-7 (impl/exit.ts). */
  exit(pid: Pid): void {
    exitProcess(this, pid);
  }

  // ── queues (SPEC §6, §S-5; impl/device/queues.ts, regions.ts, release.ts) ──

  /** Opens a queue: PASID (kept even if open then fails), EOVERFLOW, EBUSY, then bond and fd. */
  open(pid: Pid, device: DeviceName): Fd {
    const proc = this.liveProcess(pid);
    return openQueue(this, proc, this.presentDevice(device));
  }

  /** START_Q. */
  startQueue(pid: Pid, fd: Fd): void {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    startQueue(queue);
  }

  /** PUT_Q: a started queue drains and returns to `init`; completions stay readable. */
  stopQueue(pid: Pid, fd: Fd): void {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    stopQueue(this, queue);
  }

  /** Maps a region of the queue into `pid` (EEXIST if mapped by anyone). */
  mapRegion(pid: Pid, fd: Fd, region: Region): void {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    checkRegion(region);
    checkNotZombie(queue);
    mapRegion(queue, pid, region);
  }

  /** Unmaps a region `pid` holds (EINVAL otherwise); may release the queue. */
  unmapRegion(pid: Pid, fd: Fd, region: Region): void {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    checkRegion(region);
    unmapRegion(this, queue, pid, region);
  }

  /** Closes the fd; may release the queue. */
  close(pid: Pid, fd: Fd): void {
    const proc = this.liveProcess(pid);
    this.queueOfFd(proc, fd);
    closeFd(this, proc, fd);
  }

  /** Queues descriptors in order (§S-9 check order); returns how many. */
  send(pid: Pid, fd: Fd, descs: readonly Descriptor[]): number {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    checkHoldsRegions(queue, pid);
    return sendDescriptors(queue, descriptorListOf(descs)); // private copies: the caller's objects are not read again
  }

  /** Up to `max` completions in submission order (EAGAIN if none is ready). */
  recv(pid: Pid, fd: Fd, max = 1): Completion[] {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    checkHoldsRegions(queue, pid);
    checkRecvMax(max);
    return receiveCompletions(queue, max);
  }

  /** Whether a completion is ready (false for a zombie). */
  poll(pid: Pid, fd: Fd): boolean {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    // Stryker disable next-line ConditionalExpression: a zombie's rings are empty (docs/MUTATION.md)
    return queue.state !== 'zombie' && queue.rings.ready();
  }

  /** Hot-unplugs a device (§S-10; impl/device/removal.ts). */
  removeDevice(device: DeviceName): void {
    const dev = this.presentDevice(device);
    if (dev.assignedTo !== 0) this.removeAssignedDevice(dev); // §13: removal inside the guest first
    removeDevice(this, dev);
  }

  // ── environment steps (SPEC §5, §6) ──

  /** Serves one chunk of one queue of the device; whether a queue was picked. */
  deviceStep(device: DeviceName): boolean {
    return this.stepDevice(this.presentDevice(device));
  }

  /** Handles up to `max` page-request groups in FIFO order; returns how many were taken. */
  handleFaults(max: number = Infinity): number {
    checkTakeMax('handleFaults', max);
    return this.handleGroups(max);
  }

  /** Alternates handleFaults() and deviceStep on every present device until nothing moves (§S-9). */
  quiesce(): number {
    return quiesce(this);
  }

  /** Takes up to `max` fault events of the device and the lost count (which resets). */
  readEvents(device: DeviceName, max: number = Infinity): ReadEventsResult {
    const dev = this.presentDevice(device);
    checkTakeMax('readEvents', max);
    return readEvents(this.iommu.events[dev.index], max);
  }

  // ── WarpDrive's older modes (SPEC §14; impl/device/static-share.ts) ──

  /** Allocates the queue's static-share region at `va` (pinned, `rw`); returns `va`. */
  mapSs(pid: Pid, fd: Fd, va: number, length: number): number {
    const proc = this.liveProcess(pid);
    const queue = this.queueOfFd(proc, fd);
    checkNotZombie(queue);
    checkStaticShareMode(this, queue);
    checkAlignedRange(this.geometry, 'mapSs', va, length, this.pageSize);
    return mapStaticShare(this, proc, queue, va, length);
  }

  /** The physical address of page `index` of a 'noiommu' queue's static-share region. */
  ssDma(pid: Pid, fd: Fd, index: number): number {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    return staticShareDma(this, queue, index);
  }

  // ── observation ──

  /** The process's PASID, or undefined. */
  pasidOf(pid: Pid): Pasid | undefined {
    const pasid = this.liveProcess(pid).mm.pasid;
    return pasid === 0 ? undefined : pasid;
  }

  /** `{ device, state, pasid, hwQueue, outstanding }`; a zombie has no pasid or hwQueue (§S-10). */
  queueInfo(pid: Pid, fd: Fd): QueueInfo {
    return queueInfoOf(this, this.queueOfFd(this.liveProcess(pid), fd));
  }

  /** `{ availableInstances, removed, prqOverflow }` (ENODEV only if unknown). */
  deviceInfo(device: DeviceName): DeviceInfo {
    const dev = this.knownDevice(device);
    return { availableInstances: dev.availableInstances, removed: dev.removed, prqOverflow: this.iommu.prq.overflow };
  }

  /** Live pids, ascending. */
  processes(): Pid[] {
    return [...this.processTable.keys()]; // pids are handed out increasing and never re-inserted
  }

  /** The abstract state (interface/snapshot.ts). */
  snapshot(options?: SnapshotOptions): SystemSnapshot {
    const contents = snapshotWantsContents(options);
    return buildSnapshot(this.sources(), contents, {
      assigned: (d) => assignedView(this, d),
      vms: vmSnapshots(this, contents),
    });
  }

  /** What a snapshot reads (a guest kernel's too). @internal */
  sources(): SnapshotSources {
    return {
      nextPid: this.nextPid,
      processes: this.processTable,
      mms: this.mms,
      memory: this.memory,
      iommu: this.iommu,
      devices: this.devices,
      queues: this.queues,
      faultQueues: this.faultQueues,
      routes: this.routes,
    };
  }

  // ── inspection hook ──

  /** The internals invariants I1-I3 read. */
  inspect(): ImplInspection {
    return buildInspection(
      { mms: this.mms, memory: this.memory, iommu: this.iommu, devices: this.devices, queues: this.queues },
      this.audit ?? this.stoppedAudit,
      nestedInspection(this),
    );
  }

  /** Starts or stops recording DMA accesses. */
  setDmaAudit(enabled: boolean): void {
    if (enabled && this.audit === null) {
      this.audit = this.stoppedAudit;
      this.stoppedAudit = [];
    } else if (!enabled && this.audit !== null) {
      this.stoppedAudit = this.audit;
      this.audit = null;
    }
  }

  /** Forgets the recorded DMA accesses. */
  clearDmaAudit(): void {
    if (this.audit !== null) this.audit.length = 0;
    this.stoppedAudit = [];
  }

  // ── the zoo's seam (SPEC §9): release is the one lifecycle step a variant overrides ──

  /** Release at zero references (impl/device/release.ts). @internal */
  release(queue: Queue): void {
    releaseQueue(this, queue);
  }
}
