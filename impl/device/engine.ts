// The device engine (SPEC §6 "The engine", §S-8, §S-9): picks a queue round-robin, serves one chunk
// of its head descriptor, translates through ATC → IOTLB → page-table walk, moves the bytes with
// copyWithin/fill over the one frame buffer, and turns failed translations into page-request
// groups or fault events. The chunk path allocates nothing.

import type { FaultKind } from '../../interface/index.ts';
import type { Device } from '../device.ts';
import type { DmaAccessRecord } from '../inspection-types.ts';
import { FaultQueueOps } from '../iommu/fault-queues.ts';
import { isStaticSlot, isSvaSlot, slotMm } from '../iommu/pasid-table.ts';
import { TRANSLATION_FAULT } from '../iommu/translate.ts';
import { entryFrame } from '../memory/page-table.ts';
import { PERM_R, PERM_W, bitsToProt } from '../memory/prot-bits.ts';
import type { Queue } from '../queue.ts';
import { crc32Update } from './crc32.ts';
import { auditPhysicalAccess, physicalFrame } from './noiommu.ts';
import { OP_COPY, OP_CRC32, OP_FILL, STATUS_ABORTED, STATUS_FAULT, STATUS_INVALID, STATUS_OK } from './queue-rings.ts';

/** The system with its device engine (above the IOMMU's fault handling it sends page requests to). */
export abstract class DeviceEngine extends FaultQueueOps {
  /**
   * One `deviceStep` of a present device: the first queue after `lastServed` in hardware-queue
   * order that is started, has a pending descriptor and does not wait on a PRG (§S-9).
   */
  stepDevice(device: Device): boolean {
    const queues = device.hwQueues;
    const n = queues.length;
    for (let k = 1; k <= n; k++) {
      const h = (device.lastServed + k) % n;
      const queue = queues[h];
      if (queue !== undefined && queue.state === 'started' && queue.pendingCount > 0 && queue.waitingPrg < 0) {
        device.lastServed = h;
        this.serveQueue(device, queue);
        return true;
      }
    }
    return false;
  }

  /**
   * Exactly `n` consecutive `stepDevice(device)` calls for the largest `n ≤ maxSteps` that keeps
   * the picked queue the device's only eligible one and the PRQ empty; returns `n` (0 when no
   * queue is eligible). When the picked queue is alone, every step serves it again, so its chunks
   * run in a burst: consecutive chunks whose frames are contiguous move with one copyWithin/fill
   * (never when a merged source and destination would overlap, so it equals chunk-by-chunk
   * memmoves). Any chunk that is not a plain success is served by `serveQueue` and ends the burst.
   */
  stepDeviceRepeatedly(device: Device, maxSteps: number): number {
    const queues = device.hwQueues;
    const n = queues.length;
    let picked: Queue | undefined;
    let eligible = 0;
    for (let k = 1; k <= n; k++) {
      const queue = queues[(device.lastServed + k) % n];
      if (queue !== undefined && queue.state === 'started' && queue.pendingCount > 0 && queue.waitingPrg < 0) {
        if (picked === undefined) picked = queue;
        eligible++;
      }
    }
    if (picked === undefined) return 0;
    device.lastServed = picked.hwQueue;
    if (eligible > 1) {
      this.serveQueue(device, picked);
      return 1;
    }
    return this.serveBurst(device, picked, maxSteps);
  }

  /**
   * Serves up to `maxSteps` chunks of a queue that is its device's only eligible one (see
   * `stepDeviceRepeatedly`). Nothing changes a page table during a burst, so it takes a whole run
   * at a time instead of a chunk: from the head's progress, as far as the source pages and the
   * destination pages each map to consecutive frames (every page translated once, as its first
   * chunk would; a page the previous run already translated for the same access is not translated
   * again), moved with one copyWithin/fill/CRC update and counted as the chunks §S-9 serves
   * over it (a chunk ends at every page boundary of either side). A run whose source and
   * destination overlap is cut to its first chunk (one chunk is one memmove, as `serveQueue` does).
   * What the burst does not take — an invalid or empty descriptor, an abort, a fault, a run past
   * `maxSteps` — is left to one `serveQueue`.
   */
  protected serveBurst(device: Device, queue: Queue, maxSteps: number): number {
    const rings = queue.rings;
    const ps = this.pageSize;
    const invPs = 1 / ps; // exact: ps is a power of two
    const bytes = this.memory.frames.bytes;
    const mm = queue.mm;
    const pasid = mm.pasid;
    const dev = device.index;
    const maxLen = device.config.maxLen;
    const slot = this.iommu.pasidTables[dev].get(pasid);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a foreign slot is abort of an exited mm: its first translation fails (MUTATION.md: burst)
    const slotIsOwn = isSvaSlot(slot) && slotMm(slot) === mm.id;
    let steps = 0;
    // The pages the burst has translated last, for reading and for writing: [first, end) map to
    // consecutive frames from `frame`. Nothing changes a page table during a burst, so a page in
    // them translates the same again and is not translated twice.
    let readFirst = 0;
    let readEnd = 0;
    let readFrame = 0;
    let writeFirst = 0;
    let writeEnd = 0;
    let writeFrame = 0;
    while (slotIsOwn && queue.pendingCount > 0) {
      const i = rings.sqHead;
      const op = rings.sqOp[i];
      const len = rings.sqLen[i];
      if (len > maxLen || len === 0) break;
      const done = queue.headDone;
      const srcStart = rings.sqSrc[i];
      const dstStart = rings.sqDst[i];
      let end = len; // descriptor offset where the run stops
      let firstChunkEnd = len;
      let src = 0; // physical offsets of the run
      let dst = 0;
      if (op !== OP_FILL) {
        const va = srcStart + done;
        const page = Math.floor(va * invPs);
        const frame =
          page >= readFirst && page < readEnd
            ? readFrame + (page - readFirst)
            : this.translate(dev, pasid, mm, page, PERM_R);
        if (frame < 0) break;
        src = frame * ps + (va - page * ps);
        let reach = done + (page + 1) * ps - va; // offset just past the run's source pages so far
        firstChunkEnd = Math.min(firstChunkEnd, reach);
        let k = 1;
        for (; reach < end; k++, reach += ps) {
          const p = page + k;
          const f =
            p >= readFirst && p < readEnd ? readFrame + (p - readFirst) : this.translate(dev, pasid, mm, p, PERM_R);
          if (f !== frame + k) {
            end = reach;
            break;
          }
        }
        readFirst = page;
        readEnd = page + k;
        readFrame = frame;
      }
      if (op !== OP_CRC32) {
        const va = dstStart + done;
        const page = Math.floor(va * invPs);
        const frame =
          page >= writeFirst && page < writeEnd
            ? writeFrame + (page - writeFirst)
            : this.translate(dev, pasid, mm, page, PERM_W);
        if (frame < 0) break;
        dst = frame * ps + (va - page * ps);
        let reach = done + (page + 1) * ps - va;
        firstChunkEnd = Math.min(firstChunkEnd, reach);
        let k = 1;
        for (; reach < end; k++, reach += ps) {
          const p = page + k;
          const f =
            p >= writeFirst && p < writeEnd ? writeFrame + (p - writeFirst) : this.translate(dev, pasid, mm, p, PERM_W);
          if (f !== frame + k) {
            end = reach;
            break;
          }
        }
        writeFirst = page;
        writeEnd = page + k;
        writeFrame = frame;
      }
      if (op === OP_COPY && src < dst + (end - done) && dst < src + (end - done)) end = firstChunkEnd;
      // chunks over [done, end): one, plus every page boundary of either side strictly inside
      const srcCrossings =
        op !== OP_FILL ? Math.floor((srcStart + end - 1) * invPs) - Math.floor((srcStart + done) * invPs) : 0;
      const dstCrossings =
        op !== OP_CRC32 ? Math.floor((dstStart + end - 1) * invPs) - Math.floor((dstStart + done) * invPs) : 0;
      const shared = op === OP_COPY && (srcStart - dstStart) % ps === 0 ? srcCrossings : 0;
      const chunks = 1 + srcCrossings + dstCrossings - shared;
      if (steps + chunks > maxSteps) break;
      const length = end - done;
      if (op === OP_FILL) bytes.fill(rings.sqValue[i], dst, dst + length);
      else if (op === OP_CRC32) queue.headCrc = crc32Update(queue.headCrc, bytes, src, src + length);
      else bytes.copyWithin(dst, src, src + length);
      // The audit sees the burst itself (SEMANTICS §S-13): one record per page of each side.
      const audit = this.audit;
      if (audit !== null) {
        if (op !== OP_FILL) this.auditRun(audit, device, queue, srcStart + done, length, 'r', readFrame);
        if (op !== OP_CRC32) this.auditRun(audit, device, queue, dstStart + done, length, 'w', writeFrame);
      }
      queue.headDone = end;
      steps += chunks;
      if (end === len) this.completeHead(queue, STATUS_OK, len, queue.headCrc, 0);
    }
    if (steps < maxSteps && queue.pendingCount > 0) {
      this.serveQueue(device, queue); // the chunk the burst does not take: invalid, empty, abort or fault
      steps++;
    }
    return steps;
  }

  /**
   * Serves one step of the queue's head descriptor (§S-9): `invalid` past maxLen, `ok` at length 0,
   * else one chunk — no page boundary crossed on either side — translated source (`r`) then
   * destination (`w`); abort wins over faults.
   */
  serveQueue(device: Device, queue: Queue): void {
    const rings = queue.rings;
    const i = rings.sqHead;
    const op = rings.sqOp[i];
    const len = rings.sqLen[i];
    if (len > device.config.maxLen) return this.completeHead(queue, STATUS_INVALID, 0, 0, 0);
    if (len === 0) return this.completeHead(queue, STATUS_OK, 0, 0, 0);
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
    const mm = queue.mm;
    const pasid = mm.pasid;
    let srcFrame = 0;
    let dstFrame = 0;
    const mode = device.config.mode;
    if (mode === 'sva') {
      const slot = this.iommu.pasidTables[device.index].get(pasid);
      // the slot's mm: the queue's own, unless the PASID was given to another mm (zoo bug 8)
      const walkMm = isSvaSlot(slot) ? this.mms.get(slotMm(slot)) : undefined;
      if (walkMm === undefined) return this.completeHead(queue, STATUS_ABORTED, done, 0, 0);
      if (op !== OP_FILL) srcFrame = this.translate(device.index, pasid, walkMm, srcPage, PERM_R);
      if (op !== OP_CRC32) dstFrame = this.translate(device.index, pasid, walkMm, dstPage, PERM_W);
    } else if (mode === 'noiommu') {
      // R21: the opener's exit aborts the queue's work; otherwise every address is a frame (§14)
      if (mm.exited) return this.completeHead(queue, STATUS_ABORTED, done, 0, 0);
      const total = this.memory.frames.total;
      if (op !== OP_FILL) srcFrame = physicalFrame(total, srcPage);
      if (op !== OP_CRC32) dstFrame = physicalFrame(total, dstPage);
    } else {
      // 'pasid-static': only the mm's static-share regions on this device (R22), never cached
      if (!isStaticSlot(this.iommu.pasidTables[device.index].get(pasid)))
        return this.completeHead(queue, STATUS_ABORTED, done, 0, 0);
      const table = this.iommu.staticTables[device.index];
      if (op !== OP_FILL) srcFrame = table.frameOf(pasid, srcPage);
      if (op !== OP_CRC32) dstFrame = table.frameOf(pasid, dstPage);
    }
    if (srcFrame < 0 || dstFrame < 0) return this.deviceFault(device, queue, srcFrame, srcVa, dstFrame, dstVa);
    const bytes = this.memory.frames.bytes;
    const src = srcFrame * ps + srcOff;
    const dst = dstFrame * ps + dstOff;
    if (op === OP_FILL) bytes.fill(rings.sqValue[i], dst, dst + chunk);
    else if (op === OP_CRC32) queue.headCrc = crc32Update(queue.headCrc, bytes, src, src + chunk);
    else bytes.copyWithin(dst, src, src + chunk);
    const audit = this.audit;
    if (audit !== null) this.auditChunk(audit, device, queue, op, srcVa, srcFrame, dstVa, dstFrame, chunk);
    queue.headDone = done + chunk;
    if (done + chunk === len) this.completeHead(queue, STATUS_OK, len, queue.headCrc, 0);
  }

  /**
   * A chunk's translation failed (§S-8). `pri` devices with a free PRG index issue one group of the
   * failing accesses (source first) and wait on it; otherwise the descriptor completes `fault` at
   * once with one event for the first failing access.
   */
  protected deviceFault(
    device: Device,
    queue: Queue,
    srcFrame: number,
    srcVa: number,
    dstFrame: number,
    dstVa: number,
  ): void {
    const ps = this.pageSize;
    if (device.config.faults === 'pri') {
      const prg = device.lowestFreePrg();
      if (prg >= 0) {
        const srcFaults = srcFrame < 0;
        const dstFaults = dstFrame < 0;
        this.issuePageRequests(
          device,
          queue,
          prg,
          srcFaults ? srcVa - (srcVa % ps) : -1,
          dstFaults ? dstVa - (dstVa % ps) : -1,
        );
        return;
      }
    }
    const srcFaults = srcFrame < 0;
    const addr = srcFaults ? srcVa : dstVa;
    const kind: FaultKind = (srcFaults ? srcFrame : dstFrame) === TRANSLATION_FAULT ? 'translation' : 'permission';
    this.completeHead(queue, STATUS_FAULT, queue.headDone, 0, addr);
    const pasid = device.config.mode === 'noiommu' ? 0 : queue.mm.pasid; // R21: no PASID
    this.iommu.events[device.index].record(pasid, addr, srcFaults ? 'r' : 'w', kind);
  }

  /** Records the chunk's accesses with what the PASID owner's page table maps there now (I2). */
  private auditChunk(
    audit: DmaAccessRecord[],
    device: Device,
    queue: Queue,
    op: number,
    srcVa: number,
    srcFrame: number,
    dstVa: number,
    dstFrame: number,
    length: number,
  ): void {
    if (op !== OP_FILL) this.auditAccess(audit, device, queue, srcVa, length, 'r', srcFrame);
    if (op !== OP_CRC32) this.auditAccess(audit, device, queue, dstVa, length, 'w', dstFrame);
  }

  /**
   * Records a burst run of one side, `[va, va + length)` on frames consecutive from `frame` (the
   * frame of `va`'s page), as one access per page, each with the page table's mapping now (I2).
   */
  private auditRun(
    audit: DmaAccessRecord[],
    device: Device,
    queue: Queue,
    va: number,
    length: number,
    access: 'r' | 'w',
    frame: number,
  ): void {
    const ps = this.pageSize;
    const firstPage = Math.floor(va / ps);
    for (let addr = va; addr < va + length;) {
      const page = Math.floor(addr / ps);
      const pieceEnd = Math.min((page + 1) * ps, va + length);
      this.auditAccess(audit, device, queue, addr, pieceEnd - addr, access, frame + (page - firstPage));
      addr = pieceEnd;
    }
  }

  private auditAccess(
    audit: DmaAccessRecord[],
    device: Device,
    queue: Queue,
    addr: number,
    length: number,
    access: 'r' | 'w',
    frame: number,
  ): void {
    if (device.config.mode === 'noiommu')
      return auditPhysicalAccess(audit, this.mms.values(), this.memory, device, queue, addr, length, access, frame);
    const pasid = queue.mm.pasid;
    const ownerId = this.iommu.pasids.ownerOf(pasid);
    const owner = ownerId === undefined ? undefined : this.mms.get(ownerId);
    const entry = owner === undefined ? 0 : owner.pageTable.get(Math.floor(addr / this.pageSize));
    audit.push({
      mode: device.config.mode,
      device: device.config.name,
      queue: queue.id,
      pasid,
      addr,
      length,
      access,
      frame,
      owner: ownerId ?? -1,
      // Stryker disable next-line EqualityOperator: an absent entry (0) decodes to frame -1 anyway (entryFrame(0) = -1)
      mappedFrame: entry > 0 ? entryFrame(entry) : -1,
      // Stryker disable next-line EqualityOperator: an absent entry (0) has no prot bits, which read as '' anyway
      mappedPerm: entry > 0 ? bitsToProt(this.memory.effectivePerm(entry)) : '',
    });
  }
}
