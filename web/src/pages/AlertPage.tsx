// One alert: what fired, on which device, and its whole history (opened,
// repeated, acknowledged, resolved), with Acknowledge while it is open.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAcknowledge, useAlert, useCustomer } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { canAcknowledge } from '../auth/roles';
import { alertState } from '../components/AlertTable';
import { Card, ErrorBox, Field, Loading, PageHeader, SeverityBadge, StatusBadge } from '../components/ui';
import { formatDateTime, formatDuration, humanize, parseTime, relativeTime } from '../lib/format';
import { useNow } from '../lib/useNow';

function AlertView({ id }: { id: number }) {
  const user = useUser();
  const now = useNow();
  const alert = useAlert(id);
  const customer = useCustomer(alert.data?.customer_id ?? 0, { enabled: !!alert.data });
  const ack = useAcknowledge();
  const [error, setError] = useState<unknown>(null);

  if (alert.isLoading) return <Loading />;
  if (alert.error || !alert.data) return <ErrorBox error={alert.error} />;
  const a = alert.data;
  const opened = parseTime(a.opened_at);
  const ended = parseTime(a.resolved_at) ?? now;

  return (
    <>
      <PageHeader
        title={`${humanize(a.condition)} on ${a.device_name}`}
        subtitle={
          <>
            <SeverityBadge severity={a.severity} /> <StatusBadge status={alertState(a)} /> · alert #{a.id}
          </>
        }
        actions={
          canAcknowledge(user.role) && a.status === 'open' && !a.acknowledged_at ? (
            <button
              type="button"
              className="btn primary"
              disabled={ack.isPending}
              onClick={async () => {
                setError(null);
                try {
                  await ack.mutateAsync(a.id);
                } catch (e) {
                  setError(e);
                }
              }}
            >
              {ack.isPending ? 'Acknowledging…' : 'Acknowledge'}
            </button>
          ) : undefined
        }
      />
      {error != null && <ErrorBox error={error} />}
      <div className="grid-2">
        <Card title="Details" id="alert-details">
          <dl className="kv-list">
            <Field label="Message">{a.message}</Field>
            <Field label="Device">
              <Link to={`/devices/${a.device_id}`}>{a.device_name}</Link>
            </Field>
            <Field label="Customer">
              <Link to={`/customers/${a.customer_id}`}>{customer.data?.name ?? `#${a.customer_id}`}</Link>
            </Field>
            <Field label="Opened">{formatDateTime(a.opened_at)}</Field>
            <Field label={a.resolved_at ? 'Lasted' : 'Open for'}>
              {opened !== null ? formatDuration(ended - opened) : null}
            </Field>
            <Field label="Repeats">{a.repeat_count}</Field>
            <Field label="Acknowledged">{a.acknowledged_at ? formatDateTime(a.acknowledged_at) : 'No'}</Field>
            <Field label="Ticket">{a.ticket_id ? <Link to={`/tickets/${a.ticket_id}`}>Ticket #{a.ticket_id}</Link> : 'None'}</Field>
          </dl>
        </Card>
        <Card title="History" id="alert-history">
          <ol className="timeline">
            {(a.events ?? []).map((e, i) => (
              <li key={i} className={e.kind === 'resolved' ? 'tl-resolved' : e.kind === 'opened' ? 'tl-open' : ''}>
                <span className="tl-dot" aria-hidden="true" />
                <div className="tl-body">
                  <div>
                    <strong>{humanize(String(e.kind ?? e.event ?? 'event'))}</strong>
                    {e.message ? ` · ${e.message}` : ''}
                  </div>
                  <div className="muted small">
                    <time dateTime={e.at} title={formatDateTime(e.at)}>
                      {relativeTime(e.at, now)}
                    </time>
                  </div>
                </div>
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}

export function AlertPage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such alert.')} />;
  return <AlertView id={n} />;
}
