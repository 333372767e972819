// Consumer fixture (TypeScript): what a user of the published package writes, type-checked by
// test/package/tarball.test.ts against the installed tarball's .d.ts under a stock strict `nodenext`
// config with noUncheckedIndexedAccess and exactOptionalPropertyTypes. It must compile with 0 errors.
import {
  createSystem,
  presets,
  WarpDriveError,
  WarpDriveSystem,
  type Completion,
  type Descriptor,
  type SvaSystem,
} from 'warpdrive-sva';
import { createModel } from 'warpdrive-sva/model';
import { checkConformance, readCounterexample, type ConformanceOptions } from 'warpdrive-sva/properties';
import { checkSpecInvariants } from 'warpdrive-sva/invariants';
import { resolveConfig, type Errno, type SvaConfig } from 'warpdrive-sva/interface';

const config: SvaConfig = { ...presets.tiny };
const sys: SvaSystem = createSystem(config);
const pid: number = sys.spawn();
sys.mmap(pid, 0x10000, 0x4000, 'rw');
const fd = sys.open(pid, 'dummy-0');
sys.mapRegion(pid, fd, 'mmio');
sys.mapRegion(pid, fd, 'dus');
sys.startQueue(pid, fd);
sys.send(pid, fd, [{ op: 'copy', src: 0x10000, dst: 0x12000, len: 8, tag: 7 }]);
sys.quiesce();
const done: Completion[] = sys.recv(pid, fd);
const first: Completion | undefined = done[0];

let code: Errno | undefined;
try {
  sys.munmap(pid, 1, 1);
} catch (e) {
  if (e instanceof WarpDriveError) code = e.code;
}

/** A user's own system: the impl with a counter on send, checked through the property suite. */
class CountingSystem extends WarpDriveSystem {
  sent = 0;
  override send(pid: number, fd: number, descs: readonly Descriptor[]): number {
    this.sent += descs.length;
    return super.send(pid, fd, descs);
  }
}

const options: ConformanceOptions = { runs: 1, seed: 42, presets: ['tiny'] };
const result = checkConformance((c?: SvaConfig) => new CountingSystem(c), options);
const violations = checkSpecInvariants(createModel(config).snapshot(), resolveConfig(config));

export const summary = { first, code, ok: result.ok, violations: violations.length, read: readCounterexample };
