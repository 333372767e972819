// Nested translation in the impl (SPEC §13 "Translation of a guest access", R4, R16): the nested
// ATC (ats devices), then the nested IOTLB, then the walk — stage 1 in the guest mm, then stage 2
// (its own cached entry, else the VM's table) — filling the caches with the combined entry. And the
// invalidation duties of §13: a guest page-table change drops that guest PASID's entries for the
// range (tagged by VM); a stage-2 change drops every entry of the VM that could have gone through
// it, in the IOTLB and the ATC of every assigned device, before the host frame can be reused.
// Each duty is one protected method, so a seeded bug (29-32) is a one-method subclass.

import type { Pasid, SvaConfig } from '../../interface/index.ts';
import { DeviceEngine } from '../device/engine.ts';
import { ATC_ENTRIES, IOTLB_ENTRIES } from '../iommu/iommu.ts';
import type { Mm } from '../memory/mm.ts';
import { entryFrame } from '../memory/page-table.ts';
import type { ImplOptions, KernelParts } from '../state.ts';
import type { NestedTranslationCache } from './nested-cache.ts';
import type { Vm } from './vms.ts';

/** `translateNested` result: stage 1 has no present page. @internal */
export const S1_TRANSLATION_FAULT = -1;
/** `translateNested` result: stage 1 is present without the access (guest COW included). @internal */
export const S1_PERMISSION_FAULT = -2;
/** `translateNested` result: stage 2 has no entry for the GPA page. @internal */
export const S2_TRANSLATION_FAULT = -3;
/** `translateNested` result: stage 2 maps the GPA page without the access. @internal */
export const S2_PERMISSION_FAULT = -4;

/** The system with nested translation (below the VM operations). @internal */
export abstract class NestedTranslation extends DeviceEngine {
  /** The nested IOTLB, shared by every device. */
  readonly nestedIotlb: NestedTranslationCache;
  /** Per device (config order): its nested ATC, or null without `ats`. */
  readonly nestedAtcs: readonly (NestedTranslationCache | null)[];
  /** The GPA page the last nested walk reached (a stage-2 fault's `gpa`, R15); -1 before one. */
  walkGpaPage = -1;

  constructor(config?: SvaConfig, options?: ImplOptions, parts?: KernelParts) {
    super(config, options, parts);
    const make = this.components.nestedTranslationCache;
    this.nestedIotlb = make('iotlb', IOTLB_ENTRIES);
    this.nestedAtcs = this.config.devices.map((d) => (d.ats ? make('atc', ATC_ENTRIES) : null));
  }

  /**
   * Translates a guest access (vm, device, guest PASID, guest virtual page) for `need`: nested ATC,
   * nested IOTLB, then the walk. Returns the host frame or one of the four fault codes. A cached
   * entry narrower than `need` is a miss. Allocation-free.
   */
  translateNested(vm: Vm, device: number, pasid: Pasid, mm: Mm, page: number, need: number): number {
    const atc = this.nestedAtcs[device];
    if (atc !== null) {
      const k = atc.lookup(vm.id, pasid, page, need);
      if (k >= 0) return atc.frame[k];
    }
    const iotlb = this.nestedIotlb;
    const j = iotlb.lookup(vm.id, pasid, page, need);
    if (j >= 0) {
      const frame = iotlb.frame[j];
      if (atc !== null) atc.insert(vm.id, pasid, page, this.gpaPageOf(iotlb, j), frame, iotlb.perm[j]);
      return frame;
    }
    return this.walkNested(vm, device, pasid, mm, page, need);
  }

  /** The GPA page of an IOTLB entry (read back for the ATC copy). */
  private gpaPageOf(cache: NestedTranslationCache, index: number): number {
    return (cache as unknown as { gpaPage: Int32Array }).gpaPage[index];
  }

  /**
   * The miss walk: stage 1 (guest mm, §5's rules, guest COW for `w`), then stage 2 (its cached
   * entry, else the table); an access succeeds only when both grant it. Fills the caches with the
   * combined entry (permission stage 1 ∩ stage 2).
   */
  protected walkNested(vm: Vm, device: number, pasid: Pasid, mm: Mm, page: number, need: number): number {
    const entry = mm.pageTable.get(page);
    if (entry <= 0) return S1_TRANSLATION_FAULT;
    const s1 = vm.kernel.memory.effectivePerm(entry);
    if ((s1 & need) !== need) return S1_PERMISSION_FAULT;
    const g = entryFrame(entry);
    this.walkGpaPage = g;
    const iotlb = this.nestedIotlb;
    let frame: number;
    let s2: number;
    const t = iotlb.lookup(vm.id, 0, g, need);
    if (t >= 0) {
      frame = iotlb.frame[t];
      s2 = iotlb.perm[t];
    } else {
      frame = vm.stage2.frame[g];
      if (frame < 0) return S2_TRANSLATION_FAULT;
      s2 = vm.stage2.perm[g];
      if ((s2 & need) !== need) return S2_PERMISSION_FAULT;
      iotlb.insert(vm.id, 0, g, g, frame, s2);
    }
    const perm = s1 & s2;
    iotlb.insert(vm.id, pasid, page, g, frame, perm);
    const atc = this.nestedAtcs[device];
    if (atc !== null) atc.insert(vm.id, pasid, page, g, frame, perm);
    return frame;
  }

  // ── invalidation duties (SPEC §13; the seams of bugs 29-32) ──

  /** A guest page-table change of (pasid, [first, first + pages)): IOTLB and every assigned device's ATC. */
  invalidateGuestRange(vm: Vm, pasid: Pasid, first: number, pages: number): void {
    this.nestedIotlb.invalidateRange(vm.id, pasid, first, pages);
    for (const d of vm.devices) this.nestedAtcs[d]?.invalidateRange(vm.id, pasid, first, pages);
  }

  /** A guest slot of `device` cleared or aborted: that guest PASID's entries in the IOTLB and the device's ATC. */
  invalidateGuestPasid(vm: Vm, device: number, pasid: Pasid): void {
    this.nestedIotlb.invalidatePasid(vm.id, pasid);
    this.nestedAtcs[device]?.invalidatePasid(vm.id, pasid);
  }

  /**
   * A stage-2 change of GPA pages `[first, first + pages)` (vmUnmapRam, a pin dropped): the VM's
   * stage-2 entries and every combined entry through them, in the IOTLB and in the ATC of every
   * assigned device — before the caller drops the pins.
   */
  protected invalidateStage2(vm: Vm, first: number, pages: number): void {
    this.nestedIotlb.invalidateStage2(vm.id, first, pages);
    this.nestedIotlb.invalidateCombinedThrough(vm.id, first, pages);
    for (const d of vm.devices) {
      const atc = this.nestedAtcs[d];
      if (atc === null) continue;
      atc.invalidateStage2(vm.id, first, pages);
      atc.invalidateCombinedThrough(vm.id, first, pages);
    }
  }

  /** Everything cached for the VM that `device` can use: the VM's IOTLB entries and the device's ATC (R18 step 4). */
  protected invalidateVmDevice(vm: Vm, device: number): void {
    this.nestedIotlb.invalidateVm(vm.id);
    this.nestedAtcs[device]?.invalidateVm(vm.id);
  }
}
