// Signing a contract and adding its lines from the console: the billing
// writer picks the customer, the start, the term (12, 24 or 36 months) and
// the money terms; then per line a plan and either the CMDB devices it
// covers (a plan per server, desktop or device) or a quantity (users,
// mailboxes, sites). The server checks the same and names the field.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAddContractLine, useCreateContract, usePlans } from '../api/billing';
import type { ContractDetail } from '../api/billing';
import { useCis, useCustomers } from '../api/queries';
import { isoDate } from '../lib/billing';
import { formatCents, parseDollars } from '../lib/format';
import { BillingError } from './BillingBits';
import { Card } from './ui';

// Which CMDB kinds a per-device plan covers.
function kindsFor(unit: string): string[] | null {
  if (unit === 'server') return ['server'];
  if (unit === 'desktop') return ['workstation', 'laptop'];
  if (unit === 'device') return [];
  return null; // per unit: a quantity
}

export function NewContractCard() {
  const navigate = useNavigate();
  const customers = useCustomers();
  const create = useCreateContract();
  const [customer, setCustomer] = useState('');
  const [start, setStart] = useState(() => {
    const d = new Date();
    return isoDate(new Date(d.getFullYear(), d.getMonth() + 1, 1));
  });
  const [term, setTerm] = useState('12');
  const [setupFee, setSetupFee] = useState('1000.00');
  const [paymentDays, setPaymentDays] = useState('14');
  const [damages, setDamages] = useState('2');
  const [invalid, setInvalid] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fee = parseDollars(setupFee || '0');
    const days = Number(paymentDays);
    if (!customer) return setInvalid('Choose the customer.');
    if (fee === null || fee < 0) return setInvalid('Enter the setup fee in dollars, such as 1,000.00.');
    if (!Number.isInteger(days) || days < 0 || days > 120) return setInvalid('Payment days are 0 to 120.');
    setInvalid(null);
    try {
      const c = await create.mutateAsync({
        customer_id: Number(customer),
        start_date: start,
        term_months: Number(term),
        setup_fee_cents: fee,
        payment_days: days,
        damages_months: Number(damages),
      });
      navigate(`/billing/contracts/${c.id}`);
    } catch {
      // BillingError shows it
    }
  }

  return (
    <Card title="New contract" id="contract-new">
      <form className="filters" onSubmit={submit} aria-label="New contract" noValidate>
        <label>
          <span>Customer</span>
          <select value={customer} onChange={(e) => setCustomer(e.target.value)}>
            <option value="">Choose…</option>
            {(customers.data?.customers ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Starts</span>
          <input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          <span>Term</span>
          <select value={term} onChange={(e) => setTerm(e.target.value)}>
            <option value="12">12 months</option>
            <option value="24">24 months</option>
            <option value="36">36 months</option>
          </select>
        </label>
        <label>
          <span>Setup fee ($)</span>
          <input className="narrow-money" inputMode="decimal" value={setupFee} onChange={(e) => setSetupFee(e.target.value)} />
        </label>
        <label>
          <span>Payment days</span>
          <input className="narrow-money" inputMode="numeric" value={paymentDays} onChange={(e) => setPaymentDays(e.target.value)} />
        </label>
        <label>
          <span>Damages</span>
          <select value={damages} onChange={(e) => setDamages(e.target.value)}>
            <option value="2">2 months' fees</option>
            <option value="3">3 months' fees</option>
          </select>
        </label>
        <button className="btn primary" type="submit" disabled={create.isPending}>
          Sign contract
        </button>
        {invalid && <p className="field-error full">{invalid}</p>}
        <BillingError error={create.error} action="sign the contract" />
      </form>
    </Card>
  );
}

export function AddLineCard({ contract }: { contract: ContractDetail }) {
  const plans = usePlans();
  const cis = useCis({ customer_id: contract.customer_id });
  const add = useAddContractLine(contract.id);
  const active = (plans.data ?? []).filter((p) => p.active);
  const [planId, setPlanId] = useState(0);
  const plan = active.find((p) => p.id === planId) ?? active[0];
  const [chosen, setChosen] = useState<number[]>([]);
  const [quantity, setQuantity] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  if (!plan) return null;
  const kinds = kindsFor(plan.unit);
  const devices = (cis.data?.cis ?? []).filter((c) => kinds && (kinds.length === 0 || kinds.includes(c.kind)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    const body: { plan_id: number; ci_ids?: number[]; quantity?: number } = { plan_id: plan.id };
    if (kinds) {
      if (chosen.length === 0) return setInvalid('Tick the devices the plan covers.');
      body.ci_ids = chosen;
    } else {
      const n = Number(quantity);
      if (!Number.isInteger(n) || n < 1) return setInvalid(`Enter how many ${plan.unit}s, a whole number.`);
      body.quantity = n;
    }
    setInvalid(null);
    try {
      const after = await add.mutateAsync(body);
      setAdded(`Added ${plan.name}: this month's recurring charge is now ${formatCents(after.this_month.total_cents)}.`);
      setChosen([]);
      setQuantity('');
    } catch {
      // BillingError shows it
    }
  }

  return (
    <Card title="Add a line" id="contract-add-line">
      <form className="filters" onSubmit={submit} aria-label="Add a line" noValidate>
        <label>
          <span>Plan</span>
          <select
            value={plan.id}
            onChange={(e) => {
              setPlanId(Number(e.target.value));
              setChosen([]);
            }}
          >
            {active.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {formatCents(p.price_cents)} per {p.unit}
              </option>
            ))}
          </select>
        </label>
        {kinds ? (
          <fieldset className="full">
            <legend className="muted small">Devices covered (from the CMDB)</legend>
            {devices.length === 0 && <p className="muted small">The customer has no such devices in the CMDB.</p>}
            {devices.map((d) => (
              <label key={d.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(d.id)}
                  onChange={(e) => setChosen((xs) => (e.target.checked ? [...xs, d.id] : xs.filter((x) => x !== d.id)))}
                />{' '}
                {d.name}
              </label>
            ))}
          </fieldset>
        ) : (
          <label>
            <span>Quantity ({plan.unit}s)</span>
            <input className="narrow-money" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </label>
        )}
        <button className="btn" type="submit" disabled={add.isPending}>
          Add line
        </button>
        {invalid && <p className="field-error full">{invalid}</p>}
        <BillingError error={add.error} action="add the line" />
      </form>
      {added && (
        <p className="notice" role="status">
          {added}
        </p>
      )}
    </Card>
  );
}
