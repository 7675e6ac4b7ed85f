// A contract's service levels on its page: the response and resolution
// target of each priority and the escalation levels, or "the customer's
// built-in policy" when the contract sets none; billing writers edit them.
// Tickets opened from then on run on the new targets.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useSetContractSla } from '../api/billing';
import type { ContractDetail } from '../api/billing';
import { PRIORITIES, describeTarget, rowsOf, termsOf } from '../lib/slaTerms';
import type { SlaRows, TargetKind } from '../lib/slaTerms';
import { humanize } from '../lib/format';
import { BillingError } from './BillingBits';
import { Card } from './ui';

const ROLES = ['service_manager', 'owner', 'technician', 'account_manager', 'change_manager', 'billing_admin'];

function SlaTableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Priority</th>
        <th scope="col">Response</th>
        <th scope="col">Resolution</th>
      </tr>
    </thead>
  );
}

function SlaEditor({ contract, onDone }: { contract: ContractDetail; onDone: () => void }) {
  const save = useSetContractSla(contract.id);
  const [rows, setRows] = useState<SlaRows>(() => {
    const r = rowsOf(contract.sla);
    while (r.escalation.length < 3) r.escalation.push({ percent: '', notify_role: 'owner' });
    return r;
  });
  const [invalid, setInvalid] = useState<string | null>(null);

  function setTarget(p: (typeof PRIORITIES)[number], which: 'response' | 'resolution', kind: TargetKind, value: string) {
    setRows((r) => ({ ...r, targets: { ...r.targets, [p]: { ...r.targets[p], [which]: { kind, value } } } }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const out = termsOf(rows);
    if ('error' in out) {
      setInvalid(out.error);
      return;
    }
    setInvalid(null);
    try {
      await save.mutateAsync(out.terms);
      onDone();
    } catch {
      // BillingError shows it
    }
  }

  return (
    <form onSubmit={submit} aria-label="Service levels" noValidate>
      <table className="table compact">
        <SlaTableHead />
        <tbody>
          {PRIORITIES.map((p) => (
            <tr key={p}>
              <th scope="row">{humanize(p)}</th>
              {(['response', 'resolution'] as const).map((which) => {
                const row = rows.targets[p][which];
                return (
                  <td key={which}>
                    <select
                      aria-label={`${p} ${which} kind`}
                      value={row.kind}
                      onChange={(e) => setTarget(p, which, e.target.value as TargetKind, row.value)}
                    >
                      <option value="none">best effort</option>
                      <option value="hours">hours of working time</option>
                      <option value="business_days">end of business day no.</option>
                    </select>{' '}
                    {row.kind !== 'none' && (
                      <input
                        aria-label={`${p} ${which}`}
                        className="narrow-money"
                        inputMode="decimal"
                        value={row.value}
                        onChange={(e) => setTarget(p, which, row.kind, e.target.value)}
                      />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="filters">
        <legend className="muted small">Escalate at a share of the running target (empty: the server's 75 % / 100 %)</legend>
        {rows.escalation.map((l, i) => (
          <label key={i}>
            <span>Level {i + 1} (%)</span>
            <input
              className="narrow-money"
              inputMode="numeric"
              aria-label={`Escalation level ${i + 1} percent`}
              value={l.percent}
              onChange={(e) =>
                setRows((r) => ({
                  ...r,
                  escalation: r.escalation.map((x, j) => (j === i ? { ...x, percent: e.target.value } : x)),
                }))
              }
            />
            <select
              aria-label={`Escalation level ${i + 1} role`}
              value={l.notify_role}
              onChange={(e) =>
                setRows((r) => ({
                  ...r,
                  escalation: r.escalation.map((x, j) => (j === i ? { ...x, notify_role: e.target.value } : x)),
                }))
              }
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {humanize(role)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      {invalid && <p className="field-error">{invalid}</p>}
      <div className="row-gap">
        <button className="btn primary small" type="submit" disabled={save.isPending}>
          Save service levels
        </button>
        {contract.sla && (
          <button
            className="btn small"
            type="button"
            disabled={save.isPending}
            onClick={async () => {
              try {
                await save.mutateAsync(null);
                onDone();
              } catch {
                // BillingError shows it
              }
            }}
          >
            Use the built-in policy
          </button>
        )}
        <button className="btn small ghost" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <BillingError error={save.error} action="save the service levels" />
    </form>
  );
}

export function SlaTermsCard({ contract, canEdit }: { contract: ContractDetail; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const sla = contract.sla;
  const editable = canEdit && contract.status === 'active';
  return (
    <Card
      title="Service levels"
      id="contract-sla"
      actions={
        editable && !editing ? (
          <button className="btn small" type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : undefined
      }
    >
      {editing ? (
        <SlaEditor contract={contract} onDone={() => setEditing(false)} />
      ) : !sla ? (
        <p className="muted">The customer's built-in SLA policy applies: this contract sets no targets of its own.</p>
      ) : (
        <>
          <table className="table compact" aria-label="Service level targets">
            <SlaTableHead />
            <tbody>
              {PRIORITIES.map((p) => (
                <tr key={p} data-sla-priority={p}>
                  <th scope="row">{humanize(p)}</th>
                  <td>{describeTarget(sla[p]?.response ?? undefined)}</td>
                  <td>{describeTarget(sla[p]?.resolution ?? undefined)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {sla.escalation && sla.escalation.length > 0
              ? `Escalates ${sla.escalation.map((l) => `at ${l.percent} % to ${humanize(l.notify_role)}`).join(', ')}.`
              : 'Escalates as the server is configured (75 % service managers, 100 % owner).'}{' '}
            Working time runs on the customer's business calendar.
          </p>
        </>
      )}
    </Card>
  );
}
