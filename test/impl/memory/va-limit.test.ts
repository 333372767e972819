// A device address past the address space (2^vaBits) faults like any unmapped page: the radix
// walk must not wrap it onto a mapped page of the same mm (an isolation hole the model does not
// have: it answers such a request INVALID, SPEC §5, §S-8).

import { describe, expect, it } from 'vitest';
import { createSystem, presets } from 'warpdrive-sva';
import { createModel } from 'warpdrive-sva/model';

describe('device access past the VA limit', () => {
  for (const [name, factory] of [
    ['impl', createSystem],
    ['model', createModel],
  ] as const) {
    it(`${name}: a crc32 one VA-space above a mapped page faults instead of reading it`, () => {
      const sys = factory(presets.tiny); // vaBits 12: 4096 + 0x40 would wrap onto page 0x40
      const pid = sys.spawn();
      const fd = sys.open(pid, 'dummy-0');
      sys.mapRegion(pid, fd, 'mmio');
      sys.mapRegion(pid, fd, 'dus');
      sys.startQueue(pid, fd);
      sys.mmap(pid, 0x40, 0x40, 'rw');
      sys.write(pid, 0x40, new Uint8Array(0x40).fill(7));
      sys.send(pid, fd, [{ op: 'crc32', src: 4096 + 0x40, len: 16, tag: 1 }]);
      sys.quiesce();
      expect(sys.recv(pid, fd, 1)).toEqual([{ tag: 1, status: 'fault', done: 0, faultAddr: 4096 + 0x40 }]);
    });
  }
});
