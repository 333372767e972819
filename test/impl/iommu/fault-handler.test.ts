// The unbind step's own page-request rule (impl/iommu/fault-handler.ts discardPageRequests, SPEC §5
// "the last unbind clears [the slot] only after every page request of (device, p) has been answered
// or discarded"): the last unbind discards the device's queued groups of that PASID — and only those —
// and frees their PRG indices for the device's next groups. In the shipped impl the release drains
// the PRQ before it unbinds, so nothing is left to discard; a variant whose release stops a queue
// without draining (a protected step overridden, as the zoo does, SPEC §9) leaves a group behind
// and shows that unbind still cleans up after it.

import { describe, expect, it } from 'vitest';
import { openMappedQueue } from '../../support/setup.ts';
import { WarpDriveSystem, type SvaConfig, type Queue } from 'warpdrive-sva';

/** A system whose release stops a started queue without draining: its queued page requests stay. */
class ReleaseWithoutDrain extends WarpDriveSystem {
  override release(queue: Queue): void {
    if (queue.state === 'started') queue.state = 'init';
    super.release(queue);
  }
}

const PAGE = 256;
const DATA = 16 * PAGE;
const config: SvaConfig = {
  pageSize: PAGE,
  frames: 32,
  vaBits: 20,
  pasidBits: 4,
  prqDepth: 8,
  devices: [{ name: 'acc', hwQueues: 3, ringDepth: 4 }],
};

/** A process with an untouched rw page at DATA and a started queue whose fill of that page faults once served. */
function faultingQueue(sys: WarpDriveSystem): { pid: number; fd: number } {
  const pid = sys.spawn();
  sys.mmap(pid, DATA, PAGE, 'rw');
  const fd = openMappedQueue(sys, pid, 'acc');
  sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 1, value: 7, tag: pid }]);
  return { pid, fd };
}

/** The queued groups as (pasid, prg) pairs, oldest first. */
function queued(sys: WarpDriveSystem): { pasid: number; prg: number }[] {
  return sys.snapshot().pageRequests.map((g) => ({ pasid: g.pasid, prg: g.prg }));
}

describe('unbind discards the page requests of its PASID', () => {
  it('the last unbind discards the queued group of its PASID, keeps another PASID’s, and frees the PRG index', () => {
    const sys = new ReleaseWithoutDrain(config);
    const a = faultingQueue(sys);
    const b = faultingQueue(sys);
    sys.deviceStep('acc');
    sys.deviceStep('acc');
    expect(queued(sys)).toEqual([
      { pasid: 1, prg: 0 },
      { pasid: 2, prg: 1 },
    ]);
    sys.exit(a.pid); // releases a's queue undrained, then unbinds PASID 1 from acc
    expect(queued(sys)).toEqual([{ pasid: 2, prg: 1 }]);
    // PRG 0 is free again: the next group of the device takes it
    faultingQueue(sys);
    sys.deviceStep('acc');
    expect(queued(sys)).toEqual([
      { pasid: 2, prg: 1 },
      { pasid: 1, prg: 0 },
    ]);
    expect(sys.quiesce()).toBeGreaterThan(0);
    expect(queued(sys)).toEqual([]);
    expect(sys.recv(b.pid, b.fd)).toEqual([{ tag: b.pid, status: 'ok', done: 1 }]);
  });
});
