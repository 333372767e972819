// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) from a precomputed table; crc32("123456789")
// is 0xCBF43926. Running values are kept finalized, so the CRC of nothing is 0 (§S-9).

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues the finalized CRC-32 `crc` over `bytes[start, end)`; returns the finalized result. */
export function crc32Update(crc: number, bytes: Uint8Array, start: number, end: number): number {
  let c = ~crc;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The CRC-32 of a whole byte array. */
export function crc32(bytes: Uint8Array): number {
  return crc32Update(0, bytes, 0, bytes.length);
}
