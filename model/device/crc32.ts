// CRC-32 IEEE 802.3 (reflected, polynomial 0xEDB88320, init and final xor 0xFFFFFFFF), written
// bitwise. `crc32Update(crcSoFar, more)` continues a finished CRC, so the running value of a pending
// descriptor is always the CRC-32 of the bytes processed so far (CRC-32 of nothing is 0).

/** The CRC-32 of (bytes whose CRC-32 is `crc`) followed by `bytes`. @public */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (const byte of bytes) {
    c ^= byte;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** The CRC-32 of `bytes`; `crc32("123456789") = 0xCBF43926`. @public */
export function crc32(bytes: Uint8Array): number {
  return crc32Update(0, bytes);
}
