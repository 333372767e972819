// `npm run bench:vm` (issue 15, SPEC §13): the costs of nested translation in the impl — a nested
// IOTLB hit and a nested ATC hit next to the host's IOTLB hit (the target: a nested hit costs what a
// host hit costs, ≤ 10 ns, no allocation), a nested walk on a miss (stage 1 then stage 2) — and a
// guest copy-heavy stream (a guest process copying through its assigned device) on the impl and the
// model, with the ratio. Flags: `--quick` (fewer rounds), `--json` (one final JSON line).

import { WarpDriveSystem, type SvaConfig, type SvaSystem } from '../impl/index.ts';
import { createModel } from '../model/index.ts';
import { measureSideBySide, type RoundOptions } from './harness.ts';
import { patternBytes } from './pattern-bytes.ts';

const PERM_R = 1;
const PS = 4096;
const BASE = 0x10000;
const PAGES = 8;
/** Translations per timed call. */
const BATCH = 20_000;

const config: SvaConfig = {
  devices: [
    { name: 'assigned', ats: true },
    { name: 'assigned-no-ats', ats: false },
    { name: 'host', ats: false },
  ],
};

/**
 * A VMM with 16 RAM pages, VM 1 of 16 GPA pages with `assigned` and `assigned-no-ats`, a guest
 * process with 8 present pages at BASE and a started queue on `assigned`; a host process with a
 * present page and a queue on `host`.
 */
function setUp(sys: SvaSystem): void {
  const vmm = sys.spawn();
  sys.mmap(vmm, BASE, 16 * PS, 'rw');
  const vm = sys.vmCreate(vmm, { gpaPages: 16 });
  sys.vmMapRam(vm, 0, BASE, 16 * PS, 'rw');
  sys.vmAssign(vm, 'assigned');
  sys.vmAssign(vm, 'assigned-no-ats');
  const g = sys.guest(vm);
  const p = g.spawn();
  g.mmap(p, BASE, PAGES * PS, 'rw');
  g.write(p, BASE, patternBytes(PAGES * PS, 3));
  const fd = g.open(p, 'assigned');
  g.mapRegion(p, fd, 'mmio');
  g.mapRegion(p, fd, 'dus');
  g.startQueue(p, fd);
  const h = sys.spawn();
  sys.mmap(h, BASE, PS, 'rw');
  sys.write(h, BASE, patternBytes(PS, 5));
  sys.open(h, 'host');
}

/** The impl with its translation entry points callable in a loop. */
class NestedProbe extends WarpDriveSystem {
  constructor() {
    super(config);
    setUp(this);
  }

  /** `n` nested translations of the guest buffer's first page on device `device`; the sum of the frames. */
  nested(device: number, n: number): number {
    const vm = this.liveVm(1);
    const mm = vm.kernel.processTable.get(1)?.mm;
    if (mm === undefined) throw new Error('probe guest process is gone');
    const page = BASE / PS;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.translateNested(vm, device, mm.pasid, mm, page, PERM_R);
    return sum;
  }

  /** `n` nested walks (the miss path: stage 1, then stage 2) of pages of the guest buffer. */
  walks(n: number): number {
    const vm = this.liveVm(1);
    const mm = vm.kernel.processTable.get(1)?.mm;
    if (mm === undefined) throw new Error('probe guest process is gone');
    const first = BASE / PS;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.walkNested(vm, 1, mm.pasid, mm, first + (i & (PAGES - 1)), PERM_R);
    return sum;
  }

  /** `n` host translations (IOTLB hits on the `host` device, no ATS). */
  host(n: number): number {
    const mm = this.processTable.get(2)?.mm;
    if (mm === undefined) throw new Error('probe host process is gone');
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.translate(2, mm.pasid, mm, BASE / PS, PERM_R);
    return sum;
  }
}

/** One round of the guest copy-heavy stream: 8 copies of 4 KiB through the assigned device, quiesce, recv. */
function guestCopies(sys: SvaSystem): void {
  const g = sys.guest(1);
  const descs = [];
  for (let k = 0; k < 8; k++) {
    descs.push({
      op: 'copy' as const,
      src: BASE + (k % 4) * PS,
      dst: BASE + (4 + (k % 4)) * PS + 16,
      len: 4000,
      tag: k,
    });
  }
  for (let sent = 0; sent < descs.length; sent += 4) {
    g.send(1, 3, descs.slice(sent, sent + 4));
    sys.quiesce();
    const done = g.recv(1, 3, 4);
    if (done.some((c) => c.status !== 'ok')) throw new Error(`guest copy failed: ${JSON.stringify(done)}`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const rounds: RoundOptions = quick ? { rounds: 3, timeMs: 100 } : { rounds: 9, timeMs: 250 };
  const probe = new NestedProbe();
  if (probe.nested(0, 1) < 0 || probe.nested(1, 1) < 0 || probe.host(1) < 0)
    throw new Error('probe translation faulted');
  let sink = 0;
  const batch = (f: () => number) => () => {
    sink += f();
  };
  const [hostHit, nestedIotlb, nestedAtc, walk] = await measureSideBySide(
    [
      { name: 'host iotlb hit', run: batch(() => probe.host(BATCH)) },
      { name: 'nested iotlb hit', run: batch(() => probe.nested(1, BATCH)) },
      { name: 'nested atc hit', run: batch(() => probe.nested(0, BATCH)) },
      { name: 'nested walk (miss)', run: batch(() => probe.walks(BATCH)) },
    ],
    rounds,
  );
  const ns = (t: { medianMs: number }) => (t.medianMs * 1e6) / BATCH;
  const impl = new WarpDriveSystem(config);
  const model = createModel(config);
  setUp(impl);
  setUp(model);
  const [implStream, modelStream] = await measureSideBySide(
    [
      { name: 'guest copy stream impl', run: () => guestCopies(impl) },
      { name: 'guest copy stream model', run: () => guestCopies(model) },
    ],
    rounds,
  );
  if (!Number.isFinite(sink)) throw new Error('unreachable: translation sum');
  const results = {
    hostIotlbHitNs: ns(hostHit),
    nestedIotlbHitNs: ns(nestedIotlb),
    nestedAtcHitNs: ns(nestedAtc),
    nestedWalkNs: ns(walk),
    guestCopyImplMs: implStream.medianMs,
    guestCopyModelMs: modelStream.medianMs,
    guestCopySpeedup: modelStream.medianMs / implStream.medianMs,
  };
  const f = (x: number) => x.toFixed(2);
  console.log(`nested translation (ns per translation; target: nested hit ≈ host hit, ≤ 10 ns)
  host IOTLB hit          ${f(results.hostIotlbHitNs)}
  nested IOTLB hit        ${f(results.nestedIotlbHitNs)}
  nested ATC hit          ${f(results.nestedAtcHitNs)}
  nested walk on a miss   ${f(results.nestedWalkNs)}
guest copy-heavy stream (8 × 4000-byte copies through the assigned device, ms per round)
  impl ${f(results.guestCopyImplMs)}   model ${f(results.guestCopyModelMs)}   impl ${f(results.guestCopySpeedup)}× faster`);
  if (argv.includes('--json')) console.log(JSON.stringify(results));
}

await main();
