// Page contents compared where they change (issue 10 "Page contents"): after a command that can move
// bytes — a device step, quiesce, a fault answer (zero-fill, COW copy), and the releases that drain
// (exit, close, stopQueue, unmapping a region) — the bytes of every page present on both systems are
// compared, so a wrong byte fails at the command that wrote it instead of at the end of the sequence.

import type { SystemSnapshot } from '../../interface/index.ts';
import { hex } from '../commands/calls.ts';
import type { CommandName } from '../commands/data.ts';

/** The commands after which page bytes are compared. */
export const BYTE_MOVING_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'deviceStep',
  'quiesce',
  'handleFaults',
  'exit',
  'close',
  'closeQueue',
  'stopQueue',
  'unmapRegion',
]);

/**
 * The first page present in both snapshots (taken with contents) whose bytes differ, described as
 * `mm M page 0xA byte K: model has X, impl has Y`; undefined when all agree. Pages present on one
 * side only are the abstract-state comparison's to report.
 */
export function firstPageDifference(model: SystemSnapshot, impl: SystemSnapshot): string | undefined {
  for (const mm of model.mms) {
    const other = impl.mms.find((m) => m.id === mm.id);
    if (other === undefined) continue;
    let j = 0;
    for (const page of mm.pages) {
      while (j < other.pages.length && other.pages[j].addr < page.addr) j++;
      const twin = other.pages[j];
      if (twin === undefined || twin.addr !== page.addr || page.bytes === undefined || twin.bytes === undefined)
        continue;
      const a = page.bytes;
      const b = twin.bytes;
      for (let k = 0; k < a.length; k++) {
        if (a[k] !== b[k]) return `mm ${mm.id} page ${hex(page.addr)} byte ${k}: model has ${a[k]}, impl has ${b[k]}`;
      }
    }
  }
  return undefined;
}
