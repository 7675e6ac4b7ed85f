// Deployments as the server answers them, for the component tests.
import type { Deployment, Target } from './api/deployments';

export function makeTarget(over: Partial<Target> = {}): Target {
  return {
    device_id: 77,
    device_name: 'hv-fs01',
    packages: [{ name: 'openssl', version: '3.0.2-0ubuntu1.18' }],
    state: 'waiting',
    reason: 'waits for its change window (Sat 22:00)',
    command_id: null,
    attempts: 0,
    next_attempt_at: null,
    results: [],
    reboot_required: false,
    reboot: { state: 'none', since: null, deadline: null },
    ...over,
  };
}

export function makeDeployment(over: Partial<Deployment> = {}): Deployment {
  return {
    id: 41,
    customer_id: 1,
    change_id: 12,
    packages: ['openssl'],
    reboot: 'if_required',
    missed_window: 'next_window',
    status: 'active',
    created_by: 3,
    created_by_name: 'Tess Nguyen',
    second_approval: null,
    created_at: '2026-12-05T09:00:00Z',
    updated_at: '2026-12-05T09:00:00Z',
    targets: [makeTarget()],
    ...over,
  };
}
