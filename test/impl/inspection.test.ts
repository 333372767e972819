// The inspection hook (impl/inspect.ts, the audit switches of impl/system.ts): the DMA audit records
// only while on, stopping keeps what was recorded and a restart appends to it, a repeated switch
// changes nothing; inspect() returns a copy of the audit log; a PASID owner's PTE view lists
// present pages only (a swapped-out page has no frame).

import { describe, expect, it } from 'vitest';
import { pattern, processWithQueue } from '../support/impl-queue.ts';
import { createSystem, type ImplSystem } from 'warpdrive-sva';

const SRC = 0x10000;
const DST = 0x11000;

/** A system whose process maps and fills SRC and DST (one page each) and holds a started queue. */
function ready(): { sys: ImplSystem; pid: number; fd: number } {
  const sys = createSystem({ frames: 64 });
  const { pid, fd } = processWithQueue(sys);
  sys.mmap(pid, SRC, 0x2000, 'rw');
  sys.write(pid, SRC, pattern(0x2000));
  return { sys, pid, fd };
}

/** Copies 16 bytes SRC → DST on the device and collects the completion: one read and one write. */
function copyOnce(sys: ImplSystem, pid: number, fd: number, tag: number): void {
  sys.send(pid, fd, [{ op: 'copy', src: SRC, dst: DST, len: 16, tag }]);
  sys.quiesce();
  sys.recv(pid, fd);
}

describe('DMA audit switches', () => {
  it('stopping an audit that is off does not start it', () => {
    const { sys, pid, fd } = ready();
    sys.setDmaAudit(false);
    copyOnce(sys, pid, fd, 1);
    expect(sys.inspect().dmaAudit).toEqual([]);
  });

  it('starting an audit that is on keeps what it recorded', () => {
    const { sys, pid, fd } = ready();
    sys.setDmaAudit(true);
    copyOnce(sys, pid, fd, 1);
    expect(sys.inspect().dmaAudit).toHaveLength(2);
    sys.setDmaAudit(true);
    expect(sys.inspect().dmaAudit).toHaveLength(2);
    copyOnce(sys, pid, fd, 2);
    expect(sys.inspect().dmaAudit).toHaveLength(4);
  });

  it('stopping keeps the records and records nothing more; a restart appends to them', () => {
    const { sys, pid, fd } = ready();
    sys.setDmaAudit(true);
    copyOnce(sys, pid, fd, 1);
    const recorded = sys.inspect().dmaAudit;
    expect(recorded.map((r) => r.access)).toEqual(['r', 'w']);
    sys.setDmaAudit(false);
    copyOnce(sys, pid, fd, 2);
    expect(sys.inspect().dmaAudit).toEqual(recorded);
    sys.setDmaAudit(true);
    copyOnce(sys, pid, fd, 3);
    const after = sys.inspect().dmaAudit;
    expect(after).toHaveLength(4);
    expect(after.slice(0, 2)).toEqual(recorded);
    sys.clearDmaAudit();
    expect(sys.inspect().dmaAudit).toEqual([]);
  });
});

describe('inspect()', () => {
  it('returns a copy of the audit log: later DMA does not change an earlier inspection', () => {
    const { sys, pid, fd } = ready();
    sys.setDmaAudit(true);
    copyOnce(sys, pid, fd, 1);
    const earlier = sys.inspect();
    copyOnce(sys, pid, fd, 2);
    expect(earlier.dmaAudit).toHaveLength(2);
    expect(sys.inspect().dmaAudit).toHaveLength(4);
  });

  it("a PASID owner's PTE view lists its present pages only, not a swapped-out one", () => {
    const { sys, pid } = ready();
    const ptesBefore = sys.inspect().pasidOwners.find((o) => o.mm === pid)?.ptes ?? [];
    expect(ptesBefore.map((p) => p.addr)).toEqual([SRC, DST]);
    sys.reclaim(pid, DST);
    const owner = sys.inspect().pasidOwners.find((o) => o.mm === pid);
    expect(owner?.ptes.map((p) => p.addr)).toEqual([SRC]);
    expect(owner?.ptes[0].perm).toBe('rw');
  });
});
