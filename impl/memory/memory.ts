// Processes' memory (SPEC §4, §S-3): mmap/munmap/mprotect, CPU reads and writes, fork with
// copy-on-write, reclaim to swap, migration, teardown at exit, and the fault handler's
// "make this page present" for legal accesses. Every page-table change that removes or narrows a
// translation calls the mmu notifier before the old frame can be reused.

import {
  WarpDriveError,
  type Access,
  type MmId,
  type PageSnapshot,
  type ResolvedConfig,
} from '../../interface/index.ts';
import type { Refusal } from '../fault-injection.ts';
import { FramePool } from './frame-pool.ts';
import { Mm } from './mm.ts';
import type { InvalidationReason, MmuNotifier } from './mmu-notifier.ts';
import {
  PageTablePool,
  entryFrame,
  entryProt,
  entrySwapSlot,
  pageTableGeometry,
  presentEntry,
  swappedEntry,
  type PageTableGeometry,
} from './page-table.ts';
import { touchesPinned } from './pinned.ts';
import { PERM_R, PERM_W, accessBit } from './prot-bits.ts';
import { SwapStore } from './swap-store.ts';

/** The memory of every mm of a system, over one frame pool and one swap store. */
export class Memory {
  /** The frame pool. */
  readonly frames: FramePool;
  /** Reclaimed pages' contents. */
  readonly swap = new SwapStore();
  /** The shape of every page table. */
  readonly geometry: PageTableGeometry;
  /** Bytes per page. */
  readonly pageSize: number;
  /** 2^vaBits: the first address past the address space. */
  readonly vaLimit: number;
  /** The tables every mm's page table takes and gives back. */
  private readonly tablePool = new PageTablePool();
  private readonly notifier: MmuNotifier;
  private readonly framesToRelease: number[] = [];
  /** The frames a write took before changing anything. */
  private readonly reservedFrames: number[] = [];

  /** `frames`: the pool the mms take frames from (a guest passes its GPA pool, SPEC §13); default a new one. */
  constructor(config: ResolvedConfig, notifier: MmuNotifier, frames?: FramePool) {
    this.frames = frames ?? new FramePool(config.frames, config.pageSize);
    this.pageSize = config.pageSize;
    this.vaLimit = 2 ** config.vaBits;
    this.geometry = pageTableGeometry(config.pageSize, config.vaBits);
    this.notifier = notifier;
  }

  /** A new, empty mm. */
  createMm(id: MmId): Mm {
    return new Mm(id, this.geometry, undefined, this.tablePool);
  }

  /** Maps an aligned range that no area intersects (else EEXIST). Allocates nothing. */
  mmap(mm: Mm, addr: number, length: number, protBits: number): void {
    if (mm.vmas.overlaps(addr, addr + length))
      throw new WarpDriveError('EEXIST', `mmap over an existing area at ${addr}`);
    mm.vmas.insert(addr, addr + length, protBits);
  }

  /** Removes every area piece and page of an aligned range (holes are fine). */
  munmap(mm: Mm, addr: number, length: number): void {
    // R22: a static-share region goes only with its queue
    if (touchesPinned(mm, addr, addr + length))
      throw new WarpDriveError('EINVAL', `munmap of [${addr}, ${addr + length}) touches a static-share region`);
    mm.vmas.remove(addr, addr + length);
    this.unmapPages(mm, addr / this.pageSize, (addr + length) / this.pageSize, 'munmap');
  }

  /**
   * Sets the prot of a fully mapped aligned range (ENOMEM if a page lies outside every area,
   * nothing changes). A loss of permission invalidates the range's translations.
   */
  mprotect(mm: Mm, addr: number, length: number, protBits: number): void {
    const until = addr + length;
    if (touchesPinned(mm, addr, until))
      throw new WarpDriveError('EINVAL', `mprotect of [${addr}, ${until}) touches a static-share region`);
    if (!mm.vmas.covers(addr, until, 0))
      throw new WarpDriveError('ENOMEM', `mprotect over unmapped pages in [${addr}, ${until})`);
    const lost = mm.vmas.protect(addr, until, protBits);
    const first = addr / this.pageSize;
    const end = until / this.pageSize;
    const table = mm.pageTable;
    table.forEach(first, end, (vpn, entry) => {
      // Stryker disable next-line EqualityOperator: forEach visits only non-zero entries (MUTATION.md)
      if (entry > 0) table.set(vpn, presentEntry(entryFrame(entry), protBits));
    });
    if (lost !== 0) this.invalidate(mm, first, end - first, 'mprotect');
  }

  /**
   * A CPU read (EFAULT unless every touched page is in an `r` area); changes nothing (§S-3). Areas
   * lie inside the address space (mmap checks), so a covered range ends by `vaLimit`.
   */
  read(mm: Mm, addr: number, length: number): Uint8Array {
    const end = addr + length;
    if (!mm.vmas.covers(addr, end, PERM_R)) {
      throw new WarpDriveError('EFAULT', `read of [${addr}, ${end}) touches a page without r`);
    }
    const ps = this.pageSize;
    this.checkBacked(mm, addr, end, false);
    const out = new Uint8Array(length);
    for (let at = addr; at < end;) {
      const vpn = Math.floor(at / ps);
      const offset = at - vpn * ps;
      const n = Math.min(ps - offset, end - at);
      const entry = mm.pageTable.get(vpn);
      if (entry > 0) {
        const start = this.frames.offsetOf(entryFrame(entry)) + offset;
        out.set(this.frames.bytes.subarray(start, start + n), at - addr);
      } else if (entry < 0) {
        out.set(this.swap.load(entrySwapSlot(entry)).subarray(offset, offset + n), at - addr);
      } // absent pages read as zeros
      at += n;
    }
    return out;
  }

  /**
   * A CPU write: EFAULT unless every touched page is in a `w` area; ENOMEM (nothing written) when
   * the frames needed (absent, swapped or COW-shared touched pages, §S-3) exceed the free ones.
   * Areas lie inside the address space (mmap checks), so a covered range ends by `vaLimit`.
   */
  write(mm: Mm, addr: number, bytes: Uint8Array): void {
    const end = addr + bytes.length;
    if (!mm.vmas.covers(addr, end, PERM_W)) {
      throw new WarpDriveError('EFAULT', `write of [${addr}, ${end}) touches a page without w`);
    }
    const ps = this.pageSize;
    const firstPage = Math.floor(addr / ps);
    const lastPage = Math.floor((end - 1) / ps);
    this.checkBacked(mm, addr, end, true);
    // Every fallible step comes before any change (§15): the frames, then the tables their entries need.
    const frames = this.frames;
    let needed = 0;
    for (let vpn = firstPage; vpn <= lastPage; vpn++) {
      const entry = mm.pageTable.get(vpn);
      if (entry <= 0 || frames.refcount[entryFrame(entry)] > 1) needed++;
    }
    if (needed > frames.freeCount)
      throw new WarpDriveError('ENOMEM', `write needs ${needed} frames, ${frames.freeCount} free`);
    const reserved = this.reservedFrames;
    reserved.length = 0;
    for (let i = 0; i < needed; i++) {
      const frame = frames.allocate();
      if (frame < 0) this.failWrite(reserved, 'a frame');
      reserved.push(frame);
    }
    if (!mm.pageTable.reserveTables(firstPage, lastPage)) this.failWrite(reserved, 'a page-table page');
    let next = 0;
    for (let at = addr; at < end;) {
      const vpn = Math.floor(at / ps);
      const offset = at - vpn * ps;
      // Stryker disable next-line ArithmeticOperator: `end + at` makes the last piece too long, but subarray stops at the end of `bytes` and the loop ends
      const n = Math.min(ps - offset, end - at);
      const entry = mm.pageTable.get(vpn);
      const given = entry <= 0 || frames.refcount[entryFrame(entry)] > 1 ? reserved[next++] : -1;
      const frame = this.makePresentPrivate(mm, vpn, given);
      frames.bytes.set(bytes.subarray(at - addr, at - addr + n), frames.offsetOf(frame) + offset);
      at += n;
    }
    reserved.length = 0;
  }

  /**
   * R14 (a guest's memory): every present page of `[addr, end)` must still have its bytes with the
   * access (stage 2 of its GPA page), else EFAULT — a write that must copy a COW page reads it. A
   * host frame always has them, so on the host this is one call per page that returns true.
   */
  private checkBacked(mm: Mm, addr: number, end: number, write: boolean): void {
    const ps = this.pageSize;
    const frames = this.frames;
    for (let vpn = Math.floor(addr / ps); vpn * ps < end; vpn++) {
      const entry = mm.pageTable.get(vpn);
      if (entry <= 0) continue;
      const frame = entryFrame(entry);
      const need = write && frames.refcount[frame] <= 1 ? PERM_W : PERM_R;
      if (!frames.accessible(frame, need))
        throw new WarpDriveError('EFAULT', `page ${vpn * ps} has lost its backing (stage 2) for this access`);
    }
  }

  /**
   * Makes the pages `[firstVpn, firstVpn + pages)` present and private, as a write would with the
   * bytes unchanged (vmMapRam, SPEC §13, R3: even where the area lacks `w`), and pins each frame.
   * ENOMEM (nothing changed) when the frames needed exceed the free ones. Returns the frames.
   */
  pinPages(mm: Mm, firstVpn: number, pages: number): number[] {
    const frames = this.frames;
    const last = firstVpn + pages - 1;
    let needed = 0;
    for (let vpn = firstVpn; vpn <= last; vpn++) {
      const entry = mm.pageTable.get(vpn);
      if (entry <= 0 || frames.refcount[entryFrame(entry)] > 1) needed++;
    }
    if (needed > frames.freeCount)
      throw new WarpDriveError('ENOMEM', `vmMapRam needs ${needed} frames, ${frames.freeCount} free`);
    const reserved = this.reservedFrames;
    reserved.length = 0;
    for (let i = 0; i < needed; i++) {
      const frame = frames.allocate();
      if (frame < 0) this.failWrite(reserved, 'a frame');
      reserved.push(frame);
    }
    if (!mm.pageTable.reserveTables(firstVpn, last)) this.failWrite(reserved, 'a page-table page');
    const out: number[] = [];
    let next = 0;
    for (let vpn = firstVpn; vpn <= last; vpn++) {
      const entry = mm.pageTable.get(vpn);
      const given = entry <= 0 || frames.refcount[entryFrame(entry)] > 1 ? reserved[next++] : -1;
      const frame = this.makePresentPrivate(mm, vpn, given);
      frames.pin(frame);
      out.push(frame);
    }
    reserved.length = 0;
    return out;
  }

  /** Gives back a failed write's frames (newest first, so the free stack is as it was) and throws ENOMEM. */
  private failWrite(reserved: number[], what: string): never {
    for (let i = reserved.length - 1; i >= 0; i--) this.frames.release(reserved[i]);
    reserved.length = 0;
    throw new WarpDriveError('ENOMEM', `write: no memory for ${what}`);
  }

  /**
   * A child mm for fork: the same areas, every present page shared copy-on-write (the parent's
   * writable ranges are invalidated: they lose `w`), swapped pages copied (§S-3).
   */
  fork(parent: Mm, childId: MmId): Mm {
    const child = new Mm(childId, this.geometry, parent.vmas.clone(), this.tablePool);
    // static-share regions are not inherited (SPEC §14): neither their areas nor their pages
    for (const r of parent.pinned) child.vmas.remove(r.start, r.end);
    const table = child.pageTable;
    const hasStaticShare = parent.pinned.length > 0;
    // The fallible step first (§15): the child's page tables, holding the parent's entries for now.
    // A refused table leaves a child nothing refers to, so nothing has changed.
    let refused = false;
    parent.pageTable.forEach(0, this.geometry.pages, (vpn, entry) => {
      if (refused || (hasStaticShare && touchesPinned(parent, vpn * this.pageSize, (vpn + 1) * this.pageSize))) return;
      if (table.reserveTables(vpn, vpn)) table.set(vpn, entry);
      else refused = true;
    });
    if (refused) throw new WarpDriveError('ENOMEM', 'fork: no memory for a page-table page of the child');
    // R3: the child gets its own copy of every pinned present page at once, so a pinned page is never
    // COW shared (CVE-2020-29374's class); the frames come before any change (ENOMEM, nothing changed).
    const copies = this.reservedFrames;
    copies.length = 0;
    let pinned = 0;
    table.forEach(0, this.geometry.pages, (_vpn, entry) => {
      if (entry > 0 && this.copiedAtFork(entryFrame(entry))) pinned++;
    });
    // A refusal leaves a child nothing refers to, as above.
    if (pinned > this.frames.freeCount) throw new WarpDriveError('ENOMEM', `fork needs ${pinned} frames for pins`);
    for (let i = 0; i < pinned; i++) {
      const frame = this.frames.allocate();
      if (frame < 0) this.failWrite(copies, 'a copy of a pinned page');
      copies.push(frame);
    }
    let next = 0;
    table.forEach(0, this.geometry.pages, (vpn, entry) => {
      // Stryker disable next-line EqualityOperator: forEach visits only non-zero entries (MUTATION.md)
      if (entry > 0) {
        const frame = entryFrame(entry);
        if (!this.copiedAtFork(frame)) this.frames.retain(frame);
        else {
          const copy = copies[next++];
          const from = this.frames.offsetOf(frame);
          this.frames.bytes.copyWithin(this.frames.offsetOf(copy), from, from + this.pageSize);
          table.set(vpn, presentEntry(copy, entryProt(entry)));
        }
      } else table.set(vpn, swappedEntry(this.swap.duplicate(entrySwapSlot(entry))));
    });
    copies.length = 0;
    parent.vmas.forEach((start, end, protBits) => {
      if ((protBits & PERM_W) !== 0)
        this.invalidate(parent, start / this.pageSize, (end - start) / this.pageSize, 'fork');
    });
    return child;
  }

  /**
   * Whether fork gives the child its own copy of a present page on `frame` at once instead of
   * sharing it copy-on-write: a pinned frame (R3; sharing it lets the guest's DMA land in a page the
   * VMM no longer owns, CVE-2020-29374's class — bug 33 is this returning false).
   */
  protected copiedAtFork(frame: number): boolean {
    return this.frames.pins[frame] > 0;
  }

  /** Swaps out a present, unshared page; anything else is a no-op (§S-3). */
  reclaim(mm: Mm, addr: number): void {
    const vpn = addr / this.pageSize;
    const entry = mm.pageTable.get(vpn);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a negative frame's refcount is undefined: the next check fails too
    if (entry <= 0) return;
    const frame = entryFrame(entry);
    if (touchesPinned(mm, addr, addr + this.pageSize)) return; // pinned static-share page (§14)
    // R3: a pinned page is never reclaimed; R14: nor a GPA page stage 2 no longer maps `r`
    if (this.frames.refcount[frame] !== 1 || this.frames.pins[frame] !== 0 || !this.frames.accessible(frame, PERM_R))
      return;
    const start = this.frames.offsetOf(frame);
    const slot = this.swap.store(this.frames.bytes.subarray(start, start + this.pageSize));
    mm.pageTable.set(vpn, swappedEntry(slot));
    this.invalidate(mm, vpn, 1, 'reclaim');
    this.frames.release(frame);
  }

  /**
   * Moves a present page to a new frame (ENOMEM if none, checked first), repointing every PTE
   * that shares the old frame. Sharing only comes from fork, which keeps the virtual address, so
   * every sharer maps the frame at this same page: looking at `vpn` in every mm finds them all.
   */
  migrate(mm: Mm, addr: number, everyMm: Iterable<Mm>): void {
    const vpn = addr / this.pageSize;
    const entry = mm.pageTable.get(vpn);
    if (entry <= 0) return;
    if (touchesPinned(mm, addr, addr + this.pageSize)) return; // pinned static-share page (§14)
    const oldFrame = entryFrame(entry);
    // R3: a pinned page is never migrated; R14: nor a GPA page stage 2 no longer maps
    if (this.frames.pins[oldFrame] !== 0 || !this.frames.accessible(oldFrame, PERM_R)) return;
    const newFrame = this.frames.allocate();
    if (newFrame < 0) throw new WarpDriveError('ENOMEM', `no free frame to migrate page ${addr}`);
    const bytes = this.frames.bytes;
    bytes.copyWithin(
      this.frames.offsetOf(newFrame),
      this.frames.offsetOf(oldFrame),
      this.frames.offsetOf(oldFrame) + this.pageSize,
    );
    this.frames.refcount[newFrame] = 0;
    for (const sharer of everyMm) {
      const e = sharer.pageTable.get(vpn);
      // only a present entry decodes to a frame ≥ 0: an absent or swapped one never matches
      if (entryFrame(e) === oldFrame) {
        sharer.pageTable.set(vpn, presentEntry(newFrame, entryProt(e)));
        this.frames.retain(newFrame);
        this.invalidate(sharer, vpn, 1, 'migrate');
        this.frames.release(oldFrame);
      }
    }
  }

  /** Wires fault injection's refusal (R23) into the frame pool and the page-table pool. */
  setRefusal(refuse: Refusal): void {
    this.frames.refuse = refuse;
    this.tablePool.refuse = refuse;
  }

  /** Removes every area and page of an mm (exit, §S-7 step 3). */
  teardown(mm: Mm): void {
    if (mm.pinned.length > 0) return this.teardownAroundPinned(mm);
    mm.vmas.clear();
    this.unmapPages(mm, 0, this.geometry.pages, 'exit');
    mm.pageTable.recycleTables();
  }

  /** Exit's teardown of an mm with static-share regions: everything but them (R22: freed at release). */
  private teardownAroundPinned(mm: Mm): void {
    const ranges = [...mm.pinned].sort((a, b) => a.start - b.start);
    let at = 0;
    for (const r of [...ranges, { start: this.vaLimit, end: this.vaLimit }]) {
      if (r.start > at) {
        mm.vmas.remove(at, r.start);
        this.unmapPages(mm, at / this.pageSize, r.start / this.pageSize, 'exit');
      }
      at = Math.max(at, r.end);
    }
  }

  /**
   * The fault handler's resolution of one page request (§S-3, §S-8): legal iff the page lies in an
   * area whose prot has the access; then the page is made present (and private for `w`). Returns
   * false for an illegal access or when no frame is free (earlier changes stay).
   */
  resolveFault(mm: Mm, pageAddr: number, access: Access): boolean {
    const prot = mm.vmas.protAt(pageAddr);
    // Stryker disable next-line EqualityOperator: prot 0 has no access bit, so `<= 0` answers as the access test does
    if (prot < 0 || (prot & accessBit(access)) === 0) return false;
    const vpn = pageAddr / this.pageSize;
    const frame = access === 'w' ? this.makePresentPrivate(mm, vpn) : this.makePresent(mm, vpn);
    return frame >= 0;
  }

  /** The effective permission bits of a present entry: its prot minus `w` while COW shared (§S-3). */
  effectivePerm(entry: number): number {
    const prot = entryProt(entry);
    return this.frames.refcount[entryFrame(entry)] > 1 ? prot & ~PERM_W : prot;
  }

  /** The mm's pages with contents, ascending, as a snapshot lists them. */
  pagesOf(mm: Mm, withBytes: boolean): PageSnapshot[] {
    const pages: PageSnapshot[] = [];
    const ps = this.pageSize;
    mm.pageTable.forEach(0, this.geometry.pages, (vpn, entry) => {
      // Stryker disable next-line EqualityOperator: forEach visits only non-zero entries (MUTATION.md)
      if (entry > 0) {
        const frame = entryFrame(entry);
        const start = this.frames.offsetOf(frame);
        // a GPA page stage 2 no longer maps has no bytes: it reads as zeros (SPEC §13 leaves it open)
        const bytes = this.frames.accessible(frame, 0)
          ? this.frames.bytes.slice(start, start + ps)
          : new Uint8Array(ps);
        pages.push(
          withBytes ? { addr: vpn * ps, state: 'present', frame, bytes } : { addr: vpn * ps, state: 'present', frame },
        );
      } else {
        pages.push(
          withBytes
            ? { addr: vpn * ps, state: 'swapped', bytes: this.swap.load(entrySwapSlot(entry)).slice() }
            : { addr: vpn * ps, state: 'swapped' },
        );
      }
    });
    return pages;
  }

  /** Calls the mmu notifier; every invalidation of the memory layer goes through here. */
  protected invalidate(mm: Mm, firstPage: number, pages: number, reason: InvalidationReason): void {
    this.notifier(mm, firstPage, pages, reason);
  }

  /**
   * Makes a page present, reusing its frame if it has one, else taking `given` (a frame the caller
   * reserved) or allocating one; -1 when no frame is free.
   */
  private makePresent(mm: Mm, vpn: number, given = -1): number {
    const entry = mm.pageTable.get(vpn);
    if (entry > 0) return entryFrame(entry);
    const prot = mm.vmas.protAt(vpn * this.pageSize);
    const frame = given >= 0 ? given : this.frames.allocate();
    if (frame < 0) return -1;
    if (entry < 0) {
      const slot = entrySwapSlot(entry);
      this.frames.bytes.set(this.swap.load(slot), this.frames.offsetOf(frame));
      this.swap.discard(slot);
    }
    mm.pageTable.set(vpn, presentEntry(frame, prot));
    return frame;
  }

  /** Makes a page present and private, breaking COW by copying (§S-3); `given` as for makePresent. */
  private makePresentPrivate(mm: Mm, vpn: number, given = -1): number {
    const entry = mm.pageTable.get(vpn);
    if (entry <= 0) return this.makePresent(mm, vpn, given);
    const oldFrame = entryFrame(entry);
    if (this.frames.refcount[oldFrame] <= 1) return oldFrame;
    if (!this.frames.accessible(oldFrame, PERM_R)) return -1; // R14: nothing to copy from
    const frame = given >= 0 ? given : this.frames.allocate();
    if (frame < 0) return -1;
    const from = this.frames.offsetOf(oldFrame);
    this.frames.bytes.copyWithin(this.frames.offsetOf(frame), from, from + this.pageSize);
    mm.pageTable.set(vpn, presentEntry(frame, entryProt(entry)));
    this.invalidate(mm, vpn, 1, 'cow');
    this.frames.release(oldFrame);
    return frame;
  }

  /** Drops the pages of `[first, end)`: swap discarded; translations invalidated, then frames released. */
  private unmapPages(mm: Mm, first: number, end: number, reason: InvalidationReason): void {
    const released = this.framesToRelease;
    released.length = 0;
    const table = mm.pageTable;
    table.forEach(first, end, (vpn, entry) => {
      // Stryker disable next-line EqualityOperator: forEach visits only non-zero entries (MUTATION.md)
      if (entry > 0) released.push(entryFrame(entry));
      else this.swap.discard(entrySwapSlot(entry));
      table.set(vpn, 0);
    });
    // Stryker disable next-line ConditionalExpression: with no frame released the range had no present page, so no translation of it can be cached
    if (released.length === 0) return;
    this.invalidate(mm, first, end - first, reason);
    for (const frame of released) this.frames.release(frame);
    released.length = 0;
  }
}
