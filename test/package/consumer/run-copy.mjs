// Consumer fixture (plain node ESM, no TypeScript): every entry point of the installed tarball
// imports, and a copy runs through the impl end to end — spawn, mmap, write, open, map both regions,
// start, send a copy, quiesce, recv, read back. Prints one JSON line for test/package/tarball.test.ts.
import * as impl from 'warpdrive-sva';
import * as model from 'warpdrive-sva/model';
import * as properties from 'warpdrive-sva/properties';
import * as invariants from 'warpdrive-sva/invariants';
import * as iface from 'warpdrive-sva/interface';

const sys = impl.createSystem(impl.presets.default);
const pid = sys.spawn();
sys.mmap(pid, 0x10000, 0x4000, 'rw');
sys.write(pid, 0x10000, new TextEncoder().encode('hello, device'));
const fd = sys.open(pid, 'dummy-0');
sys.mapRegion(pid, fd, 'mmio');
sys.mapRegion(pid, fd, 'dus');
sys.startQueue(pid, fd);
sys.send(pid, fd, [{ op: 'copy', src: 0x10000, dst: 0x12000, len: 13, tag: 1 }]);
sys.quiesce();
const completions = sys.recv(pid, fd);
const text = new TextDecoder().decode(sys.read(pid, 0x12000, 13));

console.log(
  JSON.stringify({
    entries: {
      impl: typeof impl.createSystem,
      model: typeof model.createModel,
      properties: typeof properties.checkConformance,
      invariants: typeof invariants.checkSpecInvariants,
      interface: typeof iface.WarpDriveError,
    },
    completions,
    text,
  }),
);
