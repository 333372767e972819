// The VM operations in the impl (SPEC §13, §17 R12-R19): vmCreate, vmMapRam (pins), vmUnmapRam
// (invalidate, then unpin), vmAssign, vmUnassign and vmDestroy in R18's teardown order, the VMM's
// exit, vmReadEvents, vmInfo and guest(vm); R6's routing of an assigned device's page requests to
// the VM's fault queue; R8's EBUSY for host fault-queue calls on it; and the engine dispatch that
// lets the host's deviceStep and quiesce drive assigned devices (R12). The teardown is teardown.ts.

import {
  CONFIG_LIMITS,
  WarpDriveError,
  formatArgument,
  isProt,
  readPlainFields,
  type DeviceName,
  type FaultQueueId,
  type FaultRecord,
  type FaultResponse,
  type FaultRouteTarget,
  type Fd,
  type GuestSystem,
  type Pid,
  type Prot,
  type VmCreateOptions,
  type VmId,
  type VmInfo,
  type VmReadEventsResult,
} from '../../interface/index.ts';
import { checkAlignedRange, checkTakeMax, fail, isInteger } from '../checks.ts';
import type { Device } from '../device.ts';
import { EventRing } from '../iommu/event-ring.ts';
import { FaultQueue } from '../iommu/fault-queue.ts';
import type { PageRequestGroup } from '../iommu/page-request-queue.ts';
import { isSvaSlot, slotMm } from '../iommu/pasid-table.ts';
import { PERM_R, PERM_W, protToBits } from '../memory/prot-bits.ts';
import type { Queue } from '../queue.ts';
import type { GuestKernel } from './guest-kernel.ts';
import { guestSystem } from './process-ops.ts';
import { Stage2Table } from './stage2.ts';
import { VmTeardown } from './teardown.ts';
import { Vm } from './vms.ts';

/** Makes the guest kernel of a new VM (impl/vm/guest-kernel.ts registers it; it extends the system). */
export type GuestKernelFactory = (host: VmOps, vm: Vm) => GuestKernel;

let kernelFactory: GuestKernelFactory | undefined;

/** Registers the guest kernel's class (done by impl/vm/guest-kernel.ts, which impl/index.ts imports). @internal */
export function registerGuestKernel(factory: GuestKernelFactory): void {
  kernelFactory = factory;
}

const VM_OPTION_KEYS = ['gpaPages', 'eventDepth'];
const DEFAULT_VM_EVENT_DEPTH = 16;

/** The system with VMs. @internal */
export abstract class VmOps extends VmTeardown {
  /** The id the next vmCreate returns. */
  protected nextVmId = 1;

  // ── the operations (SPEC §13) ──

  /** ESRCH; EINVAL unless `gpaPages` is an integer in [1, frames] (and `eventDepth` an integer ≥ 1). */
  vmCreate(vmm: Pid, options: VmCreateOptions): VmId {
    const proc = this.liveProcess(vmm);
    const read = readPlainFields(options, VM_OPTION_KEYS);
    if (!read.ok) fail(`vmCreate options ${read.problem}`);
    const gpaPages = read.fields.gpaPages;
    const depth = read.fields.eventDepth ?? DEFAULT_VM_EVENT_DEPTH;
    if (!isInteger(gpaPages) || gpaPages < 1 || gpaPages > this.config.frames)
      fail(`vmCreate gpaPages ${formatArgument(gpaPages)}`);
    if (!isInteger(depth) || depth < 1 || depth > CONFIG_LIMITS.maxEventDepth)
      fail(`vmCreate eventDepth ${formatArgument(depth)}`);
    const fq = new FaultQueue(this.nextFaultQueueId++, proc.pid);
    this.faultQueues.set(fq.id, fq);
    const vm = new Vm(this.nextVmId++, proc.pid, new Stage2Table(gpaPages), fq, new EventRing(depth));
    vm.kernel = this.createGuestKernel(vm);
    this.vms.set(vm.id, vm);
    return vm.id;
  }

  /** ENOENT; EINVAL; EEXIST; EFAULT; ENOMEM. Pins the VMM's pages and maps them at stage 2. */
  vmMapRam(vm: VmId, gpa: number, vmmVa: number, length: number, prot: Prot): void {
    const v = this.liveVm(vm);
    const first = this.gpaRange(v, 'vmMapRam', gpa, length);
    const ps = this.pageSize;
    checkAlignedRange({ pageSize: ps, vaLimit: this.memory.vaLimit }, 'vmMapRam', vmmVa, length);
    if (!isProt(prot) || (protToBits(prot) & (PERM_R | PERM_W)) === 0) fail(`vmMapRam prot ${formatArgument(prot)}`);
    const pages = length / ps;
    for (let g = first; g < first + pages; g++) if (v.stage2.has(g)) fail(`GPA page ${g} is already mapped`, 'EEXIST');
    const bits = protToBits(prot);
    const mm = this.liveProcess(v.vmm).mm;
    if (!mm.vmas.covers(vmmVa, vmmVa + length, bits))
      fail(`vmMapRam: [${vmmVa}, ${vmmVa + length}) is not all in VMM areas granting ${prot}`, 'EFAULT');
    const frames = this.memory.pinPages(mm, vmmVa / ps, pages);
    frames.forEach((frame, k) => v.stage2.map(first + k, frame, bits));
  }

  /** ENOENT; EINVAL; ENOENT for an unmapped page. Invalidates everything through the entries, then unpins. */
  vmUnmapRam(vm: VmId, gpa: number, length: number): void {
    const v = this.liveVm(vm);
    const first = this.gpaRange(v, 'vmUnmapRam', gpa, length);
    const pages = length / this.pageSize;
    for (let g = first; g < first + pages; g++) if (!v.stage2.has(g)) fail(`GPA page ${g} is not mapped`, 'ENOENT');
    const frames: number[] = [];
    for (let g = first; g < first + pages; g++) frames.push(v.stage2.unmap(g));
    this.invalidateStage2(v, first, pages);
    this.dropPins(frames);
  }

  /** ENOENT; ENODEV; EBUSY if the device has host queues or is assigned. Every slot is the VM's now. */
  vmAssign(vm: VmId, device: DeviceName): void {
    const v = this.liveVm(vm);
    const dev = this.presentDevice(device);
    // R13: only an SVA device can be nested: a legacy mode has no stage 1 to put under stage 2
    if (dev.config.mode !== 'sva') fail(`device ${dev.config.name} is in mode '${dev.config.mode}', not 'sva'`);
    if (dev.assignedTo !== 0) fail(`device ${dev.config.name} is assigned to VM ${dev.assignedTo}`, 'EBUSY');
    for (const q of this.queues.values())
      if (q.device === dev.index && q.state !== 'zombie') fail(`device ${dev.config.name} has host queues`, 'EBUSY');
    dev.assignedTo = v.id;
    v.devices.push(dev.index);
    v.devices.sort((a, b) => a - b);
  }

  /** ENOENT; ENODEV; EINVAL unless assigned to `vm`. R18 steps 1-5. */
  vmUnassign(vm: VmId, device: DeviceName): void {
    const v = this.liveVm(vm);
    const dev = this.presentDevice(device);
    if (dev.assignedTo !== v.id) fail(`device ${dev.config.name} is not assigned to VM ${v.id}`);
    this.teardownDevice(v, dev);
  }

  /** ENOENT. R18: every device torn down, then the pins dropped and the VM deleted. */
  vmDestroy(vm: VmId): void {
    this.destroyVm(this.liveVm(vm));
  }

  /** ENOENT; EINVAL bad max; up to `max` virtual events with their device, and the lost count (which resets). */
  vmReadEvents(vm: VmId, max: number = Infinity): VmReadEventsResult {
    const v = this.liveVm(vm);
    checkTakeMax('vmReadEvents', max);
    const devices = v.events.peekDevices(max);
    const events = v.events.take(max).map((e, k) => ({ ...e, device: this.devices[devices[k]].config.name }));
    const lost = v.events.lost;
    v.events.lost = 0;
    return { events, lost };
  }

  /** ENOENT; `{ vmm, gpaPages, mapped, devices, faultQueue }`. */
  vmInfo(vm: VmId): VmInfo {
    const v = this.liveVm(vm);
    return {
      vmm: v.vmm,
      gpaPages: v.gpaPages,
      mapped: v.stage2.mapped(),
      devices: v.devices.map((d) => this.devices[d].config.name),
      faultQueue: v.faultQueue.id,
    };
  }

  /** The guest kernel of `vm`; never throws (its methods throw ENOENT first for an unknown or destroyed VM). */
  guest(vm: VmId): GuestSystem {
    return guestSystem(this, vm);
  }

  // ── R8: the VM's fault queue is the guest's, not the host user's ──

  override readFaults(fq: FaultQueueId, maxRecords: number = Infinity): FaultRecord[] {
    this.notVmFaultQueue(fq);
    return super.readFaults(fq, maxRecords);
  }

  override respondFaults(fq: FaultQueueId, responses: readonly FaultResponse[]): number {
    this.notVmFaultQueue(fq);
    return super.respondFaults(fq, responses);
  }

  override faultQueueDestroy(fq: FaultQueueId): void {
    this.notVmFaultQueue(fq);
    super.faultQueueDestroy(fq);
  }

  /** A host slot routed to a VM's fault queue would be resolved against a guest mm: EBUSY, as R8's three. */
  override routeFaults(pid: Pid, fd: Fd, fq: FaultQueueId): void {
    this.notVmFaultQueue(fq);
    super.routeFaults(pid, fd, fq);
  }

  override replaceFaultRoute(pid: Pid, fd: Fd, target: FaultRouteTarget): void {
    if (target !== 'kernel') this.notVmFaultQueue(target);
    super.replaceFaultRoute(pid, fd, target);
  }

  /** ENOENT for an unknown queue, then EBUSY for a VM's. */
  private notVmFaultQueue(fq: unknown): void {
    const queue = this.liveFaultQueue(fq);
    for (const v of this.vms.values())
      if (v.faultQueue === queue) fail(`fault queue ${queue.id} belongs to VM ${v.id}`, 'EBUSY');
  }

  // ── R6 and R12: the host's fault handler and engine with assigned devices ──

  /** R6: a group of an assigned device goes to its VM's fault queue if its guest slot holds a live guest mm, else INVALID. */
  protected override handleGroup(group: PageRequestGroup): void {
    const vmId = this.devices[group.device].assignedTo;
    if (vmId === 0) return super.handleGroup(group);
    const v = this.vms.get(vmId) as Vm;
    const kernel = v.kernel;
    const slot = kernel.iommu.pasidTables[group.device].get(group.pasid);
    if (isSvaSlot(slot) && kernel.mms.has(slotMm(slot))) v.faultQueue.push(group);
    else kernel.answerGroup(group, false);
  }

  /** R12: the host's deviceStep drives an assigned device through its guest kernel's queues. */
  override stepDevice(device: Device): boolean {
    if (device.assignedTo === 0) return super.stepDevice(device);
    const kernel = (this.vms.get(device.assignedTo) as Vm).kernel;
    return kernel.stepDevice(kernel.devices[device.index]);
  }

  override stepDeviceRepeatedly(device: Device, maxSteps: number): number {
    if (device.assignedTo === 0) return super.stepDeviceRepeatedly(device, maxSteps);
    return this.stepDevice(device) ? 1 : 0;
  }

  /** R10: every live VM's guest handleFaults, by id; whether any took a group. */
  handleGuestFaults(): boolean {
    let moved = false;
    for (const v of this.vms.values()) if (v.kernel.handleGroups(Infinity) > 0) moved = true;
    return moved;
  }

  /** Every queue record of the host and of every guest (the livelock bound counts all their work). */
  *allQueues(): IterableIterator<Queue> {
    yield* this.queues.values();
    for (const v of this.vms.values()) yield* v.kernel.queues.values();
  }

  /** A drain's fault handling (R9): the host's handleFaults (a guest kernel adds its own). @internal */
  drainFaults(): void {
    this.handleGroups(Infinity);
  }

  // ── lookups ──

  /** Makes a new VM's guest kernel (a variant may return a subclass). */
  protected createGuestKernel(vm: Vm): GuestKernel {
    if (kernelFactory === undefined) throw new Error('impl/vm/guest-kernel.ts was not loaded (import impl/index.ts)');
    return kernelFactory(this, vm);
  }

  /** The VM `vm` names, else ENOENT (wrong-typed ids too). */
  liveVm(vm: unknown): Vm {
    const v = isInteger(vm) ? this.vms.get(vm) : undefined;
    if (v === undefined) throw new WarpDriveError('ENOENT', `no VM ${formatArgument(vm)}`);
    return v;
  }

  /** A GPA byte range (R13): integers, page-aligned, length > 0, inside [0, gpaPages · pageSize); its first page. */
  private gpaRange(v: Vm, op: string, gpa: unknown, length: unknown): number {
    const ps = this.pageSize;
    const ok =
      isInteger(gpa) &&
      isInteger(length) &&
      gpa >= 0 &&
      length > 0 &&
      gpa % ps === 0 &&
      length % ps === 0 &&
      gpa + length <= v.gpaPages * ps;
    if (!ok) fail(`${op} GPA range (${formatArgument(gpa)}, ${formatArgument(length)})`);
    return (gpa as number) / ps;
  }
}
