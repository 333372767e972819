// Bug 19 (SPEC §9): PUT_Q (stopQueue) returns the hardware queue to the device's pool while the
// queue stays open and mapped, so a second open gets the same hardware queue and the stopped queue
// is never served again after START_Q.
// Linux analogue: uacce's put_queue op releasing the hardware queue pair (hisi_qm_release_qp) on
// UACCE_CMD_PUT_Q while the user mapping of its regions still existed.

import { freeHardwareQueue } from '../impl/device/release.ts';
import { WarpDriveSystem } from '../impl/index.ts';
import type { Fd, Pid } from '../interface/index.ts';
import type { ZooBug } from './zoo-bug.ts';

/** The impl whose PUT_Q frees the hardware queue. */
export class PutqFreesHwQueue extends WarpDriveSystem {
  override stopQueue(pid: Pid, fd: Fd): void {
    const queue = this.queueOfFd(this.liveProcess(pid), fd);
    const wasStarted = queue.state === 'started';
    super.stopQueue(pid, fd);
    // The bug: the hardware queue goes back to the pool at PUT_Q, not at release.
    if (wasStarted) freeHardwareQueue(this.devices[queue.device], queue);
  }
}

/** Bug 19 of the zoo. */
export const bug19: ZooBug = {
  id: 19,
  name: 'putq-frees-hw-queue',
  description: 'PUT_Q returns the hardware queue to the pool while the queue stays open and mapped',
  analogue: 'uacce put_queue op releasing the hardware qp (hisi_qm_release_qp) on PUT_Q while regions stay mapped',
  create: (config) => new PutqFreesHwQueue(config),
};
