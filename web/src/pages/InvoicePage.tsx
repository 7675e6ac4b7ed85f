// One invoice for staff: its lines and totals, what has been paid, the
// balance and the late fee accrued so far, the payments, and the actions its
// status allows — issue a draft, record a payment, void an issued invoice
// nobody has paid towards (a credit note reverses it), the PDF, and the mail
// that carried it to the customer (sent again on request, to any address).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  useEmailInvoice,
  useInvoice,
  useInvoiceEmails,
  useIssueInvoice,
  useRecordPayment,
  useVoidInvoice,
} from '../api/billing';
import type { InvoiceDetail } from '../api/billing';
import { useCustomer } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { canWriteBilling, sectionsFor } from '../auth/roles';
import { BillingError, InvoiceLines, InvoiceStatusBadge, invoiceRef } from '../components/BillingBits';
import { Card, Empty, ErrorBox, Field, Loading, PageHeader } from '../components/ui';
import { balanceCents, canIssue, canPay, canVoid, isoDate } from '../lib/billing';
import { formatCents, formatDate, formatDateTime, formatMonth, parseDollars } from '../lib/format';

// `onRecorded` reports to the page, which keeps the note when the form goes
// away (an invoice paid in full takes no more payments).
export function PaymentForm({ invoice, onRecorded }: { invoice: InvoiceDetail; onRecorded: (msg: string | null) => void }) {
  const pay = useRecordPayment(invoice.id);
  const balance = balanceCents(invoice);
  const [amount, setAmount] = useState(() => (balance / 100).toFixed(2));
  const [date, setDate] = useState(() => isoDate(new Date()));
  const [invalid, setInvalid] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    onRecorded(null);
    const cents = parseDollars(amount);
    if (cents === null || cents <= 0) {
      setInvalid('Enter an amount in dollars, such as 1,250.00.');
      return;
    }
    if (cents > balance) {
      setInvalid(`That is more than the balance of ${formatCents(balance)}.`);
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setInvalid('Choose the date the payment arrived.');
      return;
    }
    setInvalid(null);
    try {
      const after = await pay.mutateAsync({ amount_cents: cents, date });
      const left = balanceCents(after);
      onRecorded(
        left > 0
          ? `Recorded ${formatCents(cents)}; ${formatCents(left)} still owed.`
          : `Recorded ${formatCents(cents)}: the invoice is paid.`,
      );
      setAmount((left / 100).toFixed(2));
    } catch {
      // BillingError shows it
    }
  }

  return (
    <form className="filters" onSubmit={submit} aria-label="Record payment" noValidate>
      <label>
        <span>Amount ($)</span>
        <input
          inputMode="decimal"
          className="narrow-money"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={invalid ? true : undefined}
          aria-describedby="payment-hint"
        />
      </label>
      <label>
        <span>Received on</span>
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <button className="btn primary" type="submit" disabled={pay.isPending}>
        Record payment
      </button>
      <p className={invalid ? 'field-error full' : 'muted small full'} id="payment-hint">
        {invalid ?? 'Partial payments are fine; the invoice is paid once payments reach its total.'}
      </p>
      <BillingError error={pay.error} action="record the payment" />
    </form>
  );
}

function VoidForm({ invoice }: { invoice: InvoiceDetail }) {
  const voider = useVoidInvoice(invoice.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      await voider.mutateAsync(reason.trim());
      setOpen(false);
    } catch {
      // BillingError shows it
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        Void…
      </button>
    );
  }
  return (
    <form className="confirm-box" onSubmit={submit} aria-label="Void invoice" noValidate>
      <p>
        Void {invoiceRef(invoice)}? A credit note of {formatCents(invoice.total_cents)} reverses every line. It cannot be
        undone.
      </p>
      <label className="field">
        <span>Reason (required)</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={2000}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'void-error' : undefined}
        />
      </label>
      {invalid && (
        <p className="field-error" id="void-error">
          Say why: the credit note carries the reason.
        </p>
      )}
      <div className="row-gap">
        <button type="submit" className="btn small danger" disabled={voider.isPending}>
          Void invoice
        </button>
        <button type="button" className="btn small" onClick={() => setOpen(false)}>
          Keep it
        </button>
      </div>
      <BillingError error={voider.error} action="void the invoice" />
    </form>
  );
}

const DELIVERY_LABEL: Record<string, string> = {
  pending: 'queued',
  sending: 'sending',
  sent: 'sent',
  failed: 'failed',
};

// The mail that carried the invoice, and "send again" (to the billing
// contact, or to the address typed in).
function InvoiceEmailCard({ invoice, writer }: { invoice: InvoiceDetail; writer: boolean }) {
  const emails = useInvoiceEmails(invoice.id);
  const send = useEmailInvoice(invoice.id);
  const [to, setTo] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const list = emails.data ?? [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSent(null);
    try {
      const r = await send.mutateAsync(to.trim());
      setSent(`Queued for ${r.to} with ${r.file_name}.`);
      setTo('');
    } catch {
      // BillingError shows it
    }
  }

  return (
    <Card title="E-mail" id="invoice-email">
      {emails.isLoading ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty>Not e-mailed yet.</Empty>
      ) : (
        <ul className="list compact" aria-label="Invoice e-mails">
          {list.map((m) => (
            <li key={m.id} data-email-status={m.status}>
              <strong>{m.to}</strong> · {DELIVERY_LABEL[m.status] ?? m.status}{' '}
              {m.sent_at ? formatDateTime(m.sent_at) : formatDateTime(m.created_at)}
              {m.status === 'failed' && m.last_error && <div className="field-error small">{m.last_error}</div>}
            </li>
          ))}
        </ul>
      )}
      {writer && invoice.status !== 'draft' && invoice.status !== 'void' && (
        <form className="filters" onSubmit={submit} aria-label="E-mail invoice" noValidate>
          <label>
            <span>To (empty: the billing contact)</span>
            <input type="email" value={to} onChange={(e) => setTo(e.target.value)} placeholder="billing contact" />
          </label>
          <button className="btn" type="submit" disabled={send.isPending}>
            Send PDF
          </button>
          <BillingError error={send.error} action="send the invoice" />
        </form>
      )}
      {sent && (
        <p className="notice" role="status">
          {sent}
        </p>
      )}
    </Card>
  );
}

function InvoiceView({ id }: { id: number }) {
  const user = useUser();
  const writer = canWriteBilling(user.role);
  const invoice = useInvoice(id);
  const inv = invoice.data;
  const customer = useCustomer(inv?.customer_id ?? 0, { enabled: !!inv });
  const issue = useIssueInvoice();
  const [recorded, setRecorded] = useState<string | null>(null);
  if (invoice.isLoading) return <Loading />;
  if (invoice.error || !inv) return <ErrorBox error={invoice.error} />;
  const balance = balanceCents(inv);
  return (
    <>
      <PageHeader
        title={`${invoiceRef(inv)} · ${formatMonth(inv.month)}`}
        subtitle={
          <>
            <InvoiceStatusBadge status={inv.status} /> ·{' '}
            <Link to={`/customers/${inv.customer_id}`}>{customer.data?.name ?? `Customer #${inv.customer_id}`}</Link> ·{' '}
            <Link to={`/billing/contracts/${inv.contract_id}`}>contract #{inv.contract_id}</Link>
          </>
        }
        actions={
          <>
            {inv.status !== 'draft' && (
              <a className="btn" href={`/api/v1/invoices/${inv.id}/pdf`}>
                PDF
              </a>
            )}
            {sectionsFor(user.role).includes('billing') && (
              <Link className="btn ghost" to="/billing">
                Billing desk
              </Link>
            )}
          </>
        }
      />
      {inv.status === 'draft' && (
        <p className="notice">A draft: the customer does not see it until it is issued, when it gets its number.</p>
      )}
      {inv.status === 'void' && (
        <p className="notice">
          Void{inv.credited_by?.number != null ? `: reversed by credit note no. ${inv.credited_by.number}` : ''}; it owes
          nothing and accrues no late fee.
        </p>
      )}
      <div className="ticket-layout">
        <div className="ticket-main">
          <Card title="Lines" id="invoice-lines">
            {inv.lines.length === 0 ? (
              <Empty>No lines.</Empty>
            ) : (
              <InvoiceLines lines={inv.lines} total={inv.total_cents} label="Invoice lines" />
            )}
          </Card>
          <Card title={`Payments (${inv.payments.length})`} id="invoice-payments">
            {inv.payments.length === 0 ? (
              <Empty>No payments yet.</Empty>
            ) : (
              <ul className="list compact payment-list">
                {inv.payments.map((p) => (
                  <li key={p.id} data-payment-id={p.id}>
                    <strong>{formatCents(p.amount_cents)}</strong> received {formatDate(p.date)}
                  </li>
                ))}
              </ul>
            )}
            {writer && canPay(inv) && <PaymentForm invoice={inv} onRecorded={setRecorded} />}
            {recorded && (
              <p className="notice" role="status">
                {recorded}
              </p>
            )}
          </Card>
        </div>
        <div className="ticket-side ticket-side-top">
          <Card title="Totals" id="invoice-totals">
            <dl className="kv-list">
              <Field label="Total">
                <strong data-money="total">{formatCents(inv.total_cents)}</strong>
              </Field>
              <Field label="Paid">
                <span data-money="paid">{formatCents(inv.paid_cents)}</span>
              </Field>
              <Field label="Balance">
                <strong data-money="balance" className={inv.status === 'overdue' ? 'amount-late' : undefined}>
                  {formatCents(balance)}
                </strong>
              </Field>
              {inv.accrued_late_fee_cents > 0 && (
                <Field label="Late fee accrued">
                  <span data-money="late-fee">{formatCents(inv.accrued_late_fee_cents)}</span>
                  <span className="muted small"> · charged on the next invoice</span>
                </Field>
              )}
              <Field label="Issued">{formatDate(inv.issue_date)}</Field>
              <Field label="Due">{formatDate(inv.due_date)}</Field>
            </dl>
          </Card>
          {inv.status !== 'draft' && <InvoiceEmailCard invoice={inv} writer={writer} />}
          {writer && (canIssue(inv) || canVoid(inv)) && (
            <Card title="Actions" id="invoice-actions">
              {canIssue(inv) && (
                <>
                  <p className="muted small">
                    Issuing gives it the next invoice number, today's date and its due date, and e-mails the PDF to
                    the customer's billing contact.
                  </p>
                  <button
                    type="button"
                    className="btn primary"
                    disabled={issue.isPending}
                    onClick={() => issue.mutate(inv.id)}
                  >
                    Issue invoice
                  </button>
                  <BillingError error={issue.error} action="issue the invoice" />
                </>
              )}
              {canVoid(inv) && <VoidForm invoice={inv} />}
            </Card>
          )}
        </div>
      </div>
    </>
  );
}

export function InvoicePage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such invoice.')} />;
  return <InvoiceView key={n} id={n} />;
}
