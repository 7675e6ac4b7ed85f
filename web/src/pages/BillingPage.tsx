// The billing desk: the monthly run (the coming month by default), a
// preview of every draft with Issue and Issue all, the invoice list with
// status and customer filters, AR aging and the accounting export. Owners
// and billing admins write; account managers read.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useQueries } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { invoiceQuery, useAging, useBillingRun, useInvoices, useIssueInvoice } from '../api/billing';
import type { Invoice } from '../api/billing';
import { useCustomers } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { canReadLedger, canWriteBilling } from '../auth/roles';
import {
  BillingError,
  InvoiceLines,
  InvoiceStatusBadge,
  InvoiceTable,
  NotAvailable,
  invoiceRef,
  isMissingRoute,
} from '../components/BillingBits';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { INVOICE_STATUSES, exportHref, filterInvoices, isMonth, nextMonth, previousMonthRange } from '../lib/billing';
import type { ExportFormat } from '../lib/billing';
import { formatCents, formatDate, formatMonth, humanize } from '../lib/format';

export function BillingTabs({ current }: { current: 'desk' | 'contracts' | 'plans' }) {
  const tabs = [
    { id: 'desk', to: '/billing', label: 'Billing desk' },
    { id: 'contracts', to: '/billing/contracts', label: 'Contracts' },
    { id: 'plans', to: '/billing/plans', label: 'Plans and rates' },
  ];
  return (
    <nav className="tabs" aria-label="Billing">
      {tabs.map((t) => (
        <Link key={t.id} to={t.to} className={`tab ${t.id === current ? 'active' : ''}`} aria-current={t.id === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

function RunCard() {
  const run = useBillingRun();
  const [month, setMonth] = useState(() => nextMonth(new Date()));
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (!isMonth(month)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      const r = await run.mutateAsync(month);
      const n = r.invoice_ids.length;
      setDone(
        n
          ? `${n} draft invoice${n === 1 ? '' : 's'} for ${formatMonth(month)}: check them below, then issue.`
          : `Nothing new for ${formatMonth(month)}: every contract billing that month has its invoice.`,
      );
    } catch {
      // BillingError shows it
    }
  }

  return (
    <Card title="Billing run" id="billing-run">
      <form className="filters" onSubmit={submit} aria-label="Billing run" noValidate>
        <label>
          <span>Month</span>
          <input
            type="month"
            value={month}
            onChange={(e) => setMonth(e.target.value)}
            aria-invalid={invalid || undefined}
            aria-describedby="run-month-hint"
            pattern="\d{4}-\d{2}"
          />
        </label>
        <button className="btn primary" type="submit" disabled={run.isPending}>
          {run.isPending ? 'Running…' : 'Run billing'}
        </button>
        <p className={invalid ? 'field-error full' : 'muted small full'} id="run-month-hint">
          {invalid
            ? 'Choose a month (YYYY-MM).'
            : "Makes a draft per contract: the month's recurring charges, last month's billable time, credits, late fees. Running a month again adds nothing."}
        </p>
      </form>
      <BillingError error={run.error} action="run billing" />
      {done && !run.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}

function DraftsCard({
  drafts,
  customerName,
  canWrite,
}: {
  drafts: Invoice[];
  customerName: (id: number) => string;
  canWrite: boolean;
}) {
  const details = useQueries({ queries: drafts.map((d) => invoiceQuery(d.id)) });
  const issue = useIssueInvoice();
  const [busy, setBusy] = useState<number | 'all' | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function issueOne(inv: Invoice) {
    setDone(null);
    setBusy(inv.id);
    try {
      const issued = await issue.mutateAsync(inv.id);
      setDone(`Issued ${invoiceRef(issued)} to ${customerName(inv.customer_id)}.`);
    } catch {
      // BillingError shows it
    } finally {
      setBusy(null);
    }
  }

  // One after another, oldest first: numbers are gapless and in order.
  async function issueAll() {
    setDone(null);
    setBusy('all');
    let n = 0;
    try {
      for (const inv of [...drafts].sort((a, b) => a.id - b.id)) {
        await issue.mutateAsync(inv.id);
        n++;
      }
      setDone(`Issued all ${n} draft${n === 1 ? '' : 's'}.`);
    } catch {
      if (n) setDone(`Issued ${n} before the error below.`);
    } finally {
      setBusy(null);
    }
  }

  const total = drafts.reduce((s, d) => s + d.total_cents, 0);
  return (
    <Card
      title={`Drafts (${drafts.length})`}
      id="billing-drafts"
      actions={
        drafts.length > 0 ? (
          <>
            <span className="muted small">{formatCents(total)} in all</span>
            {canWrite && (
              <button type="button" className="btn primary small" disabled={busy !== null} onClick={() => void issueAll()}>
                {busy === 'all' ? 'Issuing…' : 'Issue all'}
              </button>
            )}
          </>
        ) : undefined
      }
    >
      {drafts.length === 0 ? (
        <Empty>No drafts waiting. Run billing for a month to make them.</Empty>
      ) : (
        <ul className="draft-list">
          {drafts.map((d, i) => {
            const detail = details[i];
            const name = customerName(d.customer_id);
            return (
              <li key={d.id} data-draft-id={d.id} className="draft">
                <div className="draft-head">
                  <div>
                    <Link className="cell-title" to={`/billing/invoices/${d.id}`}>
                      {name}
                    </Link>{' '}
                    <InvoiceStatusBadge status={d.status} />
                    <div className="muted small">
                      {formatMonth(d.month)} · {invoiceRef(d)} · contract #{d.contract_id}
                    </div>
                  </div>
                  <div className="draft-total">
                    <strong>{formatCents(d.total_cents)}</strong>
                    {canWrite && (
                      <button
                        type="button"
                        className="btn small"
                        disabled={busy !== null}
                        aria-label={`Issue the draft for ${name}`}
                        onClick={() => void issueOne(d)}
                      >
                        {busy === d.id ? 'Issuing…' : 'Issue'}
                      </button>
                    )}
                  </div>
                </div>
                {detail.isLoading ? (
                  <Loading />
                ) : detail.error || !detail.data ? (
                  <ErrorBox error={detail.error} />
                ) : (
                  <InvoiceLines lines={detail.data.lines} total={detail.data.total_cents} label={`Lines of the draft for ${name}`} />
                )}
              </li>
            );
          })}
        </ul>
      )}
      <BillingError error={issue.error} action="issue the invoice" />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}

function InvoiceListCard({
  invoices,
  customers,
  customerName,
}: {
  invoices: Invoice[];
  customers: Array<{ id: number; name: string }>;
  customerName: (id: number) => string;
}) {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const customerId = Number(params.get('customer') ?? '') || undefined;
  function set(key: string, value: string) {
    const p = new URLSearchParams(params);
    if (value) p.set(key, value);
    else p.delete(key);
    setParams(p, { replace: true });
  }
  const rows = filterInvoices(invoices, { status: status || undefined, customerId });
  return (
    <Card title={`Invoices (${rows.length})`} id="billing-invoices">
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Invoice filters">
        <label>
          <span>Status</span>
          <select value={status} onChange={(e) => set('status', e.target.value)}>
            <option value="">All</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Customer</span>
          <select value={customerId ?? ''} onChange={(e) => set('customer', e.target.value)}>
            <option value="">All customers</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      {rows.length === 0 ? (
        <Empty>{status || customerId ? 'No invoices match these filters.' : 'No invoices yet.'}</Empty>
      ) : (
        <InvoiceTable invoices={rows} customerName={customerName} label="Invoices" />
      )}
    </Card>
  );
}

const BUCKETS = [
  ['current_cents', 'Current'],
  ['days_1_30_cents', '1–30 days'],
  ['days_31_60_cents', '31–60 days'],
  ['days_61_90_cents', '61–90 days'],
  ['days_90_plus_cents', '90+ days'],
  ['total_cents', 'Total'],
] as const;

function AgingCard() {
  const aging = useAging();
  const a = aging.data;
  return (
    <Card
      title="Receivables aging"
      id="billing-aging"
      actions={a ? <span className="muted small">as of {formatDate(a.as_of)}</span> : undefined}
    >
      {aging.isLoading ? (
        <Loading />
      ) : aging.error ? (
        isMissingRoute(aging.error) ? (
          <NotAvailable>AR aging is not available on this server yet.</NotAvailable>
        ) : (
          <ErrorBox error={aging.error} />
        )
      ) : !a || a.customers.length === 0 ? (
        <Empty>Nothing is owed.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Receivables by days past due">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                {BUCKETS.map(([k, label]) => (
                  <th key={k} scope="col" className="num">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {a.customers.map((c) => (
                <tr key={c.customer_id} data-aging-customer={c.customer_id}>
                  <th scope="row">
                    <Link to={`/billing?customer=${c.customer_id}`}>{c.customer_name}</Link>
                  </th>
                  {BUCKETS.map(([k]) => (
                    <td key={k} className={`num ${k !== 'current_cents' && k !== 'total_cents' && c[k] > 0 ? 'amount-late' : ''}`}>
                      {c[k] ? formatCents(c[k]) : '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All customers</th>
                {BUCKETS.map(([k]) => (
                  <td key={k} className="num">
                    <strong>{formatCents(a.totals[k])}</strong>
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Card>
  );
}

const EXPORTS: Array<[ExportFormat, string]> = [
  ['xero', 'Xero CSV'],
  ['qbo', 'QuickBooks Online CSV'],
  ['journal', 'Journal CSV'],
];

function ExportCard() {
  const [range, setRange] = useState(() => previousMonthRange(new Date()));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to;
  return (
    <Card title="Accounting export" id="billing-export">
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Export period">
        <label>
          <span>From</span>
          <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          <span>To</span>
          <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <div className="row-gap export-links">
          {EXPORTS.map(([f, label]) =>
            valid ? (
              <a key={f} className="btn" href={exportHref(f, range.from, range.to)} download>
                {label}
              </a>
            ) : (
              <span key={f} className="btn" aria-disabled="true">
                {label}
              </span>
            ),
          )}
        </div>
        <p className={valid ? 'muted small full' : 'field-error full'}>
          {valid
            ? 'Invoices and credit notes issued in the period, for your accounting software.'
            : 'Choose a period whose start is not after its end.'}
        </p>
      </form>
    </Card>
  );
}

export function BillingPage() {
  const user = useUser();
  const writer = canWriteBilling(user.role);
  const ledger = canReadLedger(user.role);
  const invoices = useInvoices();
  const customers = useCustomers();
  const list = customers.data?.customers ?? [];
  const names = new Map(list.map((c) => [c.id, c.name]));
  const customerName = (id: number) => names.get(id) ?? `Customer #${id}`;
  const all = invoices.data ?? [];
  const drafts = all.filter((i) => i.status === 'draft');
  return (
    <>
      <PageHeader title="Billing" subtitle="The monthly run, invoices, receivables and the accounting export" />
      <BillingTabs current="desk" />
      {writer && <RunCard />}
      {invoices.isLoading ? (
        <Loading />
      ) : invoices.error ? (
        <ErrorBox error={invoices.error} />
      ) : (
        <>
          <DraftsCard drafts={drafts} customerName={customerName} canWrite={writer} />
          <InvoiceListCard invoices={all} customers={list} customerName={customerName} />
        </>
      )}
      {ledger && <AgingCard />}
      {ledger && <ExportCard />}
    </>
  );
}
