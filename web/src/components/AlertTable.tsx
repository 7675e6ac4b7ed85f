// A table of alerts; with `onAcknowledge` each open, unacknowledged alert
// gets an Acknowledge button.
import { Link } from 'react-router-dom';
import type { Alert } from '../api/types';
import { formatDateTime, humanize, relativeTime } from '../lib/format';
import { SeverityBadge, StatusBadge } from './ui';

export interface AlertTableProps {
  alerts: Alert[];
  now: number;
  compact?: boolean;
  showCustomer?: (customerId: number) => string | undefined;
  onAcknowledge?: (alert: Alert) => void;
  pendingId?: number | null;
  linkDevices?: boolean;
  // Staff open an alert's own page; the portal has none.
  linkAlerts?: boolean;
  // On a device's own page the device column would only repeat its name.
  showDevice?: boolean;
  // The row picked with the keyboard (j/k).
  selectedId?: number | null;
}

export function alertState(a: Alert): string {
  if (a.status === 'resolved') return 'resolved';
  return a.acknowledged_at ? 'acknowledged' : 'open';
}

export function AlertTable({
  alerts,
  now,
  compact,
  showCustomer,
  onAcknowledge,
  pendingId,
  linkDevices = true,
  linkAlerts = true,
  showDevice = true,
  selectedId = null,
}: AlertTableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            {showDevice && <th scope="col">Device</th>}
            {showCustomer && (
              <th scope="col" className="hide-narrow">
                Customer
              </th>
            )}
            <th scope="col">Opened</th>
            {!compact && <th scope="col">State</th>}
            {onAcknowledge && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr
              key={a.id}
              data-alert-id={a.id}
              className={a.id === selectedId ? 'selected' : undefined}
              aria-current={a.id === selectedId ? 'true' : undefined}
            >
              <td>
                <SeverityBadge severity={a.severity} />
              </td>
              <td>
                <div className="cell-title">
                  {linkAlerts ? <Link to={`/alerts/${a.id}`}>{humanize(a.condition)}</Link> : humanize(a.condition)}
                </div>
                {!compact && <div className="muted small">{a.message}</div>}
              </td>
              {showDevice && (
                <td className="nowrap">
                  {linkDevices ? <Link to={`/devices/${a.device_id}`}>{a.device_name}</Link> : a.device_name}
                </td>
              )}
              {showCustomer && <td className="hide-narrow">{showCustomer(a.customer_id) ?? `#${a.customer_id}`}</td>}
              <td className="nowrap">
                <time dateTime={a.opened_at} title={formatDateTime(a.opened_at)}>
                  {relativeTime(a.opened_at, now)}
                </time>
              </td>
              {!compact && (
                <td>
                  <StatusBadge status={alertState(a)} />
                  {a.ticket_id &&
                    (linkAlerts ? (
                      <span className="small">
                        {' '}
                        · <Link to={`/tickets/${a.ticket_id}`}>ticket #{a.ticket_id}</Link>
                      </span>
                    ) : (
                      <span className="muted small"> · ticket #{a.ticket_id}</span>
                    ))}
                </td>
              )}
              {onAcknowledge && (
                <td className="actions">
                  {a.status === 'open' && !a.acknowledged_at && (
                    <button
                      className="btn small"
                      type="button"
                      disabled={pendingId === a.id}
                      onClick={() => onAcknowledge(a)}
                      aria-label={`Acknowledge ${humanize(a.condition)} on ${a.device_name}`}
                    >
                      {pendingId === a.id ? 'Acknowledging…' : 'Acknowledge'}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
