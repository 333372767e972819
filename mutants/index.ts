// The seeded-bug zoo (SPEC §9, §12): all 28 faulty variants of the impl, in SPEC order, each with what it
// breaks and the Linux/uacce bug it mirrors. `npm run zoo` runs the property campaign against each.

import { bug01 } from './bug01-munmap-keeps-iotlb.ts';
import { bug02 } from './bug02-munmap-keeps-atc.ts';
import { bug03 } from './bug03-range-drops-last-page.ts';
import { bug04 } from './bug04-flush-all-wraps.ts';
import { bug05 } from './bug05-mprotect-no-invalidate.ts';
import { bug06 } from './bug06-fork-no-invalidate.ts';
import { bug07 } from './bug07-migrate-no-invalidate.ts';
import { bug08 } from './bug08-pasid-freed-at-exit.ts';
import { bug09 } from './bug09-unbind-before-drain.ts';
import { bug10 } from './bug10-unbind-keeps-page-requests.ts';
import { bug11 } from './bug11-response-wrong-prg.ts';
import { bug12 } from './bug12-invalid-never-answered.ts';
import { bug13 } from './bug13-fault-ignores-permission.ts';
import { bug14 } from './bug14-fault-wrong-mm.ts';
import { bug15 } from './bug15-overflow-no-response.ts';
import { bug16 } from './bug16-ring-full-depth.ts';
import { bug17 } from './bug17-status-always-ok.ts';
import { bug18 } from './bug18-remove-close-double-unbind.ts';
import { bug19 } from './bug19-putq-frees-hw-queue.ts';
import { bug20 } from './bug20-removed-device-dma.ts';
import { bug21 } from './bug21-failed-open-leaks-bond.ts';
import { bug22 } from './bug22-unmap-region-stays-mapped.ts';
import { bug23 } from './bug23-replace-answers-new-queue.ts';
import { bug24 } from './bug24-detach-answers-answered.ts';
import { bug25 } from './bug25-code-checked-after-free.ts';
import { bug26 } from './bug26-read-splits-group.ts';
import { bug27 } from './bug27-destroy-leaves-groups.ts';
import { bug28 } from './bug28-poll-counts-delivered.ts';
import { bug29 } from './bug29-unmap-ram-keeps-combined.ts';
import { bug30 } from './bug30-unmap-ram-keeps-atc.ts';
import { bug31 } from './bug31-stage2-keeps-atc-combined.ts';
import { bug32 } from './bug32-guest-invalidation-no-vm-tag.ts';
import { bug33 } from './bug33-vmm-fork-shares-pinned.ts';
import { bug34 } from './bug34-stage2-fault-to-guest.ts';
import { bug35 } from './bug35-destroy-unpins-first.ts';
import { bug36 } from './bug36-unassign-leaves-group.ts';
import { bug37 } from './bug37-release-keeps-static-table.ts';
import { bug38 } from './bug38-mapss-partial-region.ts';
import { bug39 } from './bug39-ssdma-index-past-end.ts';
import { bug40 } from './bug40-fork-inherits-static-share.ts';
import { bug41 } from './bug41-burst-skips-write-permission.ts';
import { bug42 } from './bug42-maxlen-descriptor-invalid.ts';
import { bug43 } from './bug43-exit-frees-frames-late.ts';
import { bug44 } from './bug44-overflow-flag-survives-removal.ts';
import type { ZooBug } from './zoo-bug.ts';

export type { ZooBug } from './zoo-bug.ts';
export {
  ZOO_RUNS,
  ZOO_SECONDS,
  ZOO_SEED,
  huntBug,
  runZoo,
  zooSummary,
  type ZooOptions,
  type ZooResult,
  type ZooRow,
} from './zoo-campaign.ts';

/** Every seeded bug of SPEC §9 (1–22), §12 (23–28), §13 (29–36) and §14 (37–40), then issue 10's (41–44), by number. */
export const ZOO: readonly ZooBug[] = Object.freeze([
  bug01,
  bug02,
  bug03,
  bug04,
  bug05,
  bug06,
  bug07,
  bug08,
  bug09,
  bug10,
  bug11,
  bug12,
  bug13,
  bug14,
  bug15,
  bug16,
  bug17,
  bug18,
  bug19,
  bug20,
  bug21,
  bug22,
  bug23,
  bug24,
  bug25,
  bug26,
  bug27,
  bug28,
  // SPEC §13: SVA inside a VM.
  bug29,
  bug30,
  bug31,
  bug32,
  bug33,
  bug34,
  bug35,
  bug36,
  // SPEC §14's: WarpDrive's older modes.
  bug37,
  bug38,
  bug39,
  bug40,
  // Issue 10's classes: the burst path, a boundary, an ordering under scarcity, a flag after a discard.
  bug41,
  bug42,
  bug43,
  bug44,
]);
