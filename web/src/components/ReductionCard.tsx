// A contract's reductions: what was removed before the term ends, the
// monthly amount and the liquidated damages (N × that amount) the next
// invoice charges; billing writers remove devices, lower a quantity or end
// a line here, and see the damages before anything else happens.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useReduceContract } from '../api/billing';
import type { ContractDetail } from '../api/billing';
import { isoDate } from '../lib/billing';
import { formatCents, formatDate } from '../lib/format';
import { BillingError } from './BillingBits';
import { Card, Empty } from './ui';

function inForce(from: string, to: string | null, on: string): boolean {
  return from <= on && (!to || on < to);
}

function deviceCount(n: number): string {
  return n === 1 ? '1 device' : `${n} devices`;
}

export function ReductionCard({
  contract,
  canEdit,
  planName,
  ciName,
}: {
  contract: ContractDetail;
  canEdit: boolean;
  planName: Map<number, string>;
  ciName: Map<number, string>;
}) {
  const reduce = useReduceContract(contract.id);
  const reductions = contract.reductions ?? []; // absent from an older server
  const [date, setDate] = useState(() => isoDate(new Date()));
  const lines = contract.lines.filter((l) => inForce(l.starts_on, l.ends_on, date));
  const [lineId, setLineId] = useState<number>(0);
  const line = lines.find((l) => l.id === lineId) ?? lines[0];
  const [devices, setDevices] = useState<number[]>([]);
  const [quantity, setQuantity] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (!line) return;
    const body: { line_id: number; date: string; ci_ids?: number[]; quantity?: number } = { line_id: line.id, date };
    if (line.quantity != null && quantity.trim()) {
      const n = Number(quantity.trim());
      if (!Number.isInteger(n) || n < 1 || n >= line.quantity) {
        setInvalid(`Enter a whole number from 1 to ${line.quantity - 1}, or leave it empty to end the line.`);
        return;
      }
      body.quantity = n;
    } else if (devices.length > 0) {
      body.ci_ids = devices;
    }
    setInvalid(null);
    try {
      const r = await reduce.mutateAsync(body);
      setDone(
        `Removed ${r.description}: ${formatCents(r.removed_monthly_cents)} a month; damages of ${formatCents(r.damages_cents)} go on the next invoice.`,
      );
      setDevices([]);
      setQuantity('');
    } catch {
      // BillingError shows it
    }
  }

  return (
    <Card title={`Reductions (${reductions.length})`} id="contract-reductions">
      {reductions.length === 0 ? (
        <Empty>Nothing removed before the term ends.</Empty>
      ) : (
        <ul className="list compact" aria-label="Reductions">
          {reductions.map((r) => (
            <li key={r.id} data-reduction-id={r.id}>
              <strong>{r.description}</strong> from {formatDate(r.date)} · {formatCents(r.removed_monthly_cents)} a month ·
              damages <span data-money="damages">{formatCents(r.damages_cents)}</span>
              {r.invoice_id ? ' · invoiced' : ' · on the next invoice'}
            </li>
          ))}
        </ul>
      )}
      {canEdit && contract.status === 'active' && lines.length > 0 && line && (
        <form className="filters" onSubmit={submit} aria-label="Reduce the contract" noValidate>
          <label>
            <span>Line</span>
            <select
              value={line.id}
              onChange={(e) => {
                setLineId(Number(e.target.value));
                setDevices([]);
                setQuantity('');
              }}
            >
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {planName.get(l.plan_id) ?? `Plan #${l.plan_id}`}
                  {l.quantity != null ? ` × ${l.quantity}` : ` (${deviceCount(l.devices.filter((d) => inForce(d.from, d.to, date)).length)})`}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>From</span>
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          {line.quantity != null ? (
            <label>
              <span>New quantity (empty: end the line)</span>
              <input className="narrow-money" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
            </label>
          ) : (
            <fieldset>
              <legend className="muted small">Devices to remove (none: end the line)</legend>
              {line.devices
                .filter((d) => inForce(d.from, d.to, date))
                .map((d) => (
                  <label key={d.ci_id} className="check">
                    <input
                      type="checkbox"
                      checked={devices.includes(d.ci_id)}
                      onChange={(e) =>
                        setDevices((xs) => (e.target.checked ? [...xs, d.ci_id] : xs.filter((x) => x !== d.ci_id)))
                      }
                    />{' '}
                    {ciName.get(d.ci_id) ?? `CI #${d.ci_id}`}
                  </label>
                ))}
            </fieldset>
          )}
          <button className="btn danger small" type="submit" disabled={reduce.isPending}>
            Reduce
          </button>
          {invalid && <p className="field-error full">{invalid}</p>}
          <BillingError error={reduce.error} action="reduce the contract" />
        </form>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}
