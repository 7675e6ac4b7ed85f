// Contracts and plans: the contract list, one contract (its term, lines with
// the devices they cover, this month's charge, its renewal and notice, its service levels, early termination with the
// liquidated damages confirmed first), the plans with a form for a new one,
// and the rate card of hourly work.
import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  useContract,
  useContracts,
  useCreatePlan,
  useInvoices,
  usePlans,
  useRates,
  useSaveRate,
  useTerminateContract,
} from '../api/billing';
import type { ContractDetail, Rate } from '../api/billing';
import { useCis, useCustomer, useCustomers } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { canWriteBilling, sectionsFor } from '../auth/roles';
import { BillingError, InvoiceTable, NotAvailable, isMissingRoute } from '../components/BillingBits';
import { AddLineCard, NewContractCard } from '../components/ContractForms';
import { PlanEditor } from '../components/PlanEditor';
import { ReductionCard } from '../components/ReductionCard';
import { RenewalCard } from '../components/RenewalCard';
import { SlaTermsCard } from '../components/SlaTermsCard';
import { Card, Empty, ErrorBox, Field, Loading, PageHeader, StatusBadge } from '../components/ui';
import { isoDate, workTypeLabel } from '../lib/billing';
import { formatCents, formatDate, formatHours, humanize, parseDollars } from '../lib/format';
import { BillingTabs } from './BillingPage';

export function ContractsPage() {
  const user = useUser();
  const contracts = useContracts();
  const customers = useCustomers();
  const names = new Map((customers.data?.customers ?? []).map((c) => [c.id, c.name]));
  const list = contracts.data ?? [];
  return (
    <>
      <PageHeader title="Contracts" subtitle="Terms, notice dates and early terminations" />
      {sectionsFor(user.role).includes('billing') && <BillingTabs current="contracts" />}
      <Card title={`Contracts (${list.length})`} id="contract-list">
        {contracts.isLoading ? (
          <Loading />
        ) : contracts.error ? (
          <ErrorBox error={contracts.error} />
        ) : list.length === 0 ? (
          <Empty>No contracts yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Contracts">
              <thead>
                <tr>
                  <th scope="col">Contract</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col">Start</th>
                  <th scope="col">Term</th>
                  <th scope="col">Renews</th>
                  <th scope="col" className="num">
                    Setup fee
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id} data-contract-id={c.id}>
                    <td>
                      <Link className="cell-title" to={`/billing/contracts/${c.id}`}>
                        Contract #{c.id}
                      </Link>
                    </td>
                    <td>
                      <Link to={`/customers/${c.customer_id}`}>{names.get(c.customer_id) ?? `Customer #${c.customer_id}`}</Link>
                    </td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="nowrap">{formatDate(c.start_date)}</td>
                    <td>{c.term_months} months</td>
                    <td>{c.auto_renew ? 'Automatically' : 'No'}</td>
                    <td className="num">{formatCents(c.setup_fee_cents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {canWriteBilling(user.role) && <NewContractCard />}
    </>
  );
}

// `onTerminated` hands the outcome to the page: the card goes once the
// contract is no longer active.
function TerminateCard({
  contract,
  onTerminated,
}: {
  contract: ContractDetail;
  onTerminated: (r: { date: string; damages_cents: number }) => void;
}) {
  const terminate = useTerminateContract(contract.id);
  const [date, setDate] = useState(() => isoDate(new Date()));
  const [confirming, setConfirming] = useState(false);
  const estimate = contract.damages_months * contract.this_month.total_cents;

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await terminate.mutateAsync(date);
      setConfirming(false);
      onTerminated({ date, damages_cents: r.damages_cents });
    } catch {
      // BillingError shows it
    }
  }

  return (
    <Card title="Early termination" id="contract-terminate">
      {!confirming ? (
        <form
          className="filters"
          aria-label="Terminate contract"
          onSubmit={(e) => {
            e.preventDefault();
            if (/^\d{4}-\d{2}-\d{2}$/.test(date)) setConfirming(true);
          }}
        >
          <label>
            <span>Last day</span>
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
          </label>
          <button type="submit" className="btn">
            Terminate…
          </button>
          <p className="muted small full">
            Every line ends that day. Damages: {contract.damages_months} × the monthly recurring charge then in force.
          </p>
        </form>
      ) : (
        <form className="confirm-box" onSubmit={submit} aria-label="Confirm termination">
          <p>
            End contract #{contract.id} on <strong>{formatDate(date)}</strong>? The customer owes liquidated damages of about{' '}
            <strong data-damages-estimate={estimate}>{formatCents(estimate)}</strong> ({contract.damages_months} ×{' '}
            {formatCents(contract.this_month.total_cents)}), charged on the next invoice. This cannot be undone.
          </p>
          <div className="row-gap">
            <button type="submit" className="btn small danger" disabled={terminate.isPending}>
              Terminate contract
            </button>
            <button type="button" className="btn small" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </form>
      )}
      <BillingError error={terminate.error} action="terminate the contract" />
    </Card>
  );
}

function ContractView({ id }: { id: number }) {
  const user = useUser();
  const writer = canWriteBilling(user.role);
  const contract = useContract(id);
  const c = contract.data;
  const customer = useCustomer(c?.customer_id ?? 0, { enabled: !!c });
  const plans = usePlans();
  const cis = useCis({ customer_id: c?.customer_id }, { enabled: !!c });
  const invoices = useInvoices(c?.customer_id, { enabled: !!c });
  const [ended, setEnded] = useState<{ date: string; damages_cents: number } | null>(null);
  if (contract.isLoading) return <Loading />;
  if (contract.error || !c) return <ErrorBox error={contract.error} />;
  const planName = new Map((plans.data ?? []).map((p) => [p.id, p.name]));
  const ciName = new Map((cis.data?.cis ?? []).map((x) => [x.id, x.name]));
  const charge = new Map(c.this_month.lines.map((l) => [l.line_id, l]));
  const own = (invoices.data ?? []).filter((i) => i.contract_id === c.id);
  return (
    <>
      <PageHeader
        title={`Contract #${c.id}`}
        subtitle={
          <>
            <StatusBadge status={c.status} /> ·{' '}
            <Link to={`/customers/${c.customer_id}`}>{customer.data?.name ?? `Customer #${c.customer_id}`}</Link> · {c.term_months}{' '}
            months from {formatDate(c.start_date)}
          </>
        }
      />
      <div className="grid-3">
        <Card title="Term" id="contract-term">
          <dl className="kv-list">
            <Field label="Current term">
              #{c.term.number}: {formatDate(c.term.start)} – {formatDate(c.term.end)}
            </Field>
            <Field label="Notice by">{formatDate(c.term.notice_by)}</Field>
            <Field label="Renews">
              {c.renewed_by != null
                ? `Renewed from ${formatDate(c.ends_on)}`
                : c.ends_on
                  ? `Ends ${formatDate(c.ends_on)}`
                  : formatDate(c.term.renews_on)}
            </Field>
            {c.terminated_on && <Field label="Terminated">{formatDate(c.terminated_on)}</Field>}
            {c.damages_cents != null && <Field label="Damages">{formatCents(c.damages_cents)}</Field>}
          </dl>
        </Card>
        <Card title="Terms" id="contract-terms">
          <dl className="kv-list">
            <Field label="Setup fee">{formatCents(c.setup_fee_cents)}</Field>
            <Field label="Payment">{c.payment_days ? `${c.payment_days} days after issue` : 'Due on issue'}</Field>
            <Field label="Notice">{c.notice_days} days</Field>
            <Field label="Damages">{c.damages_months} months' fees</Field>
          </dl>
        </Card>
        <Card title="This month" id="contract-month">
          <dl className="kv-list">
            <Field label="Recurring charge">
              <strong data-contract="monthly">{formatCents(c.this_month.total_cents)}</strong>
            </Field>
            <Field label="Servers">{c.this_month.servers}</Field>
            <Field label="Quantity discount">{(c.this_month.discount_bp / 100).toFixed(c.this_month.discount_bp % 100 ? 2 : 0)} %</Field>
          </dl>
        </Card>
      </div>
      <RenewalCard contract={c} canEdit={writer && !ended} plans={plans.data ?? []} />
      <SlaTermsCard contract={c} canEdit={writer} />
      <Card title={`Lines (${c.lines.length})`} id="contract-lines">
        {c.lines.length === 0 ? (
          <Empty>No lines: nothing is charged.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Contract lines">
              <thead>
                <tr>
                  <th scope="col">Plan</th>
                  <th scope="col">Covers</th>
                  <th scope="col">From</th>
                  <th scope="col">Until</th>
                  <th scope="col" className="num">
                    Units
                  </th>
                  <th scope="col" className="num">
                    This month
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.lines.map((l) => {
                  const ch = charge.get(l.id);
                  return (
                    <tr key={l.id} data-line-id={l.id}>
                      <td>
                        <strong>{planName.get(l.plan_id) ?? `Plan #${l.plan_id}`}</strong>
                      </td>
                      <td>
                        {l.devices.length > 0 ? (
                          <ul className="device-list">
                            {l.devices.map((d) => (
                              <li key={`${d.ci_id}-${d.from}`}>
                                <Link to={`/devices/${d.ci_id}`}>{ciName.get(d.ci_id) ?? `CI #${d.ci_id}`}</Link>
                                {d.to && <span className="muted small"> until {formatDate(d.to)}</span>}
                              </li>
                            ))}
                          </ul>
                        ) : l.quantity != null ? (
                          `${l.quantity} units`
                        ) : (
                          '—'
                        )}
                      </td>
                      <td className="nowrap">{formatDate(l.starts_on)}</td>
                      <td className="nowrap">{formatDate(l.ends_on)}</td>
                      <td className="num">{ch?.units ?? '—'}</td>
                      <td className="num">
                        {ch ? (
                          <>
                            {formatCents(ch.gross_cents - ch.discount_cents)}
                            {ch.discount_cents > 0 && (
                              <div className="muted small">
                                {formatCents(ch.gross_cents)} less {formatCents(ch.discount_cents)}
                              </div>
                            )}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {ended && (
        <p className="notice" role="status">
          Terminated on {formatDate(ended.date)}. Liquidated damages of {formatCents(ended.damages_cents)} go on the next
          invoice.
        </p>
      )}
      {writer && c.status === 'active' && <AddLineCard contract={c} />}
      <ReductionCard contract={c} canEdit={writer} planName={planName} ciName={ciName} />
      {writer && c.status === 'active' && !ended && <TerminateCard contract={c} onTerminated={setEnded} />}
      <Card title={`Invoices (${own.length})`} id="contract-invoices">
        {invoices.isLoading ? (
          <Loading />
        ) : invoices.error ? (
          <ErrorBox error={invoices.error} />
        ) : own.length === 0 ? (
          <Empty>No invoices yet.</Empty>
        ) : (
          <InvoiceTable invoices={own} label="Invoices of this contract" />
        )}
      </Card>
    </>
  );
}

export function ContractPage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such contract.')} />;
  return <ContractView key={n} id={n} />;
}

const UNITS = ['server', 'desktop', 'device', 'user', 'mailbox', 'site'];

export function PlanForm() {
  const create = useCreatePlan();
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('server');
  const [price, setPrice] = useState('');
  const [support, setSupport] = useState('0');
  const [flex, setFlex] = useState('0');
  const [emergency, setEmergency] = useState('');
  const [discountable, setDiscountable] = useState(false);
  const [covers, setCovers] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const priceCents = parseDollars(price);
    const emergencyCents = emergency.trim() ? parseDollars(emergency) : 0;
    const supportMin = Number(support);
    const flexMin = Number(flex);
    if (!name.trim()) return setInvalid('Name the plan.');
    if (priceCents === null || priceCents < 0) return setInvalid('Enter the monthly price in dollars.');
    if (emergencyCents === null || emergencyCents < 0) return setInvalid('Enter the emergency on-site rate in dollars, or leave it empty.');
    if (![supportMin, flexMin].every((m) => Number.isInteger(m) && m >= 0 && m % 15 === 0)) {
      return setInvalid('Support and flex minutes go in 15-minute steps.');
    }
    setInvalid(null);
    try {
      const plan = await create.mutateAsync({
        name: name.trim(),
        unit,
        price_cents: priceCents,
        included_support_minutes: supportMin,
        flex_minutes: flexMin,
        discountable,
        emergency_onsite_hourly_cents: emergencyCents,
        ...(covers.trim() ? { covers: covers.trim() } : {}),
      });
      setDone(`Added ${plan.name} at ${formatCents(plan.price_cents)} per ${plan.unit}.`);
      setName('');
      setPrice('');
      setCovers('');
    } catch {
      // BillingError shows it
    }
  }

  return (
    <form className="filters plan-form" onSubmit={submit} aria-label="New plan" noValidate>
      <label className="grow">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </label>
      <label>
        <span>Per</span>
        <select value={unit} onChange={(e) => setUnit(e.target.value)}>
          {UNITS.map((u) => (
            <option key={u} value={u}>
              {humanize(u)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Price a month ($)</span>
        <input inputMode="decimal" className="narrow-money" value={price} onChange={(e) => setPrice(e.target.value)} />
      </label>
      <label>
        <span>Support min</span>
        <input type="number" min={0} step={15} className="narrow" value={support} onChange={(e) => setSupport(e.target.value)} />
      </label>
      <label>
        <span>Flex min</span>
        <input type="number" min={0} step={15} className="narrow" value={flex} onChange={(e) => setFlex(e.target.value)} />
      </label>
      <label>
        <span>Emergency on-site $/h</span>
        <input inputMode="decimal" className="narrow-money" value={emergency} onChange={(e) => setEmergency(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={discountable} onChange={(e) => setDiscountable(e.target.checked)} />
        Quantity discount
      </label>
      <label className="grow full-row">
        <span>Covers</span>
        <input value={covers} onChange={(e) => setCovers(e.target.value)} maxLength={2000} />
      </label>
      <button className="btn primary" type="submit" disabled={create.isPending}>
        Add plan
      </button>
      {invalid && (
        <p className="field-error full" role="alert">
          {invalid}
        </p>
      )}
      <BillingError error={create.error} action="add the plan" />
      {done && !create.error && (
        <p className="notice full" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

function RateRow({ rate, canEdit }: { rate: Rate; canEdit: boolean }) {
  const save = useSaveRate();
  const [hourly, setHourly] = useState((rate.hourly_cents / 100).toFixed(2));
  const [draws, setDraws] = useState(rate.draws_included);
  const [state, setState] = useState<'idle' | 'invalid' | 'saved'>('idle');
  const label = workTypeLabel(rate.work_type);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const cents = parseDollars(hourly);
    if (cents === null || cents < 0) {
      setState('invalid');
      return;
    }
    try {
      await save.mutateAsync({ work_type: rate.work_type, hourly_cents: cents, draws_included: draws });
      setState('saved');
    } catch {
      setState('idle');
    }
  }

  return (
    <tr data-rate={rate.work_type}>
      <th scope="row">{label}</th>
      <td>
        {canEdit ? (
          <form className="rate-form" id={`rate-${rate.work_type}`} onSubmit={submit} noValidate>
            <label>
              <span className="sr-only">Hourly rate of {label} in dollars</span>
              <input
                inputMode="decimal"
                className="narrow-money"
                value={hourly}
                onChange={(e) => {
                  setHourly(e.target.value);
                  setState('idle');
                }}
                aria-invalid={state === 'invalid' || undefined}
              />
            </label>
          </form>
        ) : (
          formatCents(rate.hourly_cents)
        )}
      </td>
      <td>
        {canEdit ? (
          <label className="check">
            <input
              type="checkbox"
              form={`rate-${rate.work_type}`}
              aria-label={`${label} uses included hours`}
              checked={draws}
              onChange={(e) => {
                setDraws(e.target.checked);
                setState('idle');
              }}
            />
            <span>Uses included hours</span>
          </label>
        ) : draws ? (
          'Uses included hours'
        ) : (
          'Always billed'
        )}
      </td>
      {canEdit && (
        <td>
          <button
            type="submit"
            form={`rate-${rate.work_type}`}
            className="btn small"
            disabled={save.isPending}
            aria-label={`Save the rate of ${label}`}
          >
            Save
          </button>{' '}
          {state === 'saved' && !save.error && (
            <span className="muted small" role="status">
              Saved
            </span>
          )}
          {state === 'invalid' && (
            <span className="field-error" role="alert">
              Enter dollars
            </span>
          )}
          <BillingError error={save.error} action="save the rate" />
        </td>
      )}
    </tr>
  );
}

function RateCard({ canEdit }: { canEdit: boolean }) {
  const rates = useRates();
  return (
    <Card title="Rate card" id="rate-card" actions={<span className="muted small">Hourly work beyond included hours</span>}>
      {rates.isLoading ? (
        <Loading />
      ) : rates.error ? (
        isMissingRoute(rates.error) ? (
          <NotAvailable>The rate card is not available on this server yet.</NotAvailable>
        ) : (
          <ErrorBox error={rates.error} />
        )
      ) : (rates.data ?? []).length === 0 ? (
        <Empty>No rates.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Rate card">
            <thead>
              <tr>
                <th scope="col">Work type</th>
                <th scope="col">Per hour</th>
                <th scope="col">Included hours</th>
                {canEdit && <th scope="col">Save</th>}
              </tr>
            </thead>
            <tbody>
              {rates.data!.map((r) => (
                <RateRow key={r.work_type} rate={r} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function PlansPage() {
  const user = useUser();
  const writer = canWriteBilling(user.role);
  const plans = usePlans();
  const list = plans.data ?? [];
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <>
      <PageHeader title="Plans and rates" subtitle="What a contract line charges, and the hourly rates of billable work" />
      <BillingTabs current="plans" />
      <Card title={`Plans (${list.length})`} id="plan-list">
        {plans.isLoading ? (
          <Loading />
        ) : plans.error ? (
          <ErrorBox error={plans.error} />
        ) : list.length === 0 ? (
          <Empty>No plans.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Plans">
              <thead>
                <tr>
                  <th scope="col">Plan</th>
                  <th scope="col">Per</th>
                  <th scope="col" className="num">
                    Price a month
                  </th>
                  <th scope="col">Support</th>
                  <th scope="col">Flex</th>
                  <th scope="col">Discount</th>
                  <th scope="col">Emergency on-site</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <Fragment key={p.id}>
                    <tr data-plan-id={p.id}>
                      <td>
                        <strong>{p.name}</strong>
                        {!p.active && <span className="badge tone-neutral inline-badge">Retired</span>}
                        {p.covers && <div className="muted small plan-covers">{p.covers}</div>}
                        {writer && editing !== p.id && (
                          <button type="button" className="btn small" onClick={() => setEditing(p.id)} aria-label={`Edit ${p.name}`}>
                            Edit
                          </button>
                        )}
                      </td>
                      <td>{humanize(p.unit)}</td>
                      <td className="num">
                        {formatCents(p.price_cents)}
                        {p.tiers.length > 0 && (
                          <div className="muted small">
                            {p.tiers.map((t) => `≤${t.max_units}: ${formatCents(t.unit_cents)}`).join(' · ')}
                          </div>
                        )}
                      </td>
                      <td>{p.included_support_minutes ? formatHours(p.included_support_minutes) : '—'}</td>
                      <td>{p.flex_minutes ? formatHours(p.flex_minutes) : '—'}</td>
                      <td>{p.discountable ? 'Yes' : 'No'}</td>
                      <td>
                        {p.emergency_onsite_hourly_cents
                          ? `${formatCents(p.emergency_onsite_hourly_cents)}/h`
                          : p.unit === 'server'
                            ? 'Included'
                            : '—'}
                      </td>
                    </tr>
                    {editing === p.id && (
                      <tr className="plan-edit-row">
                        <td colSpan={7}>
                          <PlanEditor plan={p} onDone={() => setEditing(null)} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {writer && (
        <Card title="New plan" id="plan-new">
          <PlanForm />
        </Card>
      )}
      <RateCard canEdit={writer} />
    </>
  );
}
