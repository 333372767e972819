// SPEC §6 removeDevice and §8.3 (device removal with work in flight), with §S-10: queues become
// zombies, work and page requests are dropped, bonds and slots go, the PASID is freed where that was
// the mm's last bond and its process has exited; no DMA by the device afterwards.

import { describe, expect, it } from 'vitest';
import { pattern } from '../../support/bytes.ts';
import { expectErrno, expectErrnoUnchanged } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { deviceOf, mmExists, queueOf } from '../../support/observe.ts';
import { DATA, PAGE, recvAll, setupQueue, smallConfig } from '../../support/setup.ts';
import type { Region } from 'warpdrive-sva/interface';

describe.each(factories)('device removal — $name', ({ create }) => {
  it('ENODEV for an unknown device and for a second removal', () => {
    const sys = create(smallConfig);
    expectErrnoUnchanged(sys, () => sys.removeDevice('nope'), 'ENODEV');
    sys.removeDevice('acc');
    expectErrnoUnchanged(sys, () => sys.removeDevice('acc'), 'ENODEV');
  });

  it('every queue becomes a zombie at once: work dropped, hardware queues freed, mappings revoked, unbound', () => {
    const sys = create(smallConfig);
    const a = setupQueue(sys);
    const b = setupQueue(sys, { pid: a.pid, start: false });
    sys.write(a.pid, DATA, pattern(PAGE));
    sys.send(a.pid, a.fd, [
      { op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 },
      { op: 'fill', dst: DATA + 2 * PAGE, len: 1, value: 1, tag: 2 },
    ]);
    sys.send(b.pid, b.fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 3 }]);
    sys.deviceStep('acc');
    sys.deviceStep('acc');
    expect(sys.snapshot().pageRequests).toHaveLength(1);
    sys.removeDevice('acc');
    for (const q of [a, b]) {
      expect(sys.queueInfo(q.pid, q.fd)).toEqual({ device: 'acc', state: 'zombie', outstanding: 0 });
      const snap = queueOf(sys, q.pid, q.fd);
      expect(snap.regions).toEqual({});
      expect(snap.pending).toEqual([]);
      expect(snap.completions).toEqual([]);
      expect(snap.waitingPrg).toBeUndefined();
      expect(snap.hwQueue).toBeUndefined();
    }
    expect(sys.snapshot().pageRequests).toEqual([]);
    expect(sys.deviceInfo('acc')).toEqual({ availableInstances: 3, removed: true, prqOverflow: false });
    expect(deviceOf(sys, 'acc').bonds).toEqual([]);
    expect(deviceOf(sys, 'acc').slots).toEqual([]);
    expect(sys.handleFaults()).toBe(0);
    expect(sys.pasidOf(a.pid)).toBe(1);
  });

  it('after removal: deviceStep and open ENODEV; start/stop/map/send/recv ENXIO; unmap EINVAL; poll false', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    sys.removeDevice('acc');
    expectErrno(() => sys.deviceStep('acc'), 'ENODEV');
    expectErrnoUnchanged(sys, () => sys.open(pid, 'acc'), 'ENODEV');
    expectErrnoUnchanged(sys, () => sys.startQueue(pid, fd), 'ENXIO');
    expectErrnoUnchanged(sys, () => sys.stopQueue(pid, fd), 'ENXIO');
    expectErrnoUnchanged(sys, () => sys.mapRegion(pid, fd, 'dus'), 'ENXIO');
    expectErrnoUnchanged(sys, () => sys.mapRegion(pid, fd, 'bar' as Region), 'EINVAL');
    expectErrnoUnchanged(sys, () => sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }]), 'ENXIO');
    expectErrnoUnchanged(sys, () => sys.recv(pid, fd), 'ENXIO');
    expectErrnoUnchanged(sys, () => sys.unmapRegion(pid, fd, 'mmio'), 'EINVAL');
    expect(sys.poll(pid, fd)).toBe(false);
    expectErrno(() => sys.readEvents('acc'), 'ENODEV');
  });

  it('the fd stays open until closed; close frees the zombie queue record', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    sys.removeDevice('acc');
    expect(sys.snapshot().processes).toEqual([{ pid, fds: [{ fd, queue: 0 }] }]);
    sys.close(pid, fd);
    expect(sys.snapshot().processes).toEqual([{ pid, fds: [] }]);
    expect(sys.snapshot().queues).toEqual([]);
    expect(sys.deviceInfo('acc')).toEqual({ availableInstances: 3, removed: true, prqOverflow: false });
  });

  it('no DMA by the removed device afterwards; other devices carry on for the same mm', () => {
    const sys = create(smallConfig);
    const a = setupQueue(sys);
    const b = setupQueue(sys, { pid: a.pid, device: 'acc2' });
    sys.write(a.pid, DATA, new Uint8Array(4 * PAGE));
    sys.send(a.pid, a.fd, [{ op: 'fill', dst: DATA, len: 2 * PAGE, value: 1, tag: 1 }]);
    sys.send(b.pid, b.fd, [{ op: 'fill', dst: DATA + 2 * PAGE, len: 2 * PAGE, value: 2, tag: 2 }]);
    sys.deviceStep('acc');
    sys.removeDevice('acc');
    sys.quiesce();
    const expected = new Uint8Array(4 * PAGE);
    expected.fill(1, 0, PAGE);
    expected.fill(2, 2 * PAGE);
    expect(sys.read(a.pid, DATA, 4 * PAGE)).toEqual(expected);
    expect(recvAll(sys, b.pid, b.fd)).toEqual([{ tag: 2, status: 'ok', done: 2 * PAGE }]);
    expect(deviceOf(sys, 'acc2').slots).toEqual([{ pasid: 1, state: 'sva', mm: a.pid }]);
  });

  it('removal drops the last bond of an exited mm: the mm is dropped and its PASID freed', () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys);
    const child = sys.fork(pid);
    sys.exit(pid);
    expect(mmExists(sys, pid)).toBe(true);
    sys.removeDevice('acc');
    expect(mmExists(sys, pid)).toBe(false);
    expect(sys.queueInfo(child, fd).state).toBe('zombie');
    const next = sys.spawn();
    sys.open(next, 'acc2');
    expect(sys.pasidOf(next)).toBe(1);
  });

  it("removal discards that device's page requests only", () => {
    const sys = create(smallConfig);
    const a = setupQueue(sys);
    const b = setupQueue(sys, { pid: a.pid, device: 'acc2' });
    sys.send(a.pid, a.fd, [{ op: 'fill', dst: DATA, len: 4, value: 1, tag: 1 }]);
    sys.send(b.pid, b.fd, [{ op: 'fill', dst: DATA + 5 * PAGE, len: 4, value: 1, tag: 2 }]);
    sys.deviceStep('acc');
    sys.deviceStep('acc2');
    sys.removeDevice('acc');
    expect(sys.snapshot().pageRequests).toEqual([
      { device: 'acc2', pasid: 1, prg: 0, requests: [{ addr: DATA + 5 * PAGE, access: 'w' }] },
    ]);
    expect(sys.handleFaults()).toBe(1);
    sys.quiesce();
    expect(sys.recv(b.pid, b.fd)).toEqual([{ tag: 2, status: 'ok', done: 4 }]);
    expect(sys.read(a.pid, DATA, 4)).toEqual(new Uint8Array(4));
  });

  it('removal clears the overflow flag when the PRQ becomes empty', () => {
    const sys = create({ ...smallConfig, prqDepth: 2 });
    const a = setupQueue(sys);
    const b = setupQueue(sys, { pid: a.pid, device: 'acc2' });
    sys.send(a.pid, a.fd, [{ op: 'copy', src: DATA, dst: DATA + PAGE, len: 4, tag: 1 }]);
    sys.send(b.pid, b.fd, [{ op: 'fill', dst: DATA + 5 * PAGE, len: 4, value: 1, tag: 2 }]);
    sys.deviceStep('acc');
    sys.deviceStep('acc2');
    expect(sys.snapshot().prqOverflow).toBe(true);
    sys.removeDevice('acc');
    expect(sys.snapshot().pageRequests).toEqual([]);
    expect(sys.snapshot().prqOverflow).toBe(false);
    sys.quiesce();
    expect(sys.recv(b.pid, b.fd)).toEqual([{ tag: 2, status: 'ok', done: 4 }]);
  });

  it("keeps the device's unread events but readEvents then fails ENODEV (§S-10)", () => {
    const sys = create(smallConfig);
    const { pid, fd } = setupQueue(sys, { device: 'evt' });
    sys.send(pid, fd, [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }]);
    sys.quiesce();
    sys.removeDevice('evt');
    expect(deviceOf(sys, 'evt').events).toEqual([{ seq: 0, pasid: 1, addr: DATA, access: 'w', kind: 'translation' }]);
    expectErrno(() => sys.readEvents('evt'), 'ENODEV');
  });
});
