// U1-U4 (SPEC §12) can fail: each check, given a real snapshot of a routed system with groups in a
// fault queue, passes it, and reports the broken invariant once that snapshot is altered the way a
// faulty implementation would leave it (a group in two places, a lost waiter, a split group, a group
// left behind a replaced route); and U3 on reads rejects split or altered records.

import { describe, expect, it } from 'vitest';
import { DATA, PAGE, openMappedQueue, setupQueue, smallConfig } from '../support/setup.ts';
import type { FaultRecord, SystemSnapshot } from 'warpdrive-sva/interface';
import { checkFaultQueues, checkFaultRecords } from 'warpdrive-sva/invariants';
import { createModel } from 'warpdrive-sva/model';

/** A model with two groups routed to fault queue 1: one delivered (cookie 1), one undelivered. */
function routedState(): { snap: SystemSnapshot; records: FaultRecord[] } {
  const sys = createModel(smallConfig);
  const { pid, fd } = setupQueue(sys);
  const fq = sys.faultQueueCreate(pid);
  sys.routeFaults(pid, fd, fq);
  const fd2 = openMappedQueue(sys, pid, 'acc');
  sys.send(pid, fd, [{ op: 'copy', src: DATA, dst: DATA + 8 * PAGE, len: 4, tag: 1 }]);
  sys.send(pid, fd2, [{ op: 'fill', dst: DATA + 2 * PAGE, len: 4, value: 1, tag: 2 }]);
  sys.deviceStep('acc');
  sys.deviceStep('acc');
  sys.handleFaults();
  const records = sys.readFaults(fq, 2);
  return { snap: sys.snapshot(), records };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

describe('U1-U4 over snapshots', () => {
  it('hold on a routed state', () => {
    const { snap, records } = routedState();
    expect(snap.faultQueues[0].delivered.length).toBe(1);
    expect(snap.faultQueues[0].undelivered.length).toBe(1);
    expect(checkFaultQueues(snap)).toEqual([]);
    expect(checkFaultRecords(records, 1, snap)).toBeUndefined();
  });

  it('U1: a group both in the PRQ and in a fault queue; a repeated cookie', () => {
    const { snap } = routedState();
    const twice = structuredClone(snap) as Mutable<SystemSnapshot>;
    twice.pageRequests = [snap.faultQueues[0].undelivered[0]];
    expect(checkFaultQueues(twice).map((v) => v.invariant)).toContain('U1');
    const cookies = structuredClone(snap);
    (cookies.faultQueues[0] as Mutable<SystemSnapshot['faultQueues'][0]>).delivered.push(
      structuredClone(snap.faultQueues[0].delivered[0]),
    );
    expect(checkFaultQueues(cookies).map((v) => v.invariant)).toContain('U1');
  });

  it('U2: a held group whose queue stopped waiting (answered elsewhere or lost)', () => {
    const { snap } = routedState();
    const lost = structuredClone(snap) as Mutable<SystemSnapshot>;
    lost.queues = snap.queues.map((q) =>
      q.waitingPrg === 0 ? { ...q, waitingPrg: undefined } : q,
    ) as typeof lost.queues;
    expect(checkFaultQueues(lost).map((v) => v.invariant)).toEqual(['U2']);
  });

  it('U3: a held group that is not whole', () => {
    const { snap } = routedState();
    const split = structuredClone(snap);
    const group = split.faultQueues[0].delivered[0].group as unknown as { requests: unknown[] };
    group.requests = [...group.requests].reverse(); // destination before source: not one chunk's group
    expect(checkFaultQueues(split).map((v) => v.invariant)).toContain('U3');
  });

  it('U3 on reads: a split or altered record list', () => {
    const { snap, records } = routedState();
    expect(checkFaultRecords(records.slice(0, 1), 1, snap)?.invariant).toBe('U3');
    expect(checkFaultRecords([{ ...records[0], last: true }, records[1]], 1, snap)?.invariant).toBe('U3');
    expect(checkFaultRecords([...records, ...records], 1, snap)?.invariant).toBe('U3');
  });

  it("U4: a group left behind its slot's route; a route on an abort slot; an owner gone", () => {
    const { snap } = routedState();
    const unrouted = structuredClone(snap);
    (unrouted.devices[0].slots[0] as { route?: number }).route = undefined;
    delete (unrouted.devices[0].slots[0] as { route?: number }).route;
    expect(checkFaultQueues(unrouted).map((v) => v.invariant)).toContain('U4');
    const aborted = structuredClone(snap);
    (aborted.devices[0].slots[0] as { state: string }).state = 'abort';
    expect(checkFaultQueues(aborted).map((v) => v.invariant)).toContain('U4');
    const orphan = structuredClone(snap) as Mutable<SystemSnapshot>;
    orphan.processes = [];
    expect(checkFaultQueues(orphan).map((v) => v.invariant)).toContain('U4');
  });
});
