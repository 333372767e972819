// SPEC §3, the config: defaults, the two presets, and every way a config is invalid (EINVAL).

import { describe, expect, it } from 'vitest';
import { expectErrno } from '../../support/errno.ts';
import { factories } from '../../support/factories.ts';
import { presets, type SvaConfig } from 'warpdrive-sva/interface';

/** What every device field defaults to (SPEC §3). */
const DEFAULT_DEVICE = {
  name: 'dummy-0',
  hwQueues: 4,
  ringDepth: 16,
  maxLen: 65536,
  ats: true,
  faults: 'pri',
  pasidBits: 20,
  eventDepth: 16,
  mode: 'sva',
};

/** Configs SPEC §3 (and interface/config.ts for limits SPEC leaves open) calls invalid. */
const INVALID_CONFIGS: ReadonlyArray<[string, unknown]> = [
  ['pageSize not a power of two', { pageSize: 100 }],
  ['pageSize below 16', { pageSize: 8 }],
  ['pageSize above 65536', { pageSize: 131072 }],
  ['pageSize not an integer', { pageSize: 64.5 }],
  ['pageSize not a number', { pageSize: '4096' }],
  ['frames zero', { frames: 0 }],
  ['frames negative', { frames: -1 }],
  ['vaBits not above the page bits', { pageSize: 4096, vaBits: 12 }],
  ['pasidBits zero', { pasidBits: 0 }],
  ['pasidBits above 20', { pasidBits: 21 }],
  ['prqDepth below 2 (a group must fit)', { prqDepth: 1 }],
  ['devices empty', { devices: [] }],
  ['devices not a list', { devices: { name: 'dummy-0' } }],
  ['duplicate device names', { devices: [{ name: 'a' }, { name: 'a' }] }],
  ['device without a name', { devices: [{ hwQueues: 2 }] }],
  ['device name empty', { devices: [{ name: '' }] }],
  ['device hwQueues zero', { devices: [{ name: 'a', hwQueues: 0 }] }],
  ['device ringDepth 1 (no slot usable)', { devices: [{ name: 'a', ringDepth: 1 }] }],
  ['device maxLen zero', { devices: [{ name: 'a', maxLen: 0 }] }],
  ['device ats not a boolean', { devices: [{ name: 'a', ats: 'yes' }] }],
  ['device faults unknown', { devices: [{ name: 'a', faults: 'ats' }] }],
  ['device pasidBits zero', { devices: [{ name: 'a', pasidBits: 0 }] }],
  ['device eventDepth zero', { devices: [{ name: 'a', eventDepth: 0 }] }],
  ['device mode unknown', { devices: [{ name: 'a', mode: 'iommu' }] }],
  ["device faults 'pri' with a legacy mode (R20)", { devices: [{ name: 'a', mode: 'noiommu', faults: 'pri' }] }],
  ['unknown system field', { pageSize: 4096, colour: 'blue' }],
  ['unknown device field', { devices: [{ name: 'a', speed: 9 }] }],
  ['config null', null],
];

describe.each(factories)('config — $name', ({ create }) => {
  it('defaults: no config is every default with one device dummy-0', () => {
    const sys = create();
    expect(sys.config).toEqual({
      pageSize: 4096,
      frames: 4096,
      vaBits: 48,
      pasidBits: 20,
      prqDepth: 32,
      devices: [DEFAULT_DEVICE],
    });
    expect(sys.deviceInfo('dummy-0')).toEqual({ availableInstances: 4, removed: false, prqOverflow: false });
    expect(sys.processes()).toEqual([]);
  });

  it('defaults: an empty config and presets.default equal no config', () => {
    expect(create({}).config).toEqual(create().config);
    expect(create(presets.default).config).toEqual(create().config);
  });

  it('defaults: a device given by name only gets every device default', () => {
    const sys = create({ devices: [{ name: 'x' }, { name: 'y', hwQueues: 1, faults: 'none' }] });
    expect(sys.config.devices).toEqual([
      { ...DEFAULT_DEVICE, name: 'x' },
      { ...DEFAULT_DEVICE, name: 'y', hwQueues: 1, faults: 'none' },
    ]);
    expect(sys.deviceInfo('y')).toEqual({ availableInstances: 1, removed: false, prqOverflow: false });
  });

  it('presets.tiny is valid and is what SPEC §3 describes', () => {
    const sys = create(presets.tiny);
    expect(sys.config).toEqual({
      pageSize: 64,
      frames: 16,
      vaBits: 12,
      pasidBits: 3,
      prqDepth: 4,
      devices: [
        {
          name: 'dummy-0',
          hwQueues: 2,
          ringDepth: 4,
          maxLen: 256,
          ats: true,
          faults: 'pri',
          pasidBits: 20,
          eventDepth: 16,
          mode: 'sva',
        },
        {
          name: 'dummy-1',
          hwQueues: 2,
          ringDepth: 4,
          maxLen: 256,
          ats: false,
          faults: 'none',
          pasidBits: 2,
          eventDepth: 16,
          mode: 'sva',
        },
      ],
    });
    expect(sys.snapshot().frames.free).toHaveLength(16);
  });

  it('boundaries are valid: pageSize 16 and 65536, prqDepth 2', () => {
    expect(create({ pageSize: 16, frames: 4, vaBits: 5 }).config.pageSize).toBe(16);
    expect(create({ pageSize: 65536, frames: 2, vaBits: 17 }).config.pageSize).toBe(65536);
    expect(create({ prqDepth: 2 }).config.prqDepth).toBe(2);
  });

  it.each(INVALID_CONFIGS)('EINVAL: %s', (_what, config) => {
    expectErrno(() => create(config as SvaConfig), 'EINVAL');
  });
});
