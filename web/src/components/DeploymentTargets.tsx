// A deployment's devices: each one's state, why, its attempts, when it is
// tried next and its reboot; a device opens to the result of each package
// of its last command (installed, failed with its exit code and log tail,
// held with the reason), or, before any, the versions that will go out.
import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import type { PackageResult, Target } from '../api/deployments';
import { rebootView } from '../lib/deployments';
import { formatDateTime, relativeTime } from '../lib/format';
import { useNow } from '../lib/useNow';
import { OutcomeBadge, TargetStateBadge } from './DeploymentBits';
import { Empty } from './ui';

const COLUMNS = 7;

function ResultRows({ r }: { r: PackageResult }) {
  return (
    <>
      <tr data-result={r.name}>
        <th scope="row" className="nowrap">
          {r.name}
        </th>
        <td>
          <OutcomeBadge outcome={r.outcome} />
        </td>
        <td className="version">{r.version || '—'}</td>
        <td className="num">{r.exit_code ?? '—'}</td>
        <td className="small">{r.reason || <span className="muted">—</span>}</td>
      </tr>
      {r.log_tail && (
        <tr className="log-row">
          <td colSpan={5}>
            <pre className="cmd-output deploy-log" tabIndex={0} aria-label={`Log tail of ${r.name}`}>
              {r.log_tail}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}

function TargetDetail({ t }: { t: Target }) {
  const planned = t.packages.map((p) => `${p.name} ${p.version}`).join(', ');
  return (
    <div className="deploy-detail">
      {planned && (
        <p className="small">
          <span className="muted">To install:</span> {planned}
          {t.command_id != null && <span className="muted"> · command {t.command_id}</span>}
        </p>
      )}
      {t.results.length === 0 ? (
        <p className="muted small">{t.state === 'skipped' ? 'Nothing goes out to this device.' : 'No package results yet.'}</p>
      ) : (
        <table className="table deploy-results" aria-label={`Package results of ${t.device_name}`}>
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col">Outcome</th>
              <th scope="col">Version</th>
              <th scope="col" className="num">
                Exit code
              </th>
              <th scope="col">Held because</th>
            </tr>
          </thead>
          <tbody>
            {t.results.map((r) => (
              <ResultRows key={r.name} r={r} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function RebootCell({ t }: { t: Target }) {
  const v = rebootView(t);
  if (v.tone === 'neutral') return <span className="muted">{v.label}</span>;
  return (
    <>
      <span className={`badge tone-${v.tone}`}>{v.label}</span>
      {v.detail && <div className="muted nowrap">{v.detail}</div>}
    </>
  );
}

export function DeploymentTargets({ targets }: { targets: Target[] }) {
  const now = useNow();
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  function toggle(id: number) {
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }
  if (targets.length === 0) return <Empty>No devices in this deployment.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table deploy-targets" aria-label="Devices">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Results</span>
            </th>
            <th scope="col">Device</th>
            <th scope="col">State</th>
            <th scope="col">Reason</th>
            <th scope="col" className="num">
              Attempts
            </th>
            <th scope="col">Next attempt</th>
            <th scope="col">Reboot</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => {
            const expanded = open.has(t.device_id);
            const detailId = `target-${t.device_id}-results`;
            return (
              <Fragment key={t.device_id}>
                <tr data-target={t.device_id} data-state={t.state} className={expanded ? 'selected' : undefined}>
                  <td className="toggle-cell">
                    <button
                      type="button"
                      className="btn small ghost row-toggle"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailId : undefined}
                      aria-label={`Package results of ${t.device_name}`}
                      onClick={() => toggle(t.device_id)}
                    >
                      <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                    </button>
                  </td>
                  <td>
                    <Link className="cell-title nowrap" to={`/devices/${t.device_id}`}>
                      {t.device_name}
                    </Link>
                  </td>
                  <td>
                    <TargetStateBadge state={t.state} />
                  </td>
                  <td className="small">{t.reason || <span className="muted">—</span>}</td>
                  <td className="num">{t.attempts}</td>
                  <td className="nowrap small">
                    {t.next_attempt_at ? (
                      <time dateTime={t.next_attempt_at} title={formatDateTime(t.next_attempt_at)}>
                        {relativeTime(t.next_attempt_at, now)}
                      </time>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="small" data-reboot={t.reboot?.state ?? (t.reboot_required ? 'required' : 'none')}>
                    <RebootCell t={t} />
                  </td>
                </tr>
                {expanded && (
                  <tr className="detail-row" id={detailId}>
                    <td colSpan={COLUMNS}>
                      <TargetDetail t={t} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
