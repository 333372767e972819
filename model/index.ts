// The executable specification of warpdrive-sva: `createModel` and the CRC-32 it uses.

export { createModel, type ModelOptions } from './system.ts';
export { crc32, crc32Update } from './device/crc32.ts';
