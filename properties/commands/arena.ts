// The arena: the small window of the virtual address space where property runs place their areas,
// so that areas of one process collide, split and merge often. Shared by the arbitraries (which
// draw arena pages) and by resolution (which turns an arena page into an address).

import type { ResolvedConfig } from '../../interface/index.ts';

/** Pages in the arena (at most 64, fewer when the whole address space is smaller). */
export function arenaPages(config: ResolvedConfig): number {
  return Math.min(64, 2 ** config.vaBits / config.pageSize);
}

/**
 * The first page of the arena: page 0 when the arena is the whole address space (so that page 0
 * and the end of the address space are reachable and exercise EINVAL/EFAULT), else page 16.
 */
export function arenaStartPage(config: ResolvedConfig): number {
  return arenaPages(config) * config.pageSize >= 2 ** config.vaBits ? 0 : 16;
}
