// Per-customer health from open alerts: critical if any critical alert is
// open, warning if any other is, healthy otherwise. Pure, for the dashboard.
import type { Alert, Customer } from '../api/types';
import { severityRank } from './format';

export type Health = 'healthy' | 'warning' | 'critical';

export interface CustomerHealth {
  customer: Customer;
  health: Health;
  critical: number;
  warning: number;
  offline: number;
}

export function customerHealth(customers: Customer[], openAlerts: Alert[]): CustomerHealth[] {
  const by = new Map<number, CustomerHealth>();
  for (const c of customers) by.set(c.id, { customer: c, health: 'healthy', critical: 0, warning: 0, offline: 0 });
  for (const a of openAlerts) {
    const h = by.get(a.customer_id);
    if (!h || a.status !== 'open') continue;
    if (a.severity === 'critical') h.critical++;
    else h.warning++;
    if (a.condition === 'offline') h.offline++;
  }
  for (const h of by.values()) h.health = h.critical ? 'critical' : h.warning ? 'warning' : 'healthy';
  const rank: Record<Health, number> = { critical: 0, warning: 1, healthy: 2 };
  return [...by.values()].sort(
    (a, b) =>
      rank[a.health] - rank[b.health] ||
      b.critical + b.warning - (a.critical + a.warning) ||
      a.customer.name.localeCompare(b.customer.name),
  );
}

export function countBySeverity(alerts: Alert[]): Record<string, number> {
  const out: Record<string, number> = { critical: 0, warning: 0 };
  for (const a of alerts) if (a.status === 'open') out[a.severity] = (out[a.severity] ?? 0) + 1;
  return out;
}

// Devices with an open "offline" alert, one row per device.
export function offlineDevices(alerts: Alert[]): Alert[] {
  const seen = new Set<number>();
  return alerts
    .filter((a) => a.status === 'open' && a.condition === 'offline')
    .filter((a) => (seen.has(a.device_id) ? false : (seen.add(a.device_id), true)));
}

export function sortAlerts(alerts: Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || Date.parse(b.opened_at) - Date.parse(a.opened_at),
  );
}
