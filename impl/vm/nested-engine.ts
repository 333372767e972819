// The device engine for a guest's queue (SPEC §13, R15, R17): one chunk of an assigned device's
// guest queue, as §6's engine serves a host queue, with each access translated in two stages
// (nested-translate.ts). Faults go where §13 says: any stage-2 fault of the chunk (source first)
// completes the descriptor `fault` with one host event carrying `stage: 2` and the `gpa`, never a
// page request; otherwise a stage-1 fault of a `pri` device is a page-request group into the host's
// queue (the host's handleFaults moves it to the VM's fault queue), and of a `faults: 'none'`
// device (or a pri device out of PRG indices) a record in the VM's virtual event queue.

import type { Access, FaultKind, Pasid } from '../../interface/index.ts';
import { crc32Update } from '../device/crc32.ts';
import { OP_CRC32, OP_FILL, STATUS_ABORTED, STATUS_FAULT, STATUS_INVALID, STATUS_OK } from '../device/queue-rings.ts';
import type { Device } from '../device.ts';
import type { DmaAccessRecord } from '../inspection-types.ts';
import { isSvaSlot, slotMm } from '../iommu/pasid-table.ts';
import type { Mm } from '../memory/mm.ts';
import { entryFrame } from '../memory/page-table.ts';
import { PERM_R, PERM_W, bitsToProt } from '../memory/prot-bits.ts';
import type { Queue } from '../queue.ts';
import {
  NestedTranslation,
  S1_TRANSLATION_FAULT,
  S2_PERMISSION_FAULT,
  S2_TRANSLATION_FAULT,
} from './nested-translate.ts';
import type { Vm } from './vms.ts';

/** Whether a translateNested result is a stage-2 fault. */
function isStage2Fault(code: number): boolean {
  return code === S2_TRANSLATION_FAULT || code === S2_PERMISSION_FAULT;
}

/** The system with the nested device engine. @internal */
export abstract class NestedEngine extends NestedTranslation {
  /**
   * One step of a guest queue's head descriptor (§S-9 inside the guest): `invalid` past maxLen, `ok`
   * at length 0, else one chunk translated in two stages, source (`r`) then destination (`w`). A
   * guest slot not bound to a live guest mm aborts. `device` is the guest kernel's record of it.
   */
  serveNestedQueue(vm: Vm, device: Device, queue: Queue): void {
    const rings = queue.rings;
    const i = rings.sqHead;
    const op = rings.sqOp[i];
    const len = rings.sqLen[i];
    if (len > device.config.maxLen) return vm.kernel.completeHead(queue, STATUS_INVALID, 0, 0, 0);
    if (len === 0) return vm.kernel.completeHead(queue, STATUS_OK, 0, 0, 0);
    const ps = this.pageSize;
    const invPs = 1 / ps; // exact: ps is a power of two
    const done = queue.headDone;
    let chunk = len - done;
    let srcVa = 0;
    let srcPage = 0;
    let srcOff = 0;
    let dstVa = 0;
    let dstPage = 0;
    let dstOff = 0;
    if (op !== OP_FILL) {
      srcVa = rings.sqSrc[i] + done;
      srcPage = Math.floor(srcVa * invPs);
      srcOff = srcVa - srcPage * ps;
      chunk = Math.min(chunk, ps - srcOff);
    }
    if (op !== OP_CRC32) {
      dstVa = rings.sqDst[i] + done;
      dstPage = Math.floor(dstVa * invPs);
      dstOff = dstVa - dstPage * ps;
      chunk = Math.min(chunk, ps - dstOff);
    }
    const kernel = vm.kernel;
    const pasid = queue.mm.pasid;
    const slot = kernel.iommu.pasidTables[device.index].get(pasid);
    const walkMm = isSvaSlot(slot) ? kernel.mms.get(slotMm(slot)) : undefined;
    if (walkMm === undefined) return kernel.completeHead(queue, STATUS_ABORTED, done, 0, 0);
    const dev = device.index;
    let srcGpa = -1;
    let dstGpa = -1;
    const srcFrame = op !== OP_FILL ? this.translateNested(vm, dev, pasid, walkMm, srcPage, PERM_R) : 0;
    if (srcFrame < S1_TRANSLATION_FAULT) srcGpa = this.walkGpaPage * ps + srcOff;
    const dstFrame = op !== OP_CRC32 ? this.translateNested(vm, dev, pasid, walkMm, dstPage, PERM_W) : 0;
    if (dstFrame < S1_TRANSLATION_FAULT) dstGpa = this.walkGpaPage * ps + dstOff;
    if (srcFrame < 0 || dstFrame < 0) {
      return this.nestedFault(vm, device, queue, srcFrame, srcVa, srcGpa, dstFrame, dstVa, dstGpa);
    }
    const bytes = this.memory.frames.bytes;
    const src = srcFrame * ps + srcOff;
    const dst = dstFrame * ps + dstOff;
    if (op === OP_FILL) bytes.fill(rings.sqValue[i], dst, dst + chunk);
    else if (op === OP_CRC32) queue.headCrc = crc32Update(queue.headCrc, bytes, src, src + chunk);
    else bytes.copyWithin(dst, src, src + chunk);
    const audit = this.audit;
    if (audit !== null) {
      if (op !== OP_FILL) this.auditNested(audit, vm, device, queue, walkMm, srcVa, chunk, 'r', srcFrame);
      if (op !== OP_CRC32) this.auditNested(audit, vm, device, queue, walkMm, dstVa, chunk, 'w', dstFrame);
    }
    queue.headDone = done + chunk;
    if (done + chunk === len) kernel.completeHead(queue, STATUS_OK, len, queue.headCrc, 0);
  }

  /**
   * A chunk's nested translation failed. R15: a stage-2 fault of either access (source first) wins:
   * `fault`, one host event with `stage: 2` and `gpa`, no page request (never the guest, N3).
   * Otherwise stage 1: a `pri` device with a free PRG index raises one group (source first) into
   * the host's page-request queue; else `fault` and a virtual event of the VM (R17).
   */
  protected nestedFault(
    vm: Vm,
    device: Device,
    queue: Queue,
    srcFrame: number,
    srcVa: number,
    srcGpa: number,
    dstFrame: number,
    dstVa: number,
    dstGpa: number,
  ): void {
    const kernel = vm.kernel;
    const pasid = queue.mm.pasid;
    const srcStage2 = isStage2Fault(srcFrame);
    if (srcStage2 || isStage2Fault(dstFrame)) {
      const code = srcStage2 ? srcFrame : dstFrame;
      const addr = srcStage2 ? srcVa : dstVa;
      this.stage2Fault(vm, device, queue, pasid, addr, srcStage2 ? 'r' : 'w', code, srcStage2 ? srcGpa : dstGpa);
      return;
    }
    const ps = this.pageSize;
    if (device.config.faults === 'pri') {
      const prg = device.lowestFreePrg();
      if (prg >= 0) {
        kernel.raisePageRequests(
          device,
          queue,
          prg,
          srcFrame < 0 ? srcVa - (srcVa % ps) : -1,
          dstFrame < 0 ? dstVa - (dstVa % ps) : -1,
        );
        return;
      }
    }
    const srcFaults = srcFrame < 0;
    const addr = srcFaults ? srcVa : dstVa;
    const kind: FaultKind = (srcFaults ? srcFrame : dstFrame) === S1_TRANSLATION_FAULT ? 'translation' : 'permission';
    kernel.completeHead(queue, STATUS_FAULT, queue.headDone, 0, addr);
    vm.events.record(pasid, addr, srcFaults ? 'r' : 'w', kind, 1, -1, device.index);
  }

  /** A stage-2 fault (R15): the descriptor completes `fault`; the host's event queue of the device records it. */
  protected stage2Fault(
    vm: Vm,
    device: Device,
    queue: Queue,
    pasid: Pasid,
    addr: number,
    access: Access,
    code: number,
    gpa: number,
  ): void {
    vm.kernel.completeHead(queue, STATUS_FAULT, queue.headDone, 0, addr);
    const kind: FaultKind = code === S2_TRANSLATION_FAULT ? 'translation' : 'permission';
    this.iommu.events[device.index].record(pasid, addr, access, kind, 2, gpa);
  }

  /**
   * Records one nested chunk access with what the two stages map at that moment (N1, N2): `vm`,
   * the guest mm owning the PASID, `gpa` (stage 1 now, -1 if not present), `mappedFrame` (stage 2
   * of it now, -1 if none) and `mappedPerm` (stage 1 ∩ stage 2 now), and whether the frame moved is
   * one the VM's stage 2 maps now (`inStage2`, N1).
   */
  private auditNested(
    audit: DmaAccessRecord[],
    vm: Vm,
    device: Device,
    queue: Queue,
    owner: Mm,
    addr: number,
    length: number,
    access: Access,
    frame: number,
  ): void {
    const ps = this.pageSize;
    const entry = owner.pageTable.get(Math.floor(addr / ps));
    const g = entry > 0 ? entryFrame(entry) : -1;
    const mappedFrame = g >= 0 ? vm.stage2.frame[g] : -1;
    const perm = mappedFrame >= 0 ? vm.kernel.memory.effectivePerm(entry) & vm.stage2.perm[g] : 0;
    audit.push({
      device: device.config.name,
      mode: device.config.mode, // assignable devices are 'sva' (R13)
      queue: queue.id,
      pasid: queue.mm.pasid,
      addr,
      length,
      access,
      frame,
      owner: owner.id,
      mappedFrame,
      mappedPerm: bitsToProt(perm),
      vm: vm.id,
      gpa: g >= 0 ? g * ps + (addr % ps) : -1,
      inStage2: vm.stage2.frame.includes(frame),
    });
  }
}
