// Alerts: status and condition filter on the server, severity,
// acknowledgement and text on the client; filters live in the URL.
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAcknowledge, useAlerts, useCustomers } from '../api/queries';
import type { Alert } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { canAcknowledge } from '../auth/roles';
import { AlertTable } from '../components/AlertTable';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { filterAlerts } from '../lib/alertFilter';
import { humanize, severityRank } from '../lib/format';
import { moveSelection, useListShortcuts } from '../lib/shortcuts';
import type { ListAction } from '../lib/shortcuts';
import { useNow } from '../lib/useNow';

export const CONDITIONS = [
  'cpu_high',
  'memory_high',
  'system_volume_low',
  'data_volume_low',
  'event_log',
  'backup_failed',
  'ups',
  'virus',
  'offline',
];

export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const condition = params.get('condition') ?? '';
  const severity = params.get('severity') ?? '';
  const ack = (params.get('ack') ?? '') as '' | 'yes' | 'no';
  const text = params.get('q') ?? '';
  const user = useUser();
  const now = useNow();
  const alerts = useAlerts({ status: status === 'all' ? undefined : status, condition: condition || undefined, limit: 1000 });
  const customers = useCustomers();
  const ackMutation = useAcknowledge();
  const [message, setMessage] = useState<string | null>(null);

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const names = new Map((customers.data?.customers ?? []).map((c) => [c.id, c.name]));
  const rows = filterAlerts(alerts.data ?? [], { severity, ack, text }).sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || Date.parse(b.opened_at) - Date.parse(a.opened_at),
  );

  const navigate = useNavigate();
  const [selected, setSelected] = useState(-1);
  const selectedAlert = selected >= 0 ? rows[selected] : undefined;
  useEffect(() => {
    document.querySelector('tr.selected')?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const onShortcut = useCallback(
    (action: ListAction, e: KeyboardEvent) => {
      if (action === 'next' || action === 'previous') {
        e.preventDefault();
        setSelected((i) => moveSelection(i, action, rows.length));
      } else if (action === 'open' && selectedAlert) {
        navigate(`/alerts/${selectedAlert.id}`);
      } else if (action === 'acknowledge' && selectedAlert && canAcknowledge(user.role)) {
        if (selectedAlert.status === 'open' && !selectedAlert.acknowledged_at) void acknowledge(selectedAlert);
      }
    },
    [rows, selectedAlert, navigate, user.role],
  );
  useListShortcuts(onShortcut);

  async function acknowledge(a: Alert) {
    setMessage(null);
    try {
      await ackMutation.mutateAsync(a.id);
      setMessage(`Acknowledged ${humanize(a.condition)} on ${a.device_name}.`);
    } catch (e) {
      setMessage(e instanceof Error ? `Could not acknowledge: ${e.message}` : 'Could not acknowledge.');
    }
  }

  return (
    <>
      <PageHeader
        title="Alerts"
        subtitle={
          <>
            Everything the monitoring raised, most severe first · keys: <kbd>j</kbd>/<kbd>k</kbd> move,{' '}
            <kbd>Enter</kbd> opens, <kbd>a</kbd> acknowledges
          </>
        }
      />
      <Card>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Alert filters">
          <label>
            <span>Status</span>
            <select value={status} onChange={(e) => set('status', e.target.value)}>
              <option value="open">Open</option>
              <option value="resolved">Resolved</option>
              <option value="all">All</option>
            </select>
          </label>
          <label>
            <span>Severity</span>
            <select value={severity} onChange={(e) => set('severity', e.target.value)}>
              <option value="">Any</option>
              <option value="critical">Critical</option>
              <option value="warning">Warning</option>
            </select>
          </label>
          <label>
            <span>Condition</span>
            <select value={condition} onChange={(e) => set('condition', e.target.value)}>
              <option value="">Any</option>
              {CONDITIONS.map((c) => (
                <option key={c} value={c}>
                  {humanize(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Acknowledged</span>
            <select value={ack} onChange={(e) => set('ack', e.target.value)}>
              <option value="">Either</option>
              <option value="no">Not acknowledged</option>
              <option value="yes">Acknowledged</option>
            </select>
          </label>
          <label className="grow">
            <span>Device or message</span>
            <input type="search" value={text} onChange={(e) => set('q', e.target.value)} placeholder="Filter…" />
          </label>
        </form>
      </Card>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <Card title={alerts.data ? `${rows.length} alert${rows.length === 1 ? '' : 's'}` : 'Alerts'} id="alert-list">
        {alerts.isLoading ? (
          <Loading />
        ) : alerts.error ? (
          <ErrorBox error={alerts.error} />
        ) : rows.length === 0 ? (
          <Empty>No alerts match these filters.</Empty>
        ) : (
          <AlertTable
            alerts={rows}
            now={now}
            showCustomer={(id) => names.get(id)}
            onAcknowledge={canAcknowledge(user.role) ? acknowledge : undefined}
            pendingId={ackMutation.isPending ? ackMutation.variables : null}
            selectedId={selectedAlert?.id ?? null}
          />
        )}
      </Card>
    </>
  );
}
