// A small seeded pseudo-random generator (mulberry32) for the benchmark streams: the same seed gives
// the same stream on every machine, so model and impl run exactly the same commands.

/** A deterministic source of integers, seeded once. */
export class SeededRandom {
  private state: number;

  /** Starts the sequence at `seed` (any 32-bit integer). */
  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** The next 32-bit unsigned value. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in `[lo, hi]` (both inclusive). */
  intIn(lo: number, hi: number): number {
    return lo + (this.nextUint32() % (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextUint32() / 2 ** 32 < p;
  }
}

/** `length` bytes of a pattern that depends on `seed` (what the streams write into memory). */
export function patternBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed * 31 + i * 7 + (i >>> 8)) & 0xff;
  return bytes;
}
