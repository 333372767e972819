// The bytes the benchmark streams write into memory: a fixed pattern derived from a seed, so every
// run on every machine copies, fills and checksums the same data (no randomness: the streams' own
// random choices come from pure-rand, seeded; see bench/streams.ts).

/** `length` bytes of a pattern that depends on `seed`. @internal */
export function patternBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed * 31 + i * 7 + (i >>> 8)) & 0xff;
  return bytes;
}
