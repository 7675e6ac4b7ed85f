// A contract's end and renewal: where it stands (renews automatically, ends
// after notice, renewed by a successor, or a renewal itself), notice given
// or taken back, and a renewal with changed terms — term, payment, damages,
// auto-renewal, and per line another plan of the same unit, a new quantity
// or dropping it. The renewal is a new contract for the next term; the page
// moves to it.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useGiveNotice, useRenewContract, useWithdrawNotice } from '../api/billing';
import type { ContractDetail, ContractLine, Plan, RenewalBody } from '../api/billing';
import { isoDate } from '../lib/billing';
import { formatDate } from '../lib/format';
import { BillingError } from './BillingBits';
import { Card } from './ui';

interface LineChoice {
  plan_id: number;
  quantity: string;
  drop: boolean;
}

// The lines that run on into a renewal starting on `start`: as shown, an
// ending contract's lines stop on its end day, which is the renewal's start.
function carried(lines: ContractLine[], start: string): ContractLine[] {
  return lines.filter((l) => l.starts_on <= start && (!l.ends_on || l.ends_on >= start));
}

function NoticeForm({ contract }: { contract: ContractDetail }) {
  const notice = useGiveNotice(contract.id);
  const [date, setDate] = useState(() => isoDate(new Date()));
  const inTime = date <= contract.term.notice_by;

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await notice.mutateAsync(date);
    } catch {
      // BillingError shows it
    }
  }

  return (
    <form className="filters" aria-label="Give notice" onSubmit={submit}>
      <label>
        <span>Notice received</span>
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      </label>
      <button type="submit" className="btn" disabled={notice.isPending}>
        Record notice
      </button>
      <p className="muted small full" data-notice={inTime ? 'in-time' : 'late'}>
        {inTime
          ? `In time: the contract ends on ${formatDate(contract.term.renews_on)} instead of renewing.`
          : `After the notice day (${formatDate(contract.term.notice_by)}): it renews once more and ends a term later.`}
      </p>
      <BillingError error={notice.error} action="record the notice" />
    </form>
  );
}

function RenewForm({ contract, plans, onCancel }: { contract: ContractDetail; plans: Plan[]; onCancel: () => void }) {
  const renew = useRenewContract(contract.id);
  const navigate = useNavigate();
  const start = contract.ends_on ?? contract.term.renews_on;
  const lines = carried(contract.lines, start);
  const unitOf = new Map(plans.map((p) => [p.id, p.unit]));
  const [term, setTerm] = useState(contract.term_months);
  const [paymentDays, setPaymentDays] = useState(String(contract.payment_days));
  const [damages, setDamages] = useState(contract.damages_months);
  const [autoRenew, setAutoRenew] = useState(true);
  const [choices, setChoices] = useState<Record<number, LineChoice>>(() =>
    Object.fromEntries(
      lines.map((l) => [l.id, { plan_id: l.plan_id, quantity: l.quantity != null ? String(l.quantity) : '', drop: false }]),
    ),
  );
  const [invalid, setInvalid] = useState<string | null>(null);

  function choose(id: number, change: Partial<LineChoice>) {
    setChoices((c) => ({ ...c, [id]: { ...c[id], ...change } }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const days = Number(paymentDays);
    if (!Number.isInteger(days) || days < 0 || days > 120) {
      setInvalid('Payment days: a whole number from 0 to 120.');
      return;
    }
    const body: RenewalBody = { term_months: term, payment_days: days, damages_months: damages, auto_renew: autoRenew };
    const changes: NonNullable<RenewalBody['lines']> = [];
    for (const l of lines) {
      const c = choices[l.id];
      if (!c) continue;
      if (c.drop) {
        changes.push({ line_id: l.id, drop: true });
        continue;
      }
      const change: { line_id: number; plan_id?: number; quantity?: number } = { line_id: l.id };
      if (c.plan_id !== l.plan_id) change.plan_id = c.plan_id;
      if (l.quantity != null) {
        const q = Number(c.quantity);
        if (!Number.isInteger(q) || q < 1) {
          setInvalid(`Line #${l.id}: the quantity must be a whole number of at least 1.`);
          return;
        }
        if (q !== l.quantity) change.quantity = q;
      }
      if (change.plan_id !== undefined || change.quantity !== undefined) changes.push(change);
    }
    if (changes.length) body.lines = changes;
    setInvalid(null);
    try {
      const next = await renew.mutateAsync(body);
      navigate(`/billing/contracts/${next.id}`);
    } catch {
      // BillingError shows it
    }
  }

  return (
    <form className="stack" aria-label="Renew contract" onSubmit={submit}>
      <p className="muted small">
        The renewal is a new contract from <strong>{formatDate(start)}</strong>; this one ends the day before. Its invoices count
        from 1, so term credits start again, and there is no setup fee.
      </p>
      <div className="filters">
        <label>
          <span>Term</span>
          <select value={term} onChange={(e) => setTerm(Number(e.target.value))} aria-label="Renewal term">
            {[12, 24, 36].map((m) => (
              <option key={m} value={m}>
                {m} months
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Payment days</span>
          <input
            inputMode="numeric"
            value={paymentDays}
            onChange={(e) => setPaymentDays(e.target.value)}
            aria-label="Renewal payment days"
          />
        </label>
        <label>
          <span>Damages</span>
          <select value={damages} onChange={(e) => setDamages(Number(e.target.value))} aria-label="Renewal damages months">
            <option value={2}>2 months</option>
            <option value={3}>3 months</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={autoRenew} onChange={(e) => setAutoRenew(e.target.checked)} />
          <span>Renews automatically</span>
        </label>
      </div>
      {lines.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Renewed lines">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Plan in the new term</th>
                <th scope="col">Quantity</th>
                <th scope="col">Drop</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => {
                const c = choices[l.id];
                const sameUnit = plans.filter((p) => p.unit === unitOf.get(l.plan_id) && (p.active || p.id === l.plan_id));
                return (
                  <tr key={l.id} data-renew-line={l.id}>
                    <td>
                      #{l.id}
                      {l.devices.length > 0 && <span className="muted small"> · {l.devices.filter((d) => !d.to || d.to >= start).length} devices</span>}
                    </td>
                    <td>
                      <select
                        value={c?.plan_id}
                        disabled={c?.drop}
                        onChange={(e) => choose(l.id, { plan_id: Number(e.target.value) })}
                        aria-label={`Plan for line ${l.id}`}
                      >
                        {sameUnit.map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.name}
                            {p.active ? '' : ' (retired)'}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {l.quantity != null ? (
                        <input
                          inputMode="numeric"
                          value={c?.quantity ?? ''}
                          disabled={c?.drop}
                          onChange={(e) => choose(l.id, { quantity: e.target.value })}
                          aria-label={`Quantity for line ${l.id}`}
                        />
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        checked={c?.drop ?? false}
                        onChange={(e) => choose(l.id, { drop: e.target.checked })}
                        aria-label={`Drop line ${l.id}`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {invalid && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={renew.isPending}>
          Sign the renewal
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <BillingError error={renew.error} action="renew the contract" />
    </form>
  );
}

export function RenewalCard({ contract, canEdit, plans }: { contract: ContractDetail; canEdit: boolean; plans: Plan[] }) {
  const withdraw = useWithdrawNotice(contract.id);
  const [renewing, setRenewing] = useState(false);
  const c = contract;
  const active = c.status === 'active';
  return (
    <Card title="Renewal" id="contract-renewal">
      <div className="stack">
        {c.renews_contract_id != null && (
          <p>
            Renews <Link to={`/billing/contracts/${c.renews_contract_id}`}>contract #{c.renews_contract_id}</Link>.
          </p>
        )}
        {c.renewed_by != null ? (
          <p data-renewal="renewed">
            Renewed by <Link to={`/billing/contracts/${c.renewed_by}`}>contract #{c.renewed_by}</Link> from{' '}
            {formatDate(c.ends_on)}.
          </p>
        ) : c.status === 'ended' ? (
          <p data-renewal="ended">Ended on {formatDate(c.ends_on)}.</p>
        ) : c.ends_on ? (
          <p data-renewal="ending">
            Does not renew: ends on <strong>{formatDate(c.ends_on)}</strong>
            {c.auto_renew ? '' : ' (notice given or signed without auto-renewal)'}.
          </p>
        ) : active ? (
          <p data-renewal="renews">
            Renews automatically on <strong>{formatDate(c.term.renews_on)}</strong> for {c.term_months} months. Notice by{' '}
            {formatDate(c.term.notice_by)}.
          </p>
        ) : null}
        {canEdit && active && c.renewed_by == null && (
          <>
            {c.ends_on ? (
              <div className="row-gap">
                <button type="button" className="btn" onClick={() => withdraw.mutate()} disabled={withdraw.isPending}>
                  Withdraw notice
                </button>
                <BillingError error={withdraw.error} action="withdraw the notice" />
              </div>
            ) : (
              <NoticeForm contract={c} />
            )}
            {renewing ? (
              <RenewForm contract={c} plans={plans} onCancel={() => setRenewing(false)} />
            ) : (
              <div>
                <button type="button" className="btn primary" onClick={() => setRenewing(true)}>
                  Renew with changed terms…
                </button>
              </div>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
