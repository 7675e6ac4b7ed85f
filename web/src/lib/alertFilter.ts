// Client-side alert filters that the API has no parameter for (severity,
// acknowledged, free text), applied after the server's status/condition.
import type { Alert } from '../api/types';

export interface ClientAlertFilter {
  severity?: string;
  ack?: 'yes' | 'no' | '';
  text?: string;
}

export function filterAlerts(alerts: Alert[], f: ClientAlertFilter): Alert[] {
  const text = (f.text ?? '').trim().toLowerCase();
  return alerts.filter((a) => {
    if (f.severity && a.severity !== f.severity) return false;
    if (f.ack === 'yes' && !a.acknowledged_at) return false;
    if (f.ack === 'no' && (a.acknowledged_at || a.status !== 'open')) return false;
    if (text) {
      const hay = `${a.device_name} ${a.condition} ${a.message}`.toLowerCase();
      if (!hay.includes(text)) return false;
    }
    return true;
  });
}
