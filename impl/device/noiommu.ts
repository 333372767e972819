// A 'noiommu' device's addressing in the impl (SPEC §14, R21, §S-15): a descriptor address is
// physical, so the frame is the address's page number — no PASID, no walk, no cache; a page past the
// last frame is an unrecoverable translation fault (event with PASID 0). Every frame is reachable:
// the hole check K exists to find.

import type { Prot } from '../../interface/index.ts';
import type { Device } from '../device.ts';
import type { DmaAccessRecord } from '../inspection-types.ts';
import { TRANSLATION_FAULT } from '../iommu/translate.ts';
import type { Memory } from '../memory/memory.ts';
import type { Mm } from '../memory/mm.ts';
import { entryFrame } from '../memory/page-table.ts';
import { bitsToProt } from '../memory/prot-bits.ts';
import type { Queue } from '../queue.ts';

/** The frame physical page `page` names, or TRANSLATION_FAULT past the last of `frames`. @internal */
export function physicalFrame(frames: number, page: number): number {
  return page < frames ? page : TRANSLATION_FAULT;
}

/** The effective permission of the mm's present page on `frame`, if it maps that frame. */
function permOfFrame(memory: Memory, mm: Mm, frame: number): Prot | undefined {
  let perm: Prot | undefined;
  mm.pageTable.forEach(0, memory.geometry.pages, (_vpn, entry) => {
    if (perm === undefined && entry > 0 && entryFrame(entry) === frame) perm = bitsToProt(memory.effectivePerm(entry));
  });
  return perm;
}

/**
 * Records a 'noiommu' access for check K (R20): whether the opener maps the frame anywhere, and the
 * lowest other mm that does. Only while the audit is on (it walks every page table). @internal
 */
export function auditPhysicalAccess(
  audit: DmaAccessRecord[],
  mms: Iterable<Mm>,
  memory: Memory,
  device: Device,
  queue: Queue,
  addr: number,
  length: number,
  access: 'r' | 'w',
  frame: number,
): void {
  const opener = queue.mm;
  const mappedPerm = permOfFrame(memory, opener, frame);
  let otherMapper = -1;
  for (const mm of mms) {
    if (mm !== opener && permOfFrame(memory, mm, frame) !== undefined) {
      otherMapper = mm.id;
      break;
    }
  }
  audit.push({
    mode: 'noiommu',
    device: device.config.name,
    queue: queue.id,
    pasid: 0,
    addr,
    length,
    access,
    frame,
    owner: opener.id,
    mappedFrame: mappedPerm === undefined ? -1 : frame,
    mappedPerm: mappedPerm ?? '',
    otherMapper,
  });
}
