// A guest kernel in the impl (SPEC §13, R12, R14): the impl's own system — the same memory, IOMMU
// and device code — run over a VM's GPA pages (gpa-frame-pool.ts) with its own pids, mms, PASIDs,
// PASID tables, fds and queues. What differs is only where it meets the host: its page requests go
// into the host's queue and come back through the VM's fault queue (handleFaults is the VMM's
// relay), its invalidations reach the host's nested caches tagged by the VM (guest-iommu.ts), its
// queues are served by the host's nested engine, and a drain runs the host's fault handler first (R9).

import { WarpDriveError, type DeviceName, type SnapshotOptions, type SystemSnapshot } from '../../interface/index.ts';
import { knownDeviceIn } from '../checks.ts';
import type { Device } from '../device.ts';
import type { PageRequestGroup } from '../iommu/page-request-queue.ts';
import type { Queue } from '../queue.ts';
import { WarpDriveSystem } from '../system.ts';
import { GpaFramePool } from './gpa-frame-pool.ts';
import { GuestIommu } from './guest-iommu.ts';
import { registerGuestKernel, type VmOps } from './vm-ops.ts';
import { guestSnapshot } from './vm-snapshot.ts';
import type { Vm } from './vms.ts';

/** The guest kernel of one VM. @internal */
export class GuestKernel extends WarpDriveSystem {
  /** The host system the VM runs on. */
  readonly host: VmOps;
  /** The VM. */
  readonly vm: Vm;

  constructor(host: VmOps, vm: Vm) {
    const hc = host.config;
    super(
      {
        pageSize: hc.pageSize,
        frames: vm.gpaPages,
        vaBits: hc.vaBits,
        pasidBits: hc.pasidBits,
        prqDepth: hc.prqDepth,
        devices: hc.devices,
      },
      { components: { ...host.components } },
      {
        frames: (config) => new GpaFramePool(vm.stage2, config.pageSize, host.memory.frames.bytes),
        iommu: (config, components) =>
          new GuestIommu(config, components, host.iommu.prq, {
            guestRange: (pasid, first, pages) => host.invalidateGuestRange(vm, pasid, first, pages),
            guestPasid: (device, pasid) => host.invalidateGuestPasid(vm, device, pasid),
          }),
      },
    );
    this.host = host;
    this.vm = vm;
    // R23: the guest's write, migrate and open are injection sites of the host's injector
    const refuse = host.injector?.refuse;
    if (refuse !== undefined) {
      this.memory.setRefusal(refuse);
      this.iommu.pasids.refuse = refuse;
      for (const d of this.devices) d.refuse = refuse;
    }
  }

  /** A device the guest can open: assigned to this VM and not removed, else ENODEV. */
  override presentDevice(name: DeviceName): Device {
    const device = knownDeviceIn(this.deviceByName, name);
    if (device.removed || this.host.devices[device.index].assignedTo !== this.vm.id)
      throw new WarpDriveError('ENODEV', `device ${device.config.name} is not assigned to VM ${this.vm.id}`);
    return device;
  }

  /** The guest's queues are served by the host's nested engine. */
  override serveQueue(device: Device, queue: Queue): void {
    this.host.serveNestedQueue(this.vm, device, queue);
  }

  /** One step at a time: the nested engine has no burst. */
  override stepDeviceRepeatedly(device: Device, _maxSteps: number): number {
    return this.stepDevice(device) ? 1 : 0;
  }

  /**
   * The guest's handleFaults (SPEC §13): the VMM reads up to `max` groups from the VM's fault queue,
   * the guest kernel resolves each against the guest mm owning the slot (§5 inside the guest), and
   * the VMM answers it by its cookie. Returns how many.
   */
  override handleGroups(max: number): number {
    const fq = this.vm.faultQueue;
    let taken = 0;
    while (taken < max && fq.peek() !== undefined) {
      const group = fq.takeDelivered(fq.deliverHead());
      taken++;
      this.handleGroup(group);
    }
    return taken;
  }

  /** R9: the host's handleFaults moves the guest's groups to the VM's fault queue, then the guest's resolves them. */
  override drainFaults(): void {
    this.host.handleGroups(Infinity);
    this.handleGroups(Infinity);
  }

  /** Answers one of this guest's groups (to its device and PRG, freeing the index). @internal */
  answerGroup(group: PageRequestGroup, success: boolean): void {
    this.answer(group, success);
  }

  /** The nested engine's page-request group for a guest queue (into the host's queue). @internal */
  raisePageRequests(device: Device, queue: Queue, prg: number, srcPage: number, dstPage: number): void {
    this.issuePageRequests(device, queue, prg, srcPage, dstPage);
  }

  /** The guest's abstract state (VmSnapshot.guest). */
  override snapshot(options?: SnapshotOptions): SystemSnapshot {
    return guestSnapshot(this, options);
  }
}

registerGuestKernel((host, vm) => new GuestKernel(host, vm));
