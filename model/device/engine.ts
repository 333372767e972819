// The device engine (SPEC §6 "The engine", §S-8, §S-9): picks a queue round-robin by hardware-queue
// index and serves one chunk of its head descriptor — translate source (r) then destination (w),
// then move the bytes, or abort, or raise page requests / fault events. A device assigned to a VM
// serves the guest's queues: this same code over the guest's state, with the nested walk, page
// requests into the host's PRQ and the stage precedence of R15 (§S-14).

import type { Access, FaultKind } from '../../interface/index.ts';
import { presentDevice } from '../checks.ts';
import { recordFaultEvent, recordVmEvent } from '../iommu/events.ts';
import { issueGroup, lowestFreePrg } from '../iommu/page-requests.ts';
import { translate } from '../iommu/translate.ts';
import { readFrameInto, writableFrameBytes } from '../memory/frames.ts';
import { hostOf, report, type Device, type ModelState, type Queue } from '../state.ts';
import { completeHead } from './completions.ts';
import { crc32Update } from './crc32.ts';
import { destinationOf, sourceOf } from './descriptors.ts';
import { physicalTranslation } from './noiommu.ts';

/** Whether the engine may serve the queue now: started, with a pending descriptor, not waiting on a PRG. */
export function isServable(queue: Queue): boolean {
  return queue.state === 'started' && queue.pending.length > 0 && queue.waitingPrg === undefined;
}

/**
 * `deviceStep(device)`: ENODEV if unknown or removed. Serves the first servable queue in
 * hardware-queue order cyclically after `lastServed`, and moves `lastServed` to it; false if none.
 */
export function deviceStep(state: ModelState, name: unknown): boolean {
  const device = presentDevice(state, name);
  if (device.assignedTo !== undefined) {
    // the host drives an assigned device (R12): its queues are the guest's
    const guest = state.vms.get(device.assignedTo)?.guest;
    if (guest === undefined) throw new Error(`model bug: ${device.config.name} assigned to a destroyed VM`);
    return deviceStep(guest, name);
  }
  const count = device.config.hwQueues;
  for (let k = 1; k <= count; k++) {
    const index = (((device.lastServed + k) % count) + count) % count;
    const id = device.hwQueues[index];
    const queue = id === undefined ? undefined : state.queues.get(id);
    if (queue === undefined || !isServable(queue)) continue;
    device.lastServed = index;
    serveQueue(state, device, queue);
    return true;
  }
  return false;
}

/** One access of a chunk: the exact byte address and the access kind. */
interface ChunkAccess {
  readonly addr: number;
  readonly access: Access;
}

/**
 * Serves one step of the queue's head descriptor (§S-9): `len > maxLen` → invalid; `len 0` → ok;
 * else one chunk that crosses no page boundary of its source or destination.
 */
export function serveQueue(state: ModelState, device: Device, queue: Queue): void {
  const head = queue.pending[0];
  if (head === undefined) throw new Error(`model bug: serving empty queue ${queue.id}`);
  const d = head.desc;
  // strictly past maxLen: a descriptor of exactly maxLen is served (bug 42 rejects it)
  if (d.len > device.config.maxLen) return completeHead(queue, 'invalid');
  if (d.len === 0) return completeHead(queue, 'ok', d.op === 'crc32' ? { result: 0 } : {});
  const { pageSize } = state.config;
  const srcStart = sourceOf(d);
  const dstStart = destinationOf(d);
  const src = srcStart === undefined ? undefined : srcStart + head.done;
  const dst = dstStart === undefined ? undefined : dstStart + head.done;
  let chunk = d.len - head.done;
  if (src !== undefined) chunk = Math.min(chunk, pageSize - (src % pageSize));
  if (dst !== undefined) chunk = Math.min(chunk, pageSize - (dst % pageSize));

  const accesses: ChunkAccess[] = [];
  if (src !== undefined) accesses.push({ addr: src, access: 'r' });
  if (dst !== undefined) accesses.push({ addr: dst, access: 'w' });
  const mm = state.mms.get(queue.mm);
  const noiommu = device.config.mode === 'noiommu';
  // a 'noiommu' queue has no PASID: its events carry 0 (R21)
  const pasid = noiommu ? 0 : mm?.pasid;
  if (mm === undefined || pasid === undefined) throw new Error(`model bug: live queue ${queue.id} has no bonded mm`);
  // both accesses are translated even when the first faults; abort wins over faults (§S-8)
  const translations = accesses.map((a) =>
    noiommu ? physicalTranslation(state, queue, a.addr) : translate(state, device, pasid, a.addr, a.access),
  );
  if (translations.some((t) => t.outcome === 'abort')) return completeHead(queue, 'aborted');
  const faults: ChunkFault[] = [];
  translations.forEach((t, i) => {
    if (t.outcome === 'fault') faults.push({ ...accesses[i], fault: t.fault, stage2: t.stage2 });
  });
  if (faults.length > 0) {
    for (const f of faults) {
      report(state, {
        kind: 'deviceFault',
        device: device.config.name,
        mm: mm.id,
        pasid,
        addr: f.addr,
        access: f.access,
        fault: f.fault,
      });
    }
    return raiseFault(state, device, queue, pasid, faults);
  }

  const frames = translations.map((t) => (t.outcome === 'frame' ? t.frame : -1));
  const pool = state.frames;
  if (d.op === 'copy') {
    const bytes = new Uint8Array(chunk); // read the whole chunk first: a memmove
    readFrameInto(pool, frames[0], (src as number) % pageSize, chunk, bytes, 0);
    writableFrameBytes(pool, frames[1], pageSize).set(bytes, (dst as number) % pageSize);
  } else if (d.op === 'fill') {
    const offset = (dst as number) % pageSize;
    writableFrameBytes(pool, frames[0], pageSize).fill(d.value, offset, offset + chunk);
  } else {
    const bytes = new Uint8Array(chunk);
    readFrameInto(pool, frames[0], (src as number) % pageSize, chunk, bytes, 0);
    head.crc = crc32Update(head.crc, bytes);
  }
  head.done += chunk;
  if (head.done === d.len) completeHead(queue, 'ok', d.op === 'crc32' ? { result: head.crc } : {});
}

/** A failing access of a chunk; `stage2` set when stage 2 refused it (a guest's queue only). */
type ChunkFault = ChunkAccess & { readonly fault: FaultKind; readonly stage2: { readonly gpa: number } | undefined };

/**
 * A faulting chunk (§S-8): a PRI device issues one group of the faulting accesses and the queue
 * waits on it (or, on overflow, retries at its next turn); a device without PRI, or with no free
 * PRG index, completes the descriptor `fault` at the first failing access and records one event.
 * In a guest (R15, §S-14): a stage-2 fault wins — the first one completes `fault` with one host
 * event and no page request; stage-1 groups go to the host's PRQ, stage-1 events to the VM's queue.
 */
function raiseFault(
  state: ModelState,
  device: Device,
  queue: Queue,
  pasid: number,
  faults: readonly ChunkFault[],
): void {
  const host = hostOf(state);
  const stage2 = faults.find((f) => f.stage2 !== undefined);
  if (stage2?.stage2 !== undefined && state.vm !== undefined) {
    // never a page request to the guest (bug 34): the guest cannot fix stage 2, only the host can
    completeHead(queue, 'fault', { faultAddr: stage2.addr });
    const hostDevice = host.devices.get(device.config.name);
    if (hostDevice === undefined) throw new Error(`model bug: no host record of ${device.config.name}`);
    recordFaultEvent(host, hostDevice, pasid, stage2.addr, stage2.access, stage2.fault, stage2.stage2);
    report(host, {
      kind: 'stage2Fault',
      vm: state.vm.vm.id,
      device: device.config.name,
      access: stage2.access,
      fault: stage2.fault,
    });
    return;
  }
  if (device.config.faults === 'pri') {
    const prg = lowestFreePrg(host, device.config.name);
    if (prg !== undefined) {
      if (issueGroup(host, device.config.name, pasid, prg, faults) === 'queued') queue.waitingPrg = prg;
      return;
    }
  }
  const first = faults[0];
  completeHead(queue, 'fault', { faultAddr: first.addr });
  if (state.vm !== undefined) recordVmEvent(host, state.vm.vm, device, pasid, first.addr, first.access, first.fault);
  else recordFaultEvent(state, device, pasid, first.addr, first.access, first.fault);
}
