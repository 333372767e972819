// The cost of a routed page-fault round trip (SPEC §12, issue 14) against the kernel path, on the
// impl: fault → handleFaults moves the group → readFaults → the user resolves the page (a CPU
// write) → respondFaults SUCCESS → the device retries and completes; versus fault → handleFaults
// resolves → retry. Each round trip starts from a swapped-out page (reclaim), so it faults.
// `npx tsx bench/fault-round-trip.ts` (or `npm run bench:faults`); prints ns per round trip.

import { createSystem, type ImplSystem } from '../impl/index.ts';
import { measureSideBySide, type RoundOptions } from './harness.ts';

/** Round trips per timed call. */
const BATCH = 500;
const PAGE = 4096;
const DATA = 16 * PAGE;

/** A process with one ready queue, optionally routed to a fault queue it owns. */
function setup(routed: boolean): { sys: ImplSystem; pid: number; fd: number; fq: number } {
  const sys = createSystem({});
  const pid = sys.spawn();
  sys.mmap(pid, DATA, PAGE, 'rw');
  sys.write(pid, DATA, new Uint8Array([1]));
  const fd = sys.open(pid, 'dummy-0');
  sys.mapRegion(pid, fd, 'mmio');
  sys.mapRegion(pid, fd, 'dus');
  sys.startQueue(pid, fd);
  const fq = sys.faultQueueCreate(pid);
  if (routed) sys.routeFaults(pid, fd, fq);
  return { sys, pid, fd, fq };
}

const FILL = [{ op: 'fill' as const, dst: DATA, len: 8, value: 7, tag: 1 }];
const TOUCH = new Uint8Array([2]);

/** One round trip through user space; returns the completion status. */
function routedTrip(s: ReturnType<typeof setup>): string {
  const { sys, pid, fd, fq } = s;
  sys.reclaim(pid, DATA);
  sys.send(pid, fd, FILL);
  sys.deviceStep('dummy-0'); // faults: one group
  sys.handleFaults(); // moved to the fault queue
  const records = sys.readFaults(fq);
  sys.write(pid, records[0].addr, TOUCH); // the user resolves the page
  sys.respondFaults(fq, [{ cookie: records[0].cookie, code: 'success' }]);
  sys.deviceStep('dummy-0'); // the retry completes
  return sys.recv(pid, fd)[0].status;
}

/** One round trip through the kernel's handler. */
function kernelTrip(s: ReturnType<typeof setup>): string {
  const { sys, pid, fd } = s;
  sys.reclaim(pid, DATA);
  sys.send(pid, fd, FILL);
  sys.deviceStep('dummy-0');
  sys.handleFaults(); // resolved by the kernel
  sys.deviceStep('dummy-0');
  return sys.recv(pid, fd)[0].status;
}

/** What the bench measured: ns per round trip on each path, and their ratio. */
export interface RoundTripResult {
  readonly routedNs: number;
  readonly kernelNs: number;
  readonly ratio: number;
}

/** Times both paths side by side. */
export async function measureFaultRoundTrip(options: RoundOptions = {}): Promise<RoundTripResult> {
  const routed = setup(true);
  const kernel = setup(false);
  let bad = 0;
  const batch = (trip: () => string) => () => {
    for (let i = 0; i < BATCH; i++) if (trip() !== 'ok') bad++;
  };
  const [r, k] = await measureSideBySide(
    [
      { name: 'routed round trip', run: batch(() => routedTrip(routed)) },
      { name: 'kernel round trip', run: batch(() => kernelTrip(kernel)) },
    ],
    options,
  );
  if (bad > 0) throw new Error(`${bad} round trips did not complete ok`);
  const routedNs = (r.medianMs * 1e6) / BATCH;
  const kernelNs = (k.medianMs * 1e6) / BATCH;
  return { routedNs, kernelNs, ratio: routedNs / kernelNs };
}

if (process.argv[1]?.endsWith('fault-round-trip.ts')) {
  const result = await measureFaultRoundTrip({ rounds: 7, timeMs: 250 });
  process.stdout.write(
    `fault round trip (impl, default config, one 8-byte fill on a swapped-out page):\n` +
      `  routed through a fault queue  ${result.routedNs.toFixed(0).padStart(8)} ns\n` +
      `  kernel handleFaults           ${result.kernelNs.toFixed(0).padStart(8)} ns\n` +
      `  routed / kernel               ${result.ratio.toFixed(2).padStart(8)}x\n`,
  );
}
