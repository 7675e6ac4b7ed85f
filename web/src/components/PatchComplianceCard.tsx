// A customer's patch compliance (issue 14): of the managed devices (servers
// and workstations not retired), those compliant — a scan within 48 hours
// and nothing past its deadline —, those fully patched, those unknown (no
// fresh scan: never counted as compliant) and the overdue updates by class.
// Staff see it on the customer page, portal users on their portal home.
import { usePatchCompliance, UPDATE_CLASSES } from '../api/patching';
import type { PatchCompliance } from '../api/patching';
import { humanize } from '../lib/format';
import { Card, Empty, ErrorBox, Field, Loading } from './ui';

// 75 → "75 %", 33.3 → "33.3 %".
export function formatPercent(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—';
  const r = Math.round(p * 10) / 10;
  return `${Number.isInteger(r) ? r : r.toFixed(1)} %`;
}

function meterTone(c: PatchCompliance): string | undefined {
  if (c.percent === null) return undefined;
  if (c.percent >= 100) return 'meter-good';
  return c.percent >= 75 ? 'meter-full' : 'meter-bad';
}

function Figures({ c }: { c: PatchCompliance }) {
  const overdue = UPDATE_CLASSES.filter((k) => (c.overdue_by_class[k] ?? 0) > 0);
  const pct = Math.max(0, Math.min(100, c.percent ?? 0));
  return (
    <>
      <dl className="kv-list">
        <Field label="Managed devices">
          <span data-compliance="devices">{c.devices}</span>
        </Field>
        <Field label="Compliant">
          <span data-compliance="compliant">{c.compliant}</span>
          <span className="muted small">
            {' '}
            · <span data-compliance="percent">{formatPercent(c.percent)}</span>
          </span>
        </Field>
        <Field label="Fully patched">
          <span data-compliance="fully-patched">{c.fully_patched}</span>
        </Field>
        <Field label="Unknown">
          <span data-compliance="unknown">{c.unknown}</span>
          <span className="muted small"> · no scan within 48 h</span>
        </Field>
        <Field label="Overdue">
          {overdue.length === 0 ? (
            <span className="muted" data-compliance="overdue">
              Nothing overdue
            </span>
          ) : (
            <ul className="chips overdue-list" data-compliance="overdue">
              {overdue.map((k) => (
                <li key={k} className={`badge ${k === 'critical' || k === 'important' ? 'tone-bad' : 'tone-warn'}`}>
                  {humanize(k)}: {c.overdue_by_class[k]}
                </li>
              ))}
            </ul>
          )}
        </Field>
      </dl>
      <div className="meter" aria-hidden="true" title={`${formatPercent(c.percent)} of the managed devices compliant`}>
        <span style={{ width: `${pct}%` }} className={meterTone(c)} />
      </div>
    </>
  );
}

export function PatchComplianceCard({ customerId, id = 'cust-patching' }: { customerId: number; id?: string }) {
  const compliance = usePatchCompliance(customerId);
  const c = compliance.data;
  return (
    <Card title="Patch compliance" id={id}>
      {compliance.isLoading ? (
        <Loading />
      ) : compliance.error ? (
        <ErrorBox error={compliance.error} />
      ) : !c ? null : c.devices === 0 ? (
        <Empty>No managed servers or workstations.</Empty>
      ) : (
        <Figures c={c} />
      )}
    </Card>
  );
}
