// The technician's first screen: what is burning right now.
import { Link } from 'react-router-dom';
import { useAlerts, useCustomers } from '../api/queries';
import { AlertTable } from '../components/AlertTable';
import { Card, Empty, ErrorBox, Loading, PageHeader, Stat } from '../components/ui';
import { relativeTime } from '../lib/format';
import { countBySeverity, customerHealth, offlineDevices, sortAlerts } from '../lib/health';
import { whileActive } from '../lib/activity';
import { useNow } from '../lib/useNow';
import { useTickets } from '../api/tickets';
import { useUser } from '../auth/AuthContext';
import { sectionsFor } from '../auth/roles';
import { TicketTable } from '../components/TicketBits';
import { isAtRisk } from '../lib/sla';

export function DashboardPage() {
  const alerts = useAlerts({ status: 'open', limit: 1000 }, { refetchInterval: whileActive(30_000) });
  const customers = useCustomers();
  const now = useNow();
  const user = useUser();
  const desk = sectionsFor(user.role).includes('tickets');
  const tickets = useTickets({ limit: 1000 }, { enabled: desk, refetchInterval: whileActive(30_000) });

  if (alerts.isLoading || customers.isLoading) return <Loading />;
  if (alerts.error) return <ErrorBox error={alerts.error} />;
  if (customers.error) return <ErrorBox error={customers.error} />;
  const open = alerts.data ?? [];
  const counts = countBySeverity(open);
  const offline = offlineDevices(open);
  const health = customerHealth(customers.data?.customers ?? [], open);
  const unacked = open.filter((a) => !a.acknowledged_at).length;
  const openTickets = (tickets.data ?? []).filter((t) => t.status !== 'closed');
  const mine = openTickets.filter((t) => t.assignee_id === user.id);
  const atRisk = openTickets.filter((t) => isAtRisk(t, now));
  const breached = atRisk.filter((t) => t.next_due && Date.parse(t.next_due) <= now).length;

  return (
    <>
      <PageHeader title="Dashboard" subtitle="Open alerts and customer health, refreshed every 30 seconds" />
      <div className="stats" aria-label="Summary">
        <Stat label="Critical alerts" value={counts.critical ?? 0} tone={counts.critical ? 'bad' : 'good'} to="/alerts?status=open&severity=critical" />
        <Stat label="Warnings" value={counts.warning ?? 0} tone={counts.warning ? 'warn' : 'good'} to="/alerts?status=open&severity=warning" />
        <Stat label="Not acknowledged" value={unacked} tone={unacked ? 'warn' : 'good'} to="/alerts?status=open&ack=no" />
        <Stat label="Devices offline" value={offline.length} tone={offline.length ? 'bad' : 'good'} to="/alerts?status=open&condition=offline" />
      </div>
      {desk && (
        <div className="stats" aria-label="Service desk">
          <Stat label="My queue" value={tickets.data ? mine.length : '…'} tone="neutral" to="/tickets?queue=mine" />
          <Stat
            label={breached ? `SLA at risk (${breached} overdue)` : 'SLA at risk'}
            value={tickets.data ? atRisk.length : '…'}
            tone={breached ? 'bad' : atRisk.length ? 'warn' : 'good'}
            to="/tickets?queue=at_risk"
          />
          <Stat
            label="New, not taken"
            value={tickets.data ? openTickets.filter((t) => t.status === 'new').length : '…'}
            tone="neutral"
            to="/tickets?queue=unassigned"
          />
        </div>
      )}
      {desk && mine.length > 0 && (
        <Card title="My queue" id="dash-queue" actions={<Link to="/tickets?queue=mine">All my tickets</Link>}>
          <TicketTable tickets={mine.slice(0, 6)} now={now} />
        </Card>
      )}
      <div className="grid-2">
        <Card title="Open alerts" id="dash-alerts" actions={<Link to="/alerts">All alerts</Link>}>
          {open.length === 0 ? (
            <Empty>No open alerts. All quiet.</Empty>
          ) : (
            <AlertTable alerts={sortAlerts(open).slice(0, 8)} now={now} compact />
          )}
        </Card>
        <Card title="Devices offline" id="dash-offline">
          {offline.length === 0 ? (
            <Empty>Every monitored device is checking in.</Empty>
          ) : (
            <ul className="list">
              {offline.map((a) => (
                <li key={a.device_id}>
                  <Link to={`/devices/${a.device_id}`}>{a.device_name}</Link>
                  <span className="muted"> · offline since {relativeTime(a.opened_at, now)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Customer health" id="dash-health">
        {health.length === 0 ? (
          <Empty>No customers yet.</Empty>
        ) : (
          <ul className="health-grid">
            {health.map((h) => (
              <li key={h.customer.id}>
                <Link className={`health-tile health-${h.health}`} to={`/customers/${h.customer.id}`}>
                  <span className="health-name">{h.customer.name}</span>
                  <span className="health-state">
                    <span className="dot" aria-hidden="true" />
                    {h.health === 'healthy' ? 'Healthy' : h.health === 'warning' ? 'Warning' : 'Critical'}
                  </span>
                  <span className="health-counts muted">
                    {h.critical} critical · {h.warning} warning{h.offline ? ` · ${h.offline} offline` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
