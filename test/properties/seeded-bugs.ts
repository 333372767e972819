// Seeded bugs for testing the runner itself: the model wrapped so that one operation misbehaves in
// a way the properties must catch (a wrong value, a wrong errno, a leaked state change). The
// impl-level bug zoo of SPEC §9 lives elsewhere; these check the runner's counterexamples.

import {
  WarpDriveError,
  type Completion,
  type SvaConfig,
  type SvaSystem,
  type SystemFactory,
} from 'warpdrive-sva/interface';
import { createModel } from 'warpdrive-sva/model';

/** The model with some methods replaced; `self` is the unmodified model. */
function patched(config: SvaConfig | undefined, patch: (self: SvaSystem) => Partial<SvaSystem>): SvaSystem {
  const self = createModel(config);
  return Object.assign(Object.create(null) as object, self, patch(self)) as SvaSystem;
}

/** A seeded bug: its name and its factory. */
export interface SeededBug {
  readonly name: string;
  readonly factory: SystemFactory;
}

/** Bugs the runner must catch, each with a shrunk counterexample of at most 10 commands. */
export const seededBugs: readonly SeededBug[] = [
  {
    // Completion status always 'ok' (SPEC §9 bug 17, at the API).
    name: 'recv reports every completion ok',
    factory: (config) =>
      patched(config, (self) => ({
        recv: (pid, fd, max) =>
          self.recv(pid, fd, max).map((c): Completion => ({ tag: c.tag, status: 'ok', done: c.done })),
      })),
  },
  {
    // mprotect on a read-only downgrade is silently ignored: later writes succeed where they must EFAULT.
    name: 'mprotect ignores a downgrade to r',
    factory: (config) =>
      patched(config, (self) => ({
        mprotect: (pid, addr, length, prot) => {
          if (prot !== 'r') self.mprotect(pid, addr, length, prot);
        },
      })),
  },
  {
    // The second process to open a device gets the wrong errno when the hardware queues are exhausted.
    name: 'open says ENOSPC instead of EBUSY',
    factory: (config) =>
      patched(config, (self) => ({
        open: (pid, device) => {
          try {
            return self.open(pid, device);
          } catch (e) {
            throw e instanceof WarpDriveError && e.code === 'EBUSY' ? new WarpDriveError('ENOSPC') : e;
          }
        },
      })),
  },
  {
    // fork leaks a page into the child: the abstract state differs though no return value does.
    name: 'fork gives the child an extra page',
    factory: (config) =>
      patched(config, (self) => ({
        fork: (pid) => {
          const child = self.fork(pid);
          try {
            self.mmap(child, self.config.pageSize, self.config.pageSize, 'r');
          } catch {
            /* already mapped */
          }
          return child;
        },
      })),
  },
];
