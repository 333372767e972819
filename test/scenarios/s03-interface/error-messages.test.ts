// What a user reads when a call fails: every WarpDriveError the impl's public API raises carries a
// message `<errno>: <text>` whose text names the operation or the object the errno is about (the
// call, the pid, fd, queue, region, device or the offending argument) — one case per error path
// with its own message (impl/checks.ts, impl/system.ts, impl/memory/memory.ts).
// Runs against the impl only: the model's messages are written for the model's own check helpers
// (e.g. "range (300, 256) is not aligned" for mmap, munmap and mprotect alike) and are not held to
// naming the operation; the errno of every path is pinned for both in the other scenario files.

import { describe, expect, it } from 'vitest';
import { DATA, PAGE, setupQueue, smallConfig, smallWith } from '../../support/setup.ts';
import { createSystem } from 'warpdrive-sva';
import { WarpDriveError, type Errno, type Prot, type Region, type SvaSystem } from 'warpdrive-sva/interface';

/** One failing call: the errno it raises and the phrases its message must contain. */
interface MessageCase {
  readonly name: string;
  readonly code: Errno;
  readonly mentions: readonly string[];
  /** Sets up a system and makes the failing call. */
  readonly call: (sys: SvaSystem) => unknown;
  readonly config?: Parameters<typeof createSystem>[0];
}

/** A process with `pages` rw pages mapped at DATA (never touched). */
function mapped(sys: SvaSystem, pages = 4): number {
  const pid = sys.spawn();
  sys.mmap(pid, DATA, pages * PAGE, 'rw');
  return pid;
}

const cases: MessageCase[] = [
  // §S-1 lookups (impl/checks.ts)
  {
    name: 'a dead pid',
    code: 'ESRCH',
    mentions: ['no live process 99'],
    call: (sys) => sys.mmap(99, DATA, PAGE, 'rw'),
  },
  {
    name: 'an fd that is not open',
    code: 'EBADF',
    mentions: ['fd 42', 'process 1'],
    call: (sys) => sys.startQueue(sys.spawn(), 42),
  },
  {
    name: 'a removed device',
    code: 'ENODEV',
    mentions: ['device acc', 'removed'],
    call: (sys) => {
      const pid = sys.spawn();
      sys.removeDevice('acc');
      return sys.open(pid, 'acc');
    },
  },
  { name: 'an unknown device', code: 'ENODEV', mentions: ['no device nope'], call: (sys) => sys.deviceInfo('nope') },
  // memory calls (impl/system.ts argument checks)
  {
    name: 'mmap of an unaligned range',
    code: 'EINVAL',
    mentions: ['mmap', '300', '256'],
    call: (sys) => sys.mmap(sys.spawn(), 300, PAGE, 'rw'),
  },
  {
    name: 'mmap with a bad prot',
    code: 'EINVAL',
    mentions: ['mmap prot q'],
    call: (sys) => sys.mmap(sys.spawn(), DATA, PAGE, 'q' as Prot),
  },
  {
    name: 'munmap of an unaligned range',
    code: 'EINVAL',
    mentions: ['munmap', '300'],
    call: (sys) => sys.munmap(sys.spawn(), 300, PAGE),
  },
  {
    name: 'mprotect of an unaligned range',
    code: 'EINVAL',
    mentions: ['mprotect', '300'],
    call: (sys) => sys.mprotect(mapped(sys), 300, PAGE, 'r'),
  },
  {
    name: 'mprotect with a bad prot',
    code: 'EINVAL',
    mentions: ['mprotect prot rq'],
    call: (sys) => sys.mprotect(mapped(sys), DATA, PAGE, 'rq' as Prot),
  },
  {
    name: 'read at a negative address',
    code: 'EINVAL',
    mentions: ['read', '-1'],
    call: (sys) => sys.read(mapped(sys), -1, 4),
  },
  {
    name: 'write at a negative address',
    code: 'EINVAL',
    mentions: ['write', '-1'],
    call: (sys) => sys.write(mapped(sys), -1, new Uint8Array(1)),
  },
  {
    name: 'reclaim of an unaligned page address',
    code: 'EINVAL',
    mentions: ['reclaim', '4097'],
    call: (sys) => sys.reclaim(mapped(sys), DATA + 1),
  },
  {
    name: 'migrate of an unaligned page address',
    code: 'EINVAL',
    mentions: ['migrate', '4097'],
    call: (sys) => sys.migrate(mapped(sys), DATA + 1),
  },
  // memory calls (impl/memory/memory.ts)
  {
    name: 'mmap over an existing area',
    code: 'EEXIST',
    mentions: ['mmap', 'existing area', `${DATA}`],
    call: (sys) => sys.mmap(mapped(sys), DATA, PAGE, 'r'),
  },
  {
    name: 'mprotect over unmapped pages',
    code: 'ENOMEM',
    mentions: ['mprotect', 'unmapped', `${DATA + 4 * PAGE}`],
    call: (sys) => sys.mprotect(mapped(sys), DATA + 4 * PAGE, PAGE, 'r'),
  },
  {
    name: 'read of an unreadable page',
    code: 'EFAULT',
    mentions: ['read of', `${DATA + 4 * PAGE}`, 'without r'],
    call: (sys) => sys.read(mapped(sys), DATA + 4 * PAGE, 1),
  },
  {
    name: 'write of an unwritable page',
    code: 'EFAULT',
    mentions: ['write of', `${DATA + 4 * PAGE}`, 'without w'],
    call: (sys) => sys.write(mapped(sys), DATA + 4 * PAGE, new Uint8Array(1)),
  },
  {
    name: 'write needing more frames than are free',
    code: 'ENOMEM',
    mentions: ['write needs 65 frames', '64 free'],
    call: (sys) => sys.write(mapped(sys, 65), DATA, new Uint8Array(65 * PAGE)),
  },
  {
    name: 'migrate with no free frame',
    code: 'ENOMEM',
    mentions: ['migrate', `${DATA}`],
    call: (sys) => {
      const pid = mapped(sys, 64);
      sys.write(pid, DATA, new Uint8Array(64 * PAGE));
      return sys.migrate(pid, DATA);
    },
  },
  // IOMMU and queues
  {
    name: 'open with the PASID space exhausted',
    code: 'ENOSPC',
    mentions: ['PASID space'],
    config: smallWith({ pasidBits: 1 }),
    call: (sys) => {
      sys.open(sys.spawn(), 'acc');
      return sys.open(sys.spawn(), 'acc');
    },
  },
  {
    name: 'open of a device the PASID does not fit',
    code: 'EOVERFLOW',
    mentions: ['PASID 2', 'narrow', '1 bits'],
    config: smallWith({
      devices: [
        { name: 'wide', hwQueues: 2 },
        { name: 'narrow', hwQueues: 2, pasidBits: 1 },
      ],
    }),
    call: (sys) => {
      sys.open(sys.spawn(), 'wide');
      return sys.open(sys.spawn(), 'narrow');
    },
  },
  {
    name: 'open with no free hardware queue',
    code: 'EBUSY',
    mentions: ['hardware queue', 'acc2'],
    call: (sys) => {
      const pid = sys.spawn();
      sys.open(pid, 'acc2');
      sys.open(pid, 'acc2');
      return sys.open(pid, 'acc2');
    },
  },
  {
    name: 'START_Q of a started queue',
    code: 'EINVAL',
    mentions: ['queue 0', 'already started'],
    call: (sys) => {
      const q = setupQueue(sys);
      return sys.startQueue(q.pid, q.fd);
    },
  },
  {
    name: 'a call on a zombie queue',
    code: 'ENXIO',
    mentions: ['queue 0', 'zombie'],
    call: (sys) => {
      const q = setupQueue(sys);
      sys.removeDevice('acc');
      return sys.startQueue(q.pid, q.fd);
    },
  },
  {
    name: 'mapRegion of an unknown region',
    code: 'EINVAL',
    mentions: ['unknown region bogus'],
    call: (sys) => {
      const pid = sys.spawn();
      return sys.mapRegion(pid, sys.open(pid, 'acc'), 'bogus' as Region);
    },
  },
  {
    name: 'mapRegion of a mapped region',
    code: 'EEXIST',
    mentions: ['region mmio', 'queue 0', 'already mapped'],
    call: (sys) => {
      const q = setupQueue(sys);
      return sys.mapRegion(q.pid, q.fd, 'mmio');
    },
  },
  {
    name: 'unmapRegion of an unknown region',
    code: 'EINVAL',
    mentions: ['unknown region bogus'],
    call: (sys) => {
      const q = setupQueue(sys);
      return sys.unmapRegion(q.pid, q.fd, 'bogus' as Region);
    },
  },
  {
    name: 'unmapRegion of a region the process does not hold',
    code: 'EINVAL',
    mentions: ['process 1', 'does not hold region dus', 'queue 0'],
    call: (sys) => {
      const pid = sys.spawn();
      return sys.unmapRegion(pid, sys.open(pid, 'acc'), 'dus');
    },
  },
  {
    name: 'send without both regions',
    code: 'EFAULT',
    mentions: ['process 1', 'both regions', 'queue 0'],
    call: (sys) => {
      const pid = sys.spawn();
      return sys.send(pid, sys.open(pid, 'acc'), [{ op: 'fill', dst: DATA, len: 1, value: 1, tag: 1 }]);
    },
  },
  {
    name: 'send of no descriptors',
    code: 'EINVAL',
    mentions: ['send', 'descriptors'],
    call: (sys) => {
      const q = setupQueue(sys);
      return sys.send(q.pid, q.fd, []);
    },
  },
  {
    name: 'send of more descriptors than free slots',
    code: 'EBUSY',
    mentions: ['9 descriptors', 'free slots'],
    call: (sys) => {
      const q = setupQueue(sys);
      return sys.send(
        q.pid,
        q.fd,
        Array.from({ length: 9 }, (_, tag) => ({ op: 'fill' as const, dst: DATA, len: 1, value: 1, tag })),
      );
    },
  },
  {
    name: 'recv with a bad max',
    code: 'EINVAL',
    mentions: ['recv max 0'],
    call: (sys) => {
      const q = setupQueue(sys);
      return sys.recv(q.pid, q.fd, 0);
    },
  },
  {
    name: 'recv with no completion ready',
    code: 'EAGAIN',
    mentions: ['no completion ready', 'queue 0'],
    call: (sys) => {
      const q = setupQueue(sys);
      return sys.recv(q.pid, q.fd);
    },
  },
  // environment steps
  {
    name: 'handleFaults with a bad max',
    code: 'EINVAL',
    mentions: ['handleFaults', '-1'],
    call: (sys) => sys.handleFaults(-1),
  },
  {
    name: 'readEvents with a bad max',
    code: 'EINVAL',
    mentions: ['readEvents', '1.5'],
    call: (sys) => sys.readEvents('evt', 1.5),
  },
];

/** The WarpDriveError `fn` throws (fails the test if it returns or throws something else). */
function errorOf(fn: () => unknown): WarpDriveError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(WarpDriveError);
  return thrown as WarpDriveError;
}

describe('error messages — impl', () => {
  it.each(cases)('$name: $code with a message naming what failed', ({ code, mentions, call, config }) => {
    const sys = createSystem(config ?? smallConfig);
    const e = errorOf(() => call(sys));
    expect(e.code).toBe(code);
    expect(e.message.startsWith(`${code}: `), e.message).toBe(true);
    for (const phrase of mentions) expect(e.message).toContain(phrase);
  });
});
