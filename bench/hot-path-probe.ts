// A WarpDriveSystem with its protected hot paths callable in a loop, for timing and allocation
// counting: the internal translation entry point (`translate`, SPEC §5 IOTLB/ATC hit), serving a
// copy chunk (`serveQueue`: two translations and a copyWithin over the frame buffer), and serving
// a whole descriptor in one quiesce burst (`stepDeviceRepeatedly`, what quiesce runs for a lone
// active queue).

import { WarpDriveSystem, type SvaConfig } from '../impl/index.ts';
import { patternBytes } from './pattern-bytes.ts';

const PERM_R = 1;
const BASE = 0x10000;
const SIZE = 0x4000;

/** One process with a present, written 16 KiB buffer and a started queue on the config's first device. */
export class HotPathProbe extends WarpDriveSystem {
  private readonly pid: number;
  private readonly fd: number;

  constructor(config: SvaConfig) {
    super(config);
    this.pid = this.spawn();
    this.mmap(this.pid, BASE, SIZE, 'rw');
    this.write(this.pid, BASE, patternBytes(SIZE, 7));
    this.fd = this.open(this.pid, this.config.devices[0].name);
    this.mapRegion(this.pid, this.fd, 'mmio');
    this.mapRegion(this.pid, this.fd, 'dus');
    this.startQueue(this.pid, this.fd);
  }

  /**
   * `n` read translations of the buffer's first page on device 0 (after the first, each one hits
   * the ATC, or the IOTLB on a device without ATS); returns the sum of the frames.
   */
  translations(n: number): number {
    const mm = this.processTable.get(this.pid)?.mm;
    if (mm === undefined) throw new Error('probe process is gone');
    const page = BASE / this.pageSize;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.translate(0, mm.pasid, mm, page, PERM_R);
    return sum;
  }

  /** Queues one copy of `len` bytes inside the buffer (the head descriptor `chunks` serves). */
  queueCopy(srcOffset: number, dstOffset: number, len: number): void {
    this.send(this.pid, this.fd, [{ op: 'copy', src: BASE + srcOffset, dst: BASE + dstOffset, len, tag: 1 }]);
  }

  /** Serves the first chunk of the head descriptor `n` times (rewinding its progress each time). */
  chunks(n: number): void {
    const queue = this.processTable.get(this.pid)?.fds.get(this.fd);
    if (queue === undefined) throw new Error('probe queue is gone');
    const device = this.devices[0];
    for (let i = 0; i < n; i++) {
      queue.headDone = 0;
      this.serveQueue(device, queue);
    }
  }

  /**
   * Serves the queued head descriptor whole, in one burst, `n` times: after each, the rings are
   * rewound so that it is pending again (no `recv`, whose completions are allocated by design).
   * Returns the chunks served.
   */
  bursts(n: number): number {
    const queue = this.processTable.get(this.pid)?.fds.get(this.fd);
    if (queue === undefined) throw new Error('probe queue is gone');
    const rings = queue.rings;
    const device = this.devices[0];
    let chunks = 0;
    for (let i = 0; i < n; i++) {
      const sqHead = rings.sqHead;
      const cqTail = rings.cqTail;
      const phase = rings.producerPhase;
      chunks += this.stepDeviceRepeatedly(device, 2 ** 30);
      rings.sqHead = sqHead;
      rings.cqTail = cqTail;
      rings.producerPhase = phase;
      queue.pendingCount++;
      queue.unreadCount--;
    }
    return chunks;
  }

  /** The buffer's bytes at `offset` (to check that the chunks moved the right bytes). */
  bytesAt(offset: number, length: number): Uint8Array {
    return this.read(this.pid, BASE + offset, length);
  }
}
