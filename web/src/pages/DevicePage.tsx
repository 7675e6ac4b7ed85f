// A device (any CI): inventory, live status, metric charts with a range
// picker, pending updates and their approval policy (servers and
// workstations), the agent and remote commands, alert history and change
// history.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAlerts, useCi, useCiHistory, useDeviceMetrics, useDeviceStatus, useForecast } from '../api/queries';
import type { CiHistoryEntry } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { canEditChangeWindows, canManageAgents, canReadApprovalPolicy, isPortal } from '../auth/roles';
import { DeviceApprovalPolicyCard } from '../components/ApprovalPolicyCards';
import { useAgent } from '../api/agents';
import { AgentCard } from '../components/AgentCard';
import { CommandPanel } from '../components/CommandPanel';
import { AlertTable } from '../components/AlertTable';
import { MaintenanceCard } from '../components/MaintenanceCard';
import { MetricChart } from '../components/MetricChart';
import { ThresholdsCard } from '../components/ThresholdsCard';
import { UpdatesCard } from '../components/UpdatesCard';
import { DeviceWindowsCard } from '../components/ChangeWindowsCard';
import { Card, Empty, ErrorBox, Field, Loading, PageHeader, StatusBadge } from '../components/ui';
import { formatBytes, formatDateTime, humanize, isOffline, relativeTime } from '../lib/format';
import { RANGES, rangeQuery } from '../lib/series';
import { useResolvedTheme } from '../lib/theme';
import { useNow } from '../lib/useNow';

// The kinds patch management keeps update records for (the API answers 404
// for the others).
const PATCHED_KINDS = ['server', 'workstation'];

// Charts shown first, in this order; other reported metrics follow.
const PREFERRED = ['cpu.used_percent', 'memory.used_percent', 'volume.free_percent', 'volume.free_bytes'];

function HardwareList({ hardware }: { hardware: Record<string, unknown> | null }) {
  const entries = Object.entries(hardware ?? {}).filter(
    ([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
  if (entries.length === 0) return null;
  return (
    <>
      {entries.map(([k, v]) => {
        // "ram_gb": 16 reads as "RAM: 16 GB".
        const unit = k.match(/_(gb|mb|tb)$/);
        const label = unit ? k.slice(0, -unit[0].length) : k;
        const text = Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
        return (
          <Field key={k} label={label.length <= 3 ? label.toUpperCase() : humanize(label)}>
            {unit ? `${text} ${unit[1].toUpperCase()}` : text}
          </Field>
        );
      })}
    </>
  );
}

function historyText(h: CiHistoryEntry): string {
  const field = String(h.field ?? '');
  if (field === 'created') return 'Created';
  if (field === 'relation') return String(h.new_value ?? h.old_value ?? 'Relation changed');
  const from = h.old_value === null || h.old_value === undefined ? '—' : String(h.old_value);
  const to = h.new_value === null || h.new_value === undefined ? '—' : String(h.new_value);
  return `${humanize(field)}: ${from} → ${to}`;
}

export function DeviceView({ id, basePath }: { id: number; basePath: string }) {
  const user = useUser();
  const now = useNow();
  const theme = useResolvedTheme();
  const [rangeKey, setRangeKey] = useState('24h');
  const range = RANGES.find((r) => r.key === rangeKey) ?? RANGES[1];
  // The range is fixed when picked (not on every tick) so charts don't refetch.
  const query = useMemo(() => rangeQuery(range, Date.now()), [rangeKey]);
  const ci = useCi(id);
  const status = useDeviceStatus(id);
  const metrics = useDeviceMetrics(id);
  const alerts = useAlerts({ device_id: id, limit: 100 });
  const history = useCiHistory(id);
  const forecast = useForecast(id, !!status.data);
  const agent = useAgent(id, ci.data?.customer_id, !isPortal(user.role));

  if (ci.isLoading) return <Loading />;
  if (ci.error || !ci.data) return <ErrorBox error={ci.error} />;
  const d = ci.data;
  const monitored = !status.error && status.data;
  const offline = monitored ? isOffline(status.data!.last_seen_at, now) : false;
  const metricNames = [...new Set((metrics.data?.metrics ?? []).map((m) => m.metric))].sort(
    (a, b) => {
      const ia = PREFERRED.indexOf(a);
      const ib = PREFERRED.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    },
  );

  return (
    <>
      <PageHeader
        title={d.name}
        subtitle={
          <>
            {humanize(d.kind)} · <StatusBadge status={d.status} />{' '}
            {monitored && <StatusBadge status={offline ? 'offline' : 'online'} />}
            {!isPortal(user.role) && (
              <>
                {' '}
                · <Link to={`${basePath}/customers/${d.customer_id}`}>Customer</Link>
              </>
            )}
          </>
        }
      />
      <div className="grid-3">
        <Card title="Inventory" id="dev-inventory">
          <dl className="kv-list">
            <Field label="Make">{d.make}</Field>
            <Field label="Model">{d.model}</Field>
            <Field label="Serial number">{d.serial_number}</Field>
            <Field label="Operating system">{[d.os_name, d.os_version].filter(Boolean).join(' ') || null}</Field>
            <HardwareList hardware={d.hardware} />
            <Field label="Warranty">
              {d.warranty_expires ? `${d.warranty_vendor ?? ''} until ${d.warranty_expires}` : null}
            </Field>
            <Field label="Criticality">{humanize(d.criticality)}</Field>
          </dl>
        </Card>
        <Card title="Monitoring" id="dev-monitoring">
          {status.isLoading ? (
            <Loading />
          ) : !monitored ? (
            <Empty>This CI is not monitored.</Empty>
          ) : (
            <dl className="kv-list">
              <Field label="Last check-in">
                <time dateTime={status.data!.last_seen_at ?? undefined} title={formatDateTime(status.data!.last_seen_at)}>
                  {relativeTime(status.data!.last_seen_at, now)}
                </time>
              </Field>
              <Field label="Open alerts">{status.data!.open_alerts}</Field>
              <Field label="Metrics reported">{metricNames.length}</Field>
              {(forecast.data ?? []).map((v) => (
                <Field key={v.labels.mount ?? JSON.stringify(v.labels)} label={`Disk ${v.labels.mount ?? ''}`}>
                  {formatBytes(v.free_bytes)} free{" "}
                  {v.days_until_full !== null ? (
                    <span className={v.days_until_full < 7 ? 'badge tone-bad' : 'badge tone-warn'}>
                      full in {v.days_until_full < 1 ? 'under a day' : `${Math.floor(v.days_until_full)} d`}
                    </span>
                  ) : (
                    <span className="muted"> · not filling up</span>
                  )}
                </Field>
              ))}
            </dl>
          )}
        </Card>
        <Card title="Installed software" id="dev-software">
          {(d.installed_software ?? []).length === 0 ? (
            <Empty>No software inventory.</Empty>
          ) : (
            <ul className="list compact">
              {d.installed_software!.map((s, i) => (
                <li key={`${s.name}-${i}`}>
                  {s.name} <span className="muted">{s.version}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {monitored && (
        <Card
          title="Metrics"
          id="dev-metrics"
          actions={
            <div className="segmented" role="group" aria-label="Time range">
              {RANGES.map((r) => (
                <button
                  key={r.key}
                  type="button"
                  className={r.key === rangeKey ? 'active' : ''}
                  aria-pressed={r.key === rangeKey}
                  onClick={() => setRangeKey(r.key)}
                >
                  {r.label}
                </button>
              ))}
            </div>
          }
        >
          {metrics.isLoading ? (
            <Loading />
          ) : metricNames.length === 0 ? (
            <Empty>No metrics reported in the last 7 days.</Empty>
          ) : (
            <div className="charts">
              {metricNames.map((m) => (
                <MetricChart key={m} deviceId={id} metric={m} range={query} theme={theme} />
              ))}
            </div>
          )}
        </Card>
      )}
      {monitored && !isPortal(user.role) && (
        <div className="grid-2">
          <ThresholdsCard deviceId={id} />
          <MaintenanceCard customerId={d.customer_id} deviceId={id} />
        </div>
      )}
      {PATCHED_KINDS.includes(d.kind) && <UpdatesCard deviceId={id} />}
      {PATCHED_KINDS.includes(d.kind) && !isPortal(user.role) && canReadApprovalPolicy(user.role) && (
        <DeviceApprovalPolicyCard deviceId={id} customerId={d.customer_id} />
      )}
      {PATCHED_KINDS.includes(d.kind) && !isPortal(user.role) && (
        <DeviceWindowsCard deviceId={id} customerId={d.customer_id} canEdit={canEditChangeWindows(user.role)} />
      )}
      {!isPortal(user.role) && (agent.data || agent.isLoading) && (
        <div className={canManageAgents(user.role) ? 'grid-agent' : 'grid-2'}>
          <AgentCard deviceId={id} customerId={d.customer_id} />
          {canManageAgents(user.role) && agent.data && <CommandPanel deviceId={id} agent={agent.data} />}
        </div>
      )}
      <div className="grid-2">
        <Card title="Alert history" id="dev-alerts">
          {alerts.isLoading ? (
            <Loading />
          ) : alerts.error ? (
            <ErrorBox error={alerts.error} />
          ) : (alerts.data ?? []).length === 0 ? (
            <Empty>No alerts for this device.</Empty>
          ) : (
            <AlertTable alerts={alerts.data!} now={now} showDevice={false} linkAlerts={!isPortal(user.role)} />
          )}
        </Card>
        <Card title="Change history" id="dev-history">
          {history.isLoading ? (
            <Loading />
          ) : history.error ? (
            <ErrorBox error={history.error} />
          ) : (history.data ?? []).length === 0 ? (
            <Empty>No changes recorded.</Empty>
          ) : (
            <ol className="timeline">
              {history.data!.map((h, i) => (
                <li key={(h.id as number) ?? i}>
                  <span className="tl-dot" aria-hidden="true" />
                  <div className="tl-body">
                    <div className="history-text">{historyText(h)}</div>
                    <div className="muted small">
                      {h.actor ?? 'system'} · {formatDateTime(h.at)}
                      {typeof h.rfc_id === 'number' ? (
                        <>
                          {' · '}
                          <Link
                            to={`${isPortal(user.role) ? '/portal' : ''}/changes/${h.rfc_id}`}
                          >
                            {String(h.rfc_ref)}
                          </Link>
                        </>
                      ) : h.rfc_ref ? (
                        ` · ${String(h.rfc_ref)}`
                      ) : (
                        ''
                      )}
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

export function DevicePage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such device.')} />;
  return <DeviceView id={n} basePath="" />;
}
