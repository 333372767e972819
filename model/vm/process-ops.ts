// The process, memory and queue operations of one kernel (SPEC §13, R12 `ProcessOps`) over a state
// chosen at call time: the host's, or a guest's. The guest runs exactly the host's functions — only
// the state record differs (its frames are GPA pages) — so §4 and §6 hold inside every VM unchanged.

import type { ProcessOps } from '../../interface/index.ts';
import { liveProcess, mmOfProcess } from '../checks.ts';
import { open, poll, queueInfo, recv, send, startQueue, stopQueue } from '../device/queues.ts';
import { mapRegion, unmapRegion } from '../device/regions.ts';
import { close } from '../device/release.ts';
import { exit } from '../exit.ts';
import { read, write } from '../memory/cpu-access.ts';
import { fork } from '../memory/fork.ts';
import { migrate } from '../memory/migrate.ts';
import { mmap, mprotect, munmap, spawn } from '../memory/mm.ts';
import { reclaim } from '../memory/reclaim.ts';
import type { ModelState } from '../state.ts';

/**
 * The `ProcessOps` over `stateOf()`, called first in every operation (for a guest it throws ENOENT
 * when the VM is gone, before any other check, R12). Every method is a closure: it works unbound.
 * @internal
 */
export function processOps(stateOf: () => ModelState): ProcessOps {
  return {
    spawn: () => spawn(stateOf()),
    mmap: (pid, addr, length, prot) => mmap(stateOf(), pid, addr, length, prot),
    munmap: (pid, addr, length) => munmap(stateOf(), pid, addr, length),
    mprotect: (pid, addr, length, prot) => mprotect(stateOf(), pid, addr, length, prot),
    read: (pid, addr, length) => read(stateOf(), pid, addr, length),
    write: (pid, addr, bytes) => write(stateOf(), pid, addr, bytes),
    fork: (pid) => fork(stateOf(), pid),
    reclaim: (pid, addr) => reclaim(stateOf(), pid, addr),
    migrate: (pid, addr) => migrate(stateOf(), pid, addr),
    exit: (pid) => exit(stateOf(), pid),
    open: (pid, device) => open(stateOf(), pid, device),
    startQueue: (pid, fd) => startQueue(stateOf(), pid, fd),
    stopQueue: (pid, fd) => stopQueue(stateOf(), pid, fd),
    mapRegion: (pid, fd, region) => mapRegion(stateOf(), pid, fd, region),
    unmapRegion: (pid, fd, region) => unmapRegion(stateOf(), pid, fd, region),
    close: (pid, fd) => close(stateOf(), pid, fd),
    send: (pid, fd, descs) => send(stateOf(), pid, fd, descs),
    recv: (pid, fd, max) => recv(stateOf(), pid, fd, max),
    poll: (pid, fd) => poll(stateOf(), pid, fd),
    pasidOf: (pid) => {
      const state = stateOf();
      return mmOfProcess(state, liveProcess(state, pid)).pasid;
    },
    queueInfo: (pid, fd) => queueInfo(stateOf(), pid, fd),
    processes: () => [...stateOf().processes.keys()].sort((a, b) => a - b),
  };
}
