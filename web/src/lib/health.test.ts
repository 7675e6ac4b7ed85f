import { describe, expect, it } from 'vitest';
import type { Alert, Customer } from '../api/types';
import { countBySeverity, customerHealth, offlineDevices } from './health';

const customer = (id: number, name: string) => ({ id, name, status: 'active' }) as Customer;
let next = 1;
const alert = (over: Partial<Alert>): Alert =>
  ({
    id: next++,
    customer_id: 1,
    device_id: 1,
    device_name: 'SRV',
    condition: 'cpu_high',
    severity: 'warning',
    status: 'open',
    message: '',
    opened_at: '2026-11-23T09:00:00Z',
    acknowledged_at: null,
    resolved_at: null,
    ...over,
  }) as Alert;

describe('customerHealth', () => {
  it('ranks critical before warning before healthy and counts offline devices', () => {
    const customers = [customer(1, 'Alpha'), customer(2, 'Beta'), customer(3, 'Gamma')];
    const alerts = [
      alert({ customer_id: 2, severity: 'critical', condition: 'offline', device_id: 7 }),
      alert({ customer_id: 3, severity: 'warning' }),
      alert({ customer_id: 1, severity: 'warning', status: 'resolved' }),
    ];
    const h = customerHealth(customers, alerts);
    expect(h.map((x) => [x.customer.name, x.health])).toEqual([
      ['Beta', 'critical'],
      ['Gamma', 'warning'],
      ['Alpha', 'healthy'],
    ]);
    expect(h[0].offline).toBe(1);
  });
  it('ignores alerts of customers it does not know', () => {
    expect(customerHealth([customer(1, 'A')], [alert({ customer_id: 9, severity: 'critical' })])[0].health).toBe(
      'healthy',
    );
  });
});

describe('counts', () => {
  it('counts open alerts by severity and offline devices once each', () => {
    const alerts = [
      alert({ severity: 'critical', condition: 'offline', device_id: 4 }),
      alert({ severity: 'critical', condition: 'offline', device_id: 4 }),
      alert({ severity: 'warning' }),
      alert({ severity: 'critical', status: 'resolved', condition: 'offline', device_id: 5 }),
    ];
    expect(countBySeverity(alerts)).toEqual({ critical: 2, warning: 1 });
    expect(offlineDevices(alerts).map((a) => a.device_id)).toEqual([4]);
  });
});
