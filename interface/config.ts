// The system configuration: its fields, their defaults, validation (EINVAL) and the two presets.

import { NO_DATA, arrayLengthOf, isArrayValue, ownDataValue, readPlainFields } from './caller-values.ts';
import { WarpDriveError } from './errors.ts';
import { formatArgument } from './format-argument.ts';

/** How a device reports I/O page faults: PCIe PRI page requests, or unrecoverable events. @public */
export type FaultMode = 'pri' | 'none';

/**
 * How a device reaches memory (SPEC §14, R20): `'sva'` (a PASID walks the process's page table),
 * `'pasid-static'` (a PASID, but only the queue's static-share region) or `'noiommu'` (physical
 * addresses, no translation). @public
 */
export type DeviceMode = 'sva' | 'pasid-static' | 'noiommu';

/** One accelerator, as given in a config; every field but `name` optional. @public */
export interface DeviceConfig {
  readonly name: string;
  /** Hardware queues (uacce `available_instances` when idle). Default 4. */
  readonly hwQueues?: number;
  /** Ring slots per queue; `ringDepth - 1` can be outstanding. Default 16. */
  readonly ringDepth?: number;
  /** Longest descriptor in bytes; longer ones complete `invalid`. Default 65536. */
  readonly maxLen?: number;
  /** Whether the device has an ATC (address translation cache). Default true. */
  readonly ats?: boolean;
  /** Default `'pri'`. */
  readonly faults?: FaultMode;
  /** PASID width the device supports. Default 20. */
  readonly pasidBits?: number;
  /** Fault-event records the device's event queue holds. Default 16. */
  readonly eventDepth?: number;
  /** Default `'sva'`; any other mode forces `faults: 'none'` and `ats: false` (R20). */
  readonly mode?: DeviceMode;
}

/** A system config; every field optional (SPEC §3). @public */
export interface SvaConfig {
  /** Power of two, 16..65536. Default 4096. */
  readonly pageSize?: number;
  /** Physical frames. Default 4096. */
  readonly frames?: number;
  /** Virtual address bits. Default 48. */
  readonly vaBits?: number;
  /** Global PASID width. Default 20. */
  readonly pasidBits?: number;
  /** Page requests the IOMMU's page-request queue holds (≥ 2). Default 32. */
  readonly prqDepth?: number;
  /** Default: one device `'dummy-0'` with default fields. */
  readonly devices?: readonly DeviceConfig[];
}

/** A device config with every field filled in. @public */
export type ResolvedDeviceConfig = Required<DeviceConfig>;

/** A config with every field filled in and validated. @public */
export interface ResolvedConfig {
  readonly pageSize: number;
  readonly frames: number;
  readonly vaBits: number;
  readonly pasidBits: number;
  readonly prqDepth: number;
  readonly devices: readonly ResolvedDeviceConfig[];
}

/** Device defaults (SPEC §3). @public */
export const DEVICE_DEFAULTS: Omit<ResolvedDeviceConfig, 'name'> = Object.freeze({
  hwQueues: 4,
  ringDepth: 16,
  maxLen: 65536,
  ats: true,
  faults: 'pri',
  pasidBits: 20,
  eventDepth: 16,
  mode: 'sva',
});

/** System defaults (SPEC §3). @public */
export const CONFIG_DEFAULTS: Omit<ResolvedConfig, 'devices'> = Object.freeze({
  pageSize: 4096,
  frames: 4096,
  vaBits: 48,
  pasidBits: 20,
  prqDepth: 32,
});

/**
 * Limits this project chooses where SPEC names none (so that everything fits in memory and in safe integers).
 * @public
 */
export const CONFIG_LIMITS = Object.freeze({
  maxFrameBytes: 2 ** 30, // frames × pageSize
  maxVaBits: 52,
  maxPasidBits: 20, // PCIe PASID width
  maxPrqDepth: 65536,
  maxHwQueues: 1024,
  maxRingDepth: 65536,
  maxMaxLen: 2 ** 30,
  maxEventDepth: 65536,
  maxDevices: 64,
});

const SYSTEM_KEYS = ['pageSize', 'frames', 'vaBits', 'pasidBits', 'prqDepth', 'devices'];
const DEVICE_KEYS = ['name', 'hwQueues', 'ringDepth', 'maxLen', 'ats', 'faults', 'pasidBits', 'eventDepth', 'mode'];
const DEVICE_MODES: readonly unknown[] = ['sva', 'pasid-static', 'noiommu'];

function invalid(what: string): never {
  throw new WarpDriveError('EINVAL', `invalid config: ${what}`);
}

function intIn(value: unknown, lo: number, hi: number, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < lo || value > hi) {
    invalid(`${what} must be an integer in [${lo}, ${hi}], got ${formatArgument(value)}`);
  }
  return value;
}

/**
 * The fields of a config object, each read once without running caller code (§S-1 "caller
 * objects"): a plain object, known keys only, data properties only; `undefined` fields left out.
 */
function fieldsOf(obj: unknown, keys: readonly string[], what: string): Readonly<Record<string, unknown>> {
  const read = readPlainFields(obj, keys);
  if (!read.ok) invalid(`${what} ${read.problem}`);
  return read.fields;
}

function resolveDevice(d: unknown, index: number): ResolvedDeviceConfig {
  const what = `devices[${index}]`;
  const dc = fieldsOf(d, DEVICE_KEYS, what);
  if (typeof dc.name !== 'string' || dc.name.length === 0) invalid(`${what}.name must be a non-empty string`);
  const r = { ...DEVICE_DEFAULTS, ...dc } as ResolvedDeviceConfig;
  if (!DEVICE_MODES.includes(r.mode)) invalid(`${what}.mode must be 'sva', 'pasid-static' or 'noiommu'`);
  // R20: the older modes have no device faults and no ATC; asking for PRI there is a contradiction
  if (r.mode !== 'sva') {
    if (dc.faults === 'pri') invalid(`${what}.faults 'pri' needs mode 'sva', not '${r.mode}'`);
    Object.assign(r, { faults: 'none', ats: false });
  }
  intIn(r.hwQueues, 1, CONFIG_LIMITS.maxHwQueues, `${what}.hwQueues`);
  intIn(r.ringDepth, 2, CONFIG_LIMITS.maxRingDepth, `${what}.ringDepth`);
  intIn(r.maxLen, 1, CONFIG_LIMITS.maxMaxLen, `${what}.maxLen`);
  if (typeof r.ats !== 'boolean') invalid(`${what}.ats must be a boolean`);
  if (r.faults !== 'pri' && r.faults !== 'none') invalid(`${what}.faults must be 'pri' or 'none'`);
  intIn(r.pasidBits, 1, CONFIG_LIMITS.maxPasidBits, `${what}.pasidBits`);
  intIn(r.eventDepth, 1, CONFIG_LIMITS.maxEventDepth, `${what}.eventDepth`);
  return Object.freeze(r);
}

/**
 * The device list of a config: a genuine array of 1..maxDevices entries, every index an own data
 * property (a hole is an invalid device, never skipped), read once each.
 */
function deviceEntries(raw: unknown): unknown[] {
  const length = isArrayValue(raw) ? arrayLengthOf(raw) : undefined;
  if (length === undefined || length < 1 || length > CONFIG_LIMITS.maxDevices) {
    invalid(`devices must be a list of 1..${CONFIG_LIMITS.maxDevices} devices`);
  }
  const entries: unknown[] = [];
  for (let i = 0; i < length; i++) {
    const entry = ownDataValue(raw as readonly unknown[], i);
    if (entry === NO_DATA) invalid(`devices[${i}] is missing (a hole or an accessor)`);
    entries.push(entry);
  }
  return entries;
}

/**
 * Fills in defaults and validates a config. Throws `WarpDriveError('EINVAL')` for an invalid one:
 * not a plain object, a field out of range, an unknown field, an accessor field, a hole in the
 * device list, a duplicate device name, an empty device list. Runs no caller code (§S-1).
 * @public
 */
export function resolveConfig(config: SvaConfig = {}): ResolvedConfig {
  const given = fieldsOf(config, SYSTEM_KEYS, 'config');
  const c = { ...CONFIG_DEFAULTS, ...given };
  const pageSize = intIn(c.pageSize, 16, 65536, 'pageSize');
  if ((pageSize & (pageSize - 1)) !== 0) invalid(`pageSize must be a power of two, got ${pageSize}`);
  const frames = intIn(c.frames, 1, Math.floor(CONFIG_LIMITS.maxFrameBytes / pageSize), 'frames');
  const pageBits = Math.log2(pageSize);
  const vaBits = intIn(c.vaBits, pageBits + 1, CONFIG_LIMITS.maxVaBits, 'vaBits');
  const pasidBits = intIn(c.pasidBits, 1, CONFIG_LIMITS.maxPasidBits, 'pasidBits');
  const prqDepth = intIn(c.prqDepth, 2, CONFIG_LIMITS.maxPrqDepth, 'prqDepth');
  const rawDevices: unknown = given.devices === undefined ? [{ name: 'dummy-0' }] : given.devices;
  const devices = deviceEntries(rawDevices).map(resolveDevice);
  const names = new Set(devices.map((d) => d.name));
  if (names.size !== devices.length) invalid('device names must be distinct');
  return Object.freeze({ pageSize, frames, vaBits, pasidBits, prqDepth, devices: Object.freeze(devices) });
}

/**
 * The two built-in configs. `tiny` makes collisions, reuse and exhaustion common (64-byte pages,
 * 16 frames, 7 PASIDs, a 4-request PRQ, two devices of 2 queues with 4-slot rings, the second one
 * without PRI, without ATS and with a 2-bit PASID width); `default` is every default.
 * @public
 */
export const presets: { readonly tiny: SvaConfig; readonly default: SvaConfig } = Object.freeze({
  tiny: Object.freeze({
    pageSize: 64,
    frames: 16,
    vaBits: 12,
    pasidBits: 3,
    prqDepth: 4,
    devices: Object.freeze([
      Object.freeze({ name: 'dummy-0', hwQueues: 2, ringDepth: 4, maxLen: 256 }),
      Object.freeze({
        name: 'dummy-1',
        hwQueues: 2,
        ringDepth: 4,
        maxLen: 256,
        faults: 'none',
        pasidBits: 2,
        ats: false,
      }),
    ]),
  }),
  default: Object.freeze({}),
});

/** The name of a preset. @public */
export type PresetName = keyof typeof presets;
