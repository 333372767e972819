// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), slicing-by-8: eight bytes per step through
// eight precomputed tables (table k advances a byte through k further zero bytes), the tail byte by
// byte; crc32("123456789") is 0xCBF43926. Running values are kept finalized, so the CRC of nothing
// is 0 (§S-9).

/** TABLES[k * 256 + b]: the CRC contribution of byte b followed by k zero bytes. */
const TABLES = (() => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const prev = t[(k - 1) * 256 + n];
      t[k * 256 + n] = (t[prev & 0xff] ^ (prev >>> 8)) >>> 0;
    }
  }
  return t;
})();

/** Continues the finalized CRC-32 `crc` over `bytes[start, end)`; returns the finalized result. */
export function crc32Update(crc: number, bytes: Uint8Array, start: number, end: number): number {
  const t = TABLES;
  let c = ~crc;
  let i = start;
  // Stryker disable next-line ConditionalExpression: skipping the 8-byte steps leaves every byte to the byte loop below, which computes the same CRC
  for (const stop = end - 7; i < stop; i += 8) {
    const lo = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c =
      t[1792 + (lo & 0xff)] ^
      t[1536 + ((lo >>> 8) & 0xff)] ^
      t[1280 + ((lo >>> 16) & 0xff)] ^
      t[1024 + (lo >>> 24)] ^
      t[768 + bytes[i + 4]] ^
      t[512 + bytes[i + 5]] ^
      t[256 + bytes[i + 6]] ^
      t[bytes[i + 7]];
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The CRC-32 of a whole byte array. */
export function crc32(bytes: Uint8Array): number {
  return crc32Update(0, bytes, 0, bytes.length);
}
