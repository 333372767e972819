// The impl system: the public SvaSystem operations (SPEC §3-§8) with the argument checks of §S-1
// (impl/checks.ts), every method bound (§S-1 "unbound methods"),
// queue lifecycle (open, references, release, drain, unbind), exit and device removal, snapshot and
// the inspection hook. Seeded-bug variants (SPEC §9) subclass it and override a protected step.

import {
  SYSTEM_METHODS, WarpDriveError, bindMethods, snapshotWantsContents, type Completion, type Descriptor, type DeviceInfo, type DeviceName, type Fd, type Pasid,
  type Pid, type Prot, type QueueInfo, type ReadEventsResult, type Region, type SnapshotOptions, type SvaConfig,
  type SvaSystem, type SystemSnapshot,
} from '../interface/index.ts';
import type { Device } from './device.ts';
import { Queue } from './queue.ts';
import { buildInspection } from './inspection.ts';
import type { DmaAccessRecord, ImplInspection } from './inspection-types.ts';
import { DeviceEngine } from './device/engine.ts';
import { isSvaSlot, slotMm } from './iommu/pasid-table.ts';
import type { Mm } from './memory/mm.ts';
import { protToBits } from './memory/prot-bits.ts';
import { buildSnapshot } from './snapshot.ts';
import { Process, type ImplOptions } from './state.ts';
import {
  checkAlignedRange, checkHoldsRegions, checkNotZombie, checkPageAddress, checkProt, checkReadArgs, checkRecvMax,
  checkRegion, checkTakeMax, descriptorListOf, fail, writeBytesOf, type VaGeometry,
} from './checks.ts';

/** An `SvaSystem` with the inspection hook the impl invariants (I1-I3) read. @public */
export interface ImplSystem extends SvaSystem {
  /** The impl's internals as invariants I1-I3 read them. */
  inspect(): ImplInspection;
  /** Starts (true) or stops (false) recording DMA accesses for I2; stopping keeps what was recorded. */
  setDmaAudit(enabled: boolean): void;
  /** Forgets the DMA accesses recorded so far. */
  clearDmaAudit(): void;
}

/** The impl-only public methods, bound like the SvaSystem ones. */
const IMPL_METHODS = ['inspect', 'setDmaAudit', 'clearDmaAudit'];

/** The optimized WarpDrive SVA system. @public */
export class WarpDriveSystem extends DeviceEngine implements ImplSystem {
  /** What the audit recorded before it was stopped. */
  private stoppedAudit: DmaAccessRecord[] = [];

  constructor(config?: SvaConfig, options?: ImplOptions) {
    super(config, options);
    // §S-1: every method works unbound; bound after construction, so a variant's override is the one bound
    bindMethods(this, SYSTEM_METHODS);
    bindMethods(this, IMPL_METHODS);
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
    const parent = this.liveProcess(pid);
    const childPid = this.nextPid++;
    const childMm = this.memory.fork(parent.mm, childPid);
    this.mms.set(childPid, childMm);
    const child = new Process(childPid, childMm);
    for (const [fd, queue] of parent.fds) {
      child.fds.set(fd, queue);
      queue.fdRefs++;
    }
    this.processTable.set(childPid, child);
    return childPid;
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

  /** Tears the process down in the order of §S-7. */
  exit(pid: Pid): void {
    const proc = this.liveProcess(pid);
    const mm = proc.mm;
    this.processTable.delete(pid);
    mm.exited = true;
    this.abortSlotsOf(mm);
    this.memory.teardown(mm);
    for (const queue of [...this.queues.values()]) {
      if (queue.mmio === pid) {
        queue.mmio = 0;
        this.dropReference(queue);
      }
      if (queue.dus === pid) {
        queue.dus = 0;
        this.dropReference(queue);
      }
    }
    for (const fd of [...proc.fds.keys()].sort((a, b) => a - b)) this.closeFd(proc, fd);
    this.dropMmIfUnused(mm);
  }

  // ── queues (SPEC §6, §S-5) ──

  /** Opens a queue: PASID (kept even if open then fails), EOVERFLOW, EBUSY, then bond and fd. */
  open(pid: Pid, device: DeviceName): Fd {
    const proc = this.liveProcess(pid);
    const dev = this.presentDevice(device);
    const mm = proc.mm;
    if (mm.pasid === 0) {
      const pasid = this.iommu.pasids.allocate(mm.id);
      if (pasid === 0) throw new WarpDriveError('ENOSPC', 'PASID space exhausted');
      mm.pasid = pasid;
    }
    if (mm.pasid >= 2 ** dev.config.pasidBits) {
      throw new WarpDriveError('EOVERFLOW', `PASID ${mm.pasid} does not fit ${device}'s ${dev.config.pasidBits} bits`);
    }
    const hw = dev.lowestFreeHwQueue();
    if (hw < 0) throw new WarpDriveError('EBUSY', `no free hardware queue on ${device}`);
    let fd = 3;
    while (proc.fds.has(fd)) fd++;
    const queue = new Queue(this.nextQueueId++, dev.index, mm, hw, this.components.queueRings(dev.config.ringDepth));
    dev.hwQueues[hw] = queue;
    this.queues.set(queue.id, queue);
    proc.fds.set(fd, queue);
    this.bind(dev, mm);
    return fd;
  }

  /** START_Q. */
  startQueue(pid: Pid, fd: Fd): void {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    if (queue.state === 'started') fail(`queue ${queue.id} already started`);
    queue.state = 'started';
  }

  /** PUT_Q: a started queue drains and returns to `init`; completions stay readable. */
  stopQueue(pid: Pid, fd: Fd): void {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    if (queue.state !== 'started') return;
    this.drain(queue);
    queue.state = 'init';
  }

  /** Maps a region of the queue into `pid` (EEXIST if mapped by anyone). */
  mapRegion(pid: Pid, fd: Fd, region: Region): void {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    checkRegion(region);
    checkNotZombie(queue);
    if (queue[region] !== 0) throw new WarpDriveError('EEXIST', `region ${region} of queue ${queue.id} already mapped`);
    queue[region] = pid;
  }

  /** Unmaps a region `pid` holds (EINVAL otherwise); may release the queue. */
  unmapRegion(pid: Pid, fd: Fd, region: Region): void {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    checkRegion(region);
    if (queue[region] !== pid) fail(`process ${pid} does not hold region ${region} of queue ${queue.id}`);
    queue[region] = 0;
    this.dropReference(queue);
  }

  /** Closes the fd; may release the queue. */
  close(pid: Pid, fd: Fd): void {
    const proc = this.liveProcess(pid);
    this.openQueue(proc, fd);
    this.closeFd(proc, fd);
  }

  /** Queues descriptors in order (§S-9 check order); returns how many. */
  send(pid: Pid, fd: Fd, descs: readonly Descriptor[]): number {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    checkHoldsRegions(queue, pid);
    const list = descriptorListOf(descs); // private copies: the caller's objects are not read again
    if (list.length > queue.rings.freeSlots()) {
      throw new WarpDriveError('EBUSY', `${list.length} descriptors, ${queue.rings.freeSlots()} free slots`);
    }
    for (const desc of list) {
      queue.rings.submit(desc);
      queue.pendingCount++;
    }
    return list.length;
  }

  /** Up to `max` completions in submission order (EAGAIN if none is ready). */
  recv(pid: Pid, fd: Fd, max = 1): Completion[] {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    checkNotZombie(queue);
    checkHoldsRegions(queue, pid);
    checkRecvMax(max);
    if (!queue.rings.ready()) throw new WarpDriveError('EAGAIN', `no completion ready on queue ${queue.id}`);
    const out: Completion[] = [];
    while (out.length < max && queue.rings.ready()) {
      out.push(queue.rings.receive());
      queue.unreadCount--;
    }
    return out;
  }

  /** Whether a completion is ready (false for a zombie). */
  poll(pid: Pid, fd: Fd): boolean {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    // Stryker disable next-line ConditionalExpression: makeZombie emptied the rings and a removed device never serves again, so ready() is false for a zombie too
    return queue.state !== 'zombie' && queue.rings.ready();
  }

  /** Hot-unplugs a device (§S-10). */
  removeDevice(device: DeviceName): void {
    const dev = this.presentDevice(device);
    dev.removed = true;
    const zombies: Queue[] = [];
    // Stryker disable next-line EqualityOperator: index length reads undefined, which the loop skips
    for (let h = 0; h < dev.hwQueues.length; h++) {
      const queue = dev.hwQueues[h];
      if (queue === undefined) continue;
      dev.hwQueues[h] = undefined;
      this.makeZombie(queue);
      zombies.push(queue);
    }
    this.discardPageRequests(dev);
    const table = this.iommu.pasidTables[dev.index];
    for (const slot of table.slots()) {
      table.clear(slot.pasid);
      this.iommu.invalidatePasidFor(dev.index, slot.pasid);
    }
    const unbound: Mm[] = [];
    for (const [mmId, count] of dev.bonds) {
      const mm = this.mms.get(mmId);
      if (mm === undefined) continue;
      mm.bonds -= count;
      unbound.push(mm);
    }
    dev.bonds.clear();
    for (const mm of unbound) this.dropMmIfUnused(mm);
    for (const queue of zombies) if (queue.references === 0) this.queues.delete(queue.id);
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
    const limit = this.roundLimit();
    let rounds = 0;
    let moved: boolean;
    const prq = this.iommu.prq;
    do {
      // Stryker disable next-line EqualityOperator,StringLiteral: livelock guard, no correct run reaches roundLimit(); internal Error text
      if (++rounds > limit) throw new Error(`quiesce: no progress after ${limit} rounds (livelock)`);
      moved = this.handleGroups(Infinity) > 0;
      let active: Device | undefined;
      let activeDevices = 0;
      for (const dev of this.devices) {
        if (!dev.removed && this.stepDevice(dev)) {
          moved = true;
          active = dev;
          // Stryker disable next-line UpdateOperator: miscounting only disables the fast-forward below, a pure optimisation of the same rounds
          activeDevices++;
        }
      }
      // Fast-forward, same rounds: while the PRQ stays empty, a round's handleFaults takes nothing
      // and the devices that did not move cannot (only the active device's own steps change
      // anything, and nothing of theirs), so each round is exactly one step of the active device.
      // Stryker disable next-line BlockStatement: without the fast-forward the full rounds do the same steps and count the same rounds
      if (activeDevices === 1 && active !== undefined && prq.length === 0) {
        for (;;) {
          // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: livelock guard, no correct run reaches roundLimit(); internal Error text
          if (rounds >= limit) throw new Error(`quiesce: no progress after ${limit} rounds (livelock)`);
          // Stryker disable next-line ArithmeticOperator: the step budget only binds past the livelock limit
          const steps = this.stepDeviceRepeatedly(active, limit - rounds);
          if (steps === 0) return rounds + 1; // a round where nothing moved ends quiesce
          rounds += steps;
          // Stryker disable next-line ConditionalExpression: leaving the fast-forward early only falls back to full rounds, which do the same steps
          if (prq.length !== 0) break; // a step queued a group: back to full rounds
        }
      }
    } while (moved);
    return rounds;
  }

  /** Takes up to `max` fault events of the device and the lost count (which resets). */
  readEvents(device: DeviceName, max: number = Infinity): ReadEventsResult {
    const dev = this.presentDevice(device);
    checkTakeMax('readEvents', max);
    const ring = this.iommu.events[dev.index];
    const events = ring.take(max);
    const lost = ring.lost;
    ring.lost = 0;
    return { events, lost };
  }

  // ── observation ──

  /** The process's PASID, or undefined. */
  pasidOf(pid: Pid): Pasid | undefined {
    const pasid = this.liveProcess(pid).mm.pasid;
    return pasid === 0 ? undefined : pasid;
  }

  /** `{ device, state, pasid, hwQueue, outstanding }`; a zombie has no pasid or hwQueue (§S-10). */
  queueInfo(pid: Pid, fd: Fd): QueueInfo {
    const queue = this.openQueue(this.liveProcess(pid), fd);
    const device = this.devices[queue.device].config.name;
    if (queue.state === 'zombie') return { device, state: 'zombie', outstanding: 0 };
    return { device, state: queue.state, pasid: queue.mm.pasid, hwQueue: queue.hwQueue, outstanding: queue.rings.used };
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
    return buildSnapshot({
      nextPid: this.nextPid, processes: this.processTable, mms: this.mms, memory: this.memory, iommu: this.iommu,
      devices: this.devices, queues: this.queues,
    }, contents);
  }

  // ── inspection hook ──

  /** The internals invariants I1-I3 read. */
  inspect(): ImplInspection {
    return buildInspection({ mms: this.mms, memory: this.memory, iommu: this.iommu, devices: this.devices, queues: this.queues }, this.audit ?? this.stoppedAudit);
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

  // ── lifecycle steps (protected: a seeded-bug variant overrides one) ──

  /** Adds a bond (device, mm); the first sets the slot of the mm's PASID to `sva(mm)` (§S-5). */
  protected bind(device: Device, mm: Mm): void {
    const count = device.bonds.get(mm.id) ?? 0;
    // Stryker disable next-line ConditionalExpression: a later bond of the same mm would rewrite the slot with the same sva(mm) value
    if (count === 0) this.iommu.pasidTables[device.index].setSva(mm.pasid, mm.id);
    device.bonds.set(mm.id, count + 1);
    mm.bonds++;
  }

  /**
   * Drops a bond; the last one discards the device's queued groups of the PASID and clears the
   * slot (§S-5 step 3), dropping the slot's cached translations.
   */
  protected unbind(device: Device, mm: Mm): void {
    const count = (device.bonds.get(mm.id) ?? 0) - 1;
    mm.bonds--;
    if (count > 0) {
      device.bonds.set(mm.id, count);
      return;
    }
    device.bonds.delete(mm.id);
    this.discardPageRequests(device, mm.pasid);
    this.iommu.pasidTables[device.index].clear(mm.pasid);
    this.iommu.invalidatePasidFor(device.index, mm.pasid);
  }

  /** Drops one reference; the queue is released when none remain. */
  protected dropReference(queue: Queue): void {
    if (queue.references === 0) this.release(queue);
  }

  /**
   * Release at zero references (§S-5): drain a started queue (an init queue's work is dropped),
   * free the hardware queue, unbind, drop the mm if that was its last bond and it has exited. A
   * zombie is just freed.
   */
  protected release(queue: Queue): void {
    if (queue.state === 'zombie') {
      this.queues.delete(queue.id);
      return;
    }
    const device = this.devices[queue.device];
    if (queue.state === 'started') this.drain(queue);
    else this.dropWork(queue);
    this.freeHardwareQueue(device, queue);
    this.unbind(device, queue.mm);
    this.dropMmIfUnused(queue.mm);
    this.queues.delete(queue.id);
  }

  /**
   * Drain (§S-6): handle every queued group, then serve this queue once, until it has no pending
   * descriptor; does not move `lastServed`. Stops if the queue still waits with the PRQ empty.
   */
  protected drain(queue: Queue): void {
    const device = this.devices[queue.device];
    const limit = this.roundLimit();
    // Stryker disable next-line UpdateOperator: only feeds the livelock guard below, which no correct run reaches roundLimit()
    for (let rounds = 0; queue.pendingCount > 0; rounds++) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: livelock guard, no correct run reaches roundLimit(); internal Error text
      if (rounds > limit) throw new Error(`drain of queue ${queue.id}: no progress after ${limit} rounds`);
      this.handleGroups(Infinity);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: handleGroups just answered every queued group (an overflowing one is answered when issued), so only a seeded bug that drops a response leaves the queue waiting here
      if (queue.waitingPrg >= 0) return;
      if (queue.pendingCount > 0) this.serveQueue(device, queue);
    }
  }

  /** Returns the queue's hardware queue to the device's pool. */
  protected freeHardwareQueue(device: Device, queue: Queue): void {
    // Stryker disable next-line ConditionalExpression: a live queue keeps its hardware queue until release; only seeded bug 19 frees it earlier
    if (device.hwQueues[queue.hwQueue] === queue) device.hwQueues[queue.hwQueue] = undefined;
  }

  /** Makes a queue of a removed device a zombie: work and completions dropped, waiting cleared, mappings revoked. */
  protected makeZombie(queue: Queue): void {
    queue.state = 'zombie';
    this.dropWork(queue);
    queue.waitingPrg = -1;
    // Stryker disable next-line UnaryOperator: a zombie's hwQueue is never read (queueInfo, snapshot and release branch on the zombie state first)
    queue.hwQueue = -1;
    queue.mmio = 0;
    queue.dus = 0;
  }

  /** Drops a queue's pending descriptors and unread completions. */
  protected dropWork(queue: Queue): void {
    queue.rings.reset();
    queue.pendingCount = 0;
    queue.unreadCount = 0;
    queue.headDone = 0;
    queue.headCrc = 0;
  }

  /** Closes one fd of a live process. */
  protected closeFd(proc: Process, fd: Fd): void {
    const queue = proc.fds.get(fd);
    if (queue === undefined) return;
    proc.fds.delete(fd);
    queue.fdRefs--;
    this.dropReference(queue);
  }

  /** Every `sva(mm)` slot becomes `abort`, its cached translations dropped (§S-7 step 2). */
  protected abortSlotsOf(mm: Mm): void {
    // Stryker disable next-line ConditionalExpression: PASID 0 is never allocated, so no slot holds it; the loop would change nothing
    if (mm.pasid === 0) return;
    for (const device of this.devices) {
      const table = this.iommu.pasidTables[device.index];
      const slot = table.get(mm.pasid);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: mm.pasid is this mm's alone, so the slot is empty, abort or sva(mm); setAbort keeps empty and abort slots, leaving a no-op cache invalidation
      if (isSvaSlot(slot) && slotMm(slot) === mm.id) {
        table.setAbort(mm.pasid);
        this.iommu.invalidatePasidFor(device.index, mm.pasid);
      }
    }
  }

  /**
   * A bound on quiesce/drain rounds no correct run reaches: every byte of pending work, a few steps
   * per chunk (fault, answer, retry), per device. Passing it means a livelock (a bug).
   */
  private roundLimit(): number {
    let work = 0;
    for (const queue of this.queues.values()) {
      const rings = queue.rings;
      // Stryker disable next-line EqualityOperator: reading one slot past the pending ones only raises the livelock bound
      for (let k = 0; k < queue.pendingCount; k++) work += rings.sqLen[(rings.sqHead + k) % rings.depth] + 1;
    }
    return 1000 + 8 * work * this.devices.length;
  }
}
