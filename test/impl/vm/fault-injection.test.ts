// Fault injection at the VM sites (SPEC §15, R23, SEMANTICS §S-14): vmMapRam's frames, the VMM's
// fork copying pinned pages, the guest's write and migrate (GPA pages → ENOMEM) and the guest's
// open (guest PASID → ENOSPC, hardware queue → EBUSY). Each armed n that fires must throw that
// errno and leave the state as it was (open keeps a PASID it allocated); n sweeps while it fires.

import { describe, expect, it } from 'vitest';
import { createSystem, type ImplSystem } from 'warpdrive-sva';
import type { SvaConfig } from 'warpdrive-sva/interface';
import { firstDifference } from 'warpdrive-sva/properties';

const PS = 64;
const config: SvaConfig = { pageSize: PS, frames: 32, vaBits: 12, pasidBits: 3, devices: [{ name: 'pri' }] };

/** A VMM with VM 1 (4 GPA pages, 2 mapped, `pri` assigned) and a guest process with a present page. */
function setUp(): ImplSystem {
  const sys = createSystem(config, { faultInjection: true });
  sys.spawn();
  sys.mmap(1, PS, 8 * PS, 'rw');
  sys.vmCreate(1, { gpaPages: 4 });
  sys.vmMapRam(1, 0, PS, 2 * PS, 'rw');
  sys.vmAssign(1, 'pri');
  const g = sys.guest(1);
  g.spawn();
  g.mmap(1, PS, 4 * PS, 'rw');
  g.write(1, PS, new Uint8Array([1]));
  return sys;
}

/** Sweeps n = 1, 2, … while the injection fires; returns the errnos thrown by the fired calls. */
function sweep(call: (sys: ImplSystem) => unknown, keepsPasid = false): string[] {
  const errnos: string[] = [];
  for (let n = 1; n < 50; n++) {
    const sys = setUp();
    const before = sys.snapshot({ contents: true });
    sys.failNext(n);
    let errno: string | undefined;
    try {
      call(sys);
    } catch (e) {
      errno = (e as { code: string }).code;
    }
    if (!sys.injectionConsumed()) return errnos;
    expect(errno, `n = ${n}`).toBeDefined();
    errnos.push(errno as string);
    const after = sys.snapshot({ contents: true });
    const diff = firstDifference(before, after);
    if (!keepsPasid) expect(diff, `n = ${n}: state changed`).toBeUndefined();
  }
  throw new Error('the injection kept firing');
}

describe('fault injection at the VM sites (R23)', () => {
  it('vmMapRam: each frame taken → ENOMEM, nothing changed', () => {
    expect(sweep((s) => s.vmMapRam(1, 2 * PS, 3 * PS, 2 * PS, 'rw'))).toEqual(['ENOMEM', 'ENOMEM']);
  });

  it('fork of the VMM copies its pinned pages: each copy → ENOMEM, nothing changed', () => {
    const errnos = sweep((s) => s.fork(1));
    expect(errnos.length).toBeGreaterThanOrEqual(2);
    expect(new Set(errnos)).toEqual(new Set(['ENOMEM']));
  });

  it('guest write and migrate: GPA pages → ENOMEM, nothing changed', () => {
    expect(sweep((s) => s.guest(1).write(1, 2 * PS, new Uint8Array(2)))).toContain('ENOMEM');
    expect(sweep((s) => s.guest(1).migrate(1, PS))).toEqual(['ENOMEM']);
  });

  it('guest open: the guest PASID → ENOSPC, the hardware queue → EBUSY', () => {
    expect(sweep((s) => s.guest(1).open(1, 'pri'), true)).toEqual(['ENOSPC', 'EBUSY']);
  });

  it('guest fork and reads are no sites', () => {
    expect(sweep((s) => s.guest(1).fork(1))).toEqual([]);
    expect(sweep((s) => s.guest(1).read(1, PS, 4))).toEqual([]);
  });
});
