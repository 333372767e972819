// The VM part of the inspection hook (SPEC §13, R4, R16): every nested cache entry with its VM, so
// I4 (a nested entry equals the current two-stage walk, permission ⊆ stage 1 ∩ stage 2) is checked
// on the impl, and each guest kernel's own inspection (rings, slots, PASID owners inside the guest).

import type { ImplInspection, NestedCacheView } from '../inspection-types.ts';
import { bitsToProt } from '../memory/prot-bits.ts';
import type { NestedTranslationCache } from './nested-cache.ts';
import type { VmOps } from './vm-ops.ts';

/** The nested caches and the VMs of `host` (empty for a guest kernel). @internal */
export function nestedInspection(host: VmOps): Pick<ImplInspection, 'nestedCaches' | 'vms'> {
  const ps = host.pageSize;
  const view = (cache: NestedTranslationCache) =>
    cache.entries().map((e) => ({
      vm: e.vm,
      pasid: e.pasid,
      addr: e.page * ps,
      gpa: e.gpaPage * ps,
      frame: e.frame,
      perm: bitsToProt(e.perm),
    }));
  const nestedCaches: NestedCacheView[] = [{ cache: 'iotlb', entries: view(host.nestedIotlb) }];
  host.devices.forEach((d) => {
    const atc = host.nestedAtcs[d.index];
    if (atc !== null) nestedCaches.push({ cache: 'atc', device: d.config.name, entries: view(atc) });
  });
  const vms = [...host.vms.values()].map((vm) => ({ vm: vm.id, guest: vm.kernel.inspect() }));
  return { nestedCaches, vms };
}
