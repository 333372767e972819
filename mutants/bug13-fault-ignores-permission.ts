// Bug 13 (SPEC §9): the fault handler checks that the address lies in a VMA but not that the VMA
// allows the access, and answers SUCCESS for an illegal access (a write to a read-only area).
// Linux analogue: intel-svm's prq_event_thread before it checked access_error(vma, req) — a PRQ
// handler that only looked the VMA up (find_extend_vma) before handle_mm_fault.

import { WarpDriveSystem } from '../impl/index.ts';
import type { Mm } from '../impl/memory/mm.ts';
import type { Access } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose fault handler ignores the VMA's permission. */
export class FaultIgnoresPermission extends WarpDriveSystem {
  protected override resolvePageRequest(mm: Mm, pageAddr: number, access: Access): boolean {
    // The bug: any VMA will do; the access is "handled" (made present if it can be) and answered SUCCESS.
    if (mm.vmas.protAt(pageAddr) < 0) return false;
    if (!this.memory.resolveFault(mm, pageAddr, access)) this.memory.resolveFault(mm, pageAddr, 'r');
    return true;
  }
}

/** Bug 13 of the zoo. */
export const bug13: ZooBug = {
  id: 13,
  name: 'fault-ignores-permission',
  description: "the fault handler accepts any access inside a VMA, ignoring the VMA's prot",
  analogue: 'PRQ handler without the access_error(vma, req) check (intel-svm prq_event_thread)',
  create: (config) => new FaultIgnoresPermission(config),
};
