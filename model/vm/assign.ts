// Assigning a device to a VM and taking it back (SPEC §13 `vmAssign` / `vmUnassign`, R13, R18;
// SEMANTICS §S-14). Assigned, every slot of the device is the guest's (guest PASID = slot index):
// the guest gets a fresh record of the device and the host's record only notes the VM.

import { formatArgument } from '../../interface/index.ts';
import { fail, presentDevice } from '../checks.ts';
import { newDeviceRecord, type ModelState } from '../state.ts';
import { teardownDevice } from './teardown.ts';
import { liveVm } from './vms.ts';

/**
 * `vmAssign(vm, device)`: ENOENT; ENODEV unknown or removed; EBUSY if the device has host queues or
 * is assigned to a VM (this one included). The guest's record is fresh: no slots, bonds or events,
 * every hardware queue free; the guest's devices stay in config order.
 */
export function vmAssign(state: ModelState, vm: unknown, name: unknown): void {
  const record = liveVm(state, vm);
  const device = presentDevice(state, name);
  const deviceName = device.config.name;
  // R13: only an SVA device can be nested: a legacy mode has no stage 1 to put under stage 2
  if (device.config.mode !== 'sva') fail('EINVAL', `${deviceName} is in mode '${device.config.mode}', not 'sva'`);
  if (device.assignedTo !== undefined) fail('EBUSY', `${deviceName} is assigned to VM ${device.assignedTo}`);
  if ([...state.queues.values()].some((q) => q.device === deviceName)) fail('EBUSY', `${deviceName} has host queues`);
  device.assignedTo = record.id;
  const devices = record.guest.devices;
  devices.set(deviceName, newDeviceRecord(device.config));
  const inConfigOrder = [...state.devices.keys()].filter((n) => devices.has(n));
  const byName = new Map(devices);
  devices.clear();
  for (const n of inConfigOrder) {
    const d = byName.get(n);
    if (d !== undefined) devices.set(n, d);
  }
}

/** `vmUnassign(vm, device)`: ENOENT; ENODEV unknown or removed; EINVAL unless assigned to `vm`; then R18 steps 1-5. */
export function vmUnassign(state: ModelState, vm: unknown, name: unknown): void {
  const record = liveVm(state, vm);
  const device = presentDevice(state, name);
  if (device.assignedTo !== record.id) fail('EINVAL', `${formatArgument(name)} is not assigned to VM ${record.id}`);
  teardownDevice(state, record, device);
}
