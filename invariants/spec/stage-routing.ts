// N3 over one command (SPEC §13 "Where faults go"): a page-request group a guest's device issued
// during the command is a stage-1 fault — at least one of its requests is not granted by the guest
// mm's stage 1 (absent, without the access, or guest COW for a write) in the state after it. A group
// whose every page stage 1 grants was a stage-2 fault turned into a page request for the guest
// (zoo bug 34's class): a stage-2 fault must only be a host event. Within one command nothing
// resolves a guest page without answering its groups, so "after" is the state the fault met.

import type { PageRequestGroupSnapshot, SystemSnapshot, VmSnapshot } from '../../interface/index.ts';
import { violation, type InvariantViolation } from '../violation.ts';

/** Whether the guest's stage 1 grants `access` at page `addr` for `pasid`. */
function stage1Grants(vm: VmSnapshot, pasid: number, addr: number, access: string): boolean {
  const mm = vm.guest.mms.find((m) => m.pasid === pasid);
  const page = mm?.pages.find((p) => p.addr === addr);
  if (mm === undefined || page === undefined || page.state !== 'present' || page.frame === undefined) return false;
  if (!mm.vmas.some((v) => v.start <= addr && addr < v.end && v.prot.includes(access))) return false;
  // a guest page with more than one PTE is COW shared: a write faults at stage 1
  const refs = vm.guest.frames.refs.find((r) => r.frame === page.frame)?.count ?? 0;
  return access !== 'w' || refs <= 1;
}

/** The groups of `vm`'s devices outstanding in `s` (host PRQ and the VM's fault queue), keyed by device and PRG. */
function guestGroups(s: SystemSnapshot, vm: VmSnapshot): Map<string, PageRequestGroupSnapshot> {
  const fq = s.faultQueues.find((q) => q.id === vm.faultQueue);
  const all = [...s.pageRequests, ...(fq?.undelivered ?? []), ...(fq?.delivered.map((d) => d.group) ?? [])];
  const out = new Map<string, PageRequestGroupSnapshot>();
  for (const g of all) if (vm.devices.includes(g.device)) out.set(`${g.device}#${g.prg}#${g.pasid}`, g);
  return out;
}

/** N3: the first group a guest device issued in this command that stage 1 would have granted, if any. @public */
export function checkNewGuestGroups(before: SystemSnapshot, after: SystemSnapshot): InvariantViolation | undefined {
  for (const vm of after.vms ?? []) {
    const was = before.vms?.find((v) => v.id === vm.id);
    const old = was === undefined ? new Map<string, PageRequestGroupSnapshot>() : guestGroups(before, was);
    for (const [key, g] of guestGroups(after, vm)) {
      if (old.has(key)) continue;
      if (g.requests.every((r) => stage1Grants(vm, g.pasid, r.addr, r.access))) {
        const pages = g.requests.map((r) => `0x${r.addr.toString(16)} ${r.access}`).join(', ');
        return violation(
          'N3',
          `VM ${vm.id}: PRG ${g.prg} of ${g.device} (guest PASID ${g.pasid}) requests ${pages}, which stage 1 grants: a stage-2 fault reached the guest`,
        );
      }
    }
  }
  return undefined;
}
