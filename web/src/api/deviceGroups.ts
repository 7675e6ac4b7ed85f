// Device groups (monitoring_routes.cc): a customer's named sets of devices,
// a level of the threshold and update approval policies. Every staff role
// reads them.
import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from './client';

export interface DeviceGroup {
  id: number;
  customer_id: number;
  name: string;
  device_ids: number[];
}

export function getDeviceGroups(customerId: number) {
  return api.get<{ groups: DeviceGroup[] }>(withQuery('/api/v1/device-groups', { customer_id: customerId }));
}

export function useDeviceGroups(customerId: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['device-groups', customerId],
    queryFn: () => getDeviceGroups(customerId),
    select: (d) => d.groups,
    enabled: (opts.enabled ?? true) && customerId > 0,
    retry: false,
  });
}

// The groups a device belongs to, by name.
export function groupsOfDevice(groups: DeviceGroup[], deviceId: number): DeviceGroup[] {
  return groups.filter((g) => g.device_ids.includes(deviceId)).sort((a, b) => a.name.localeCompare(b.name));
}
