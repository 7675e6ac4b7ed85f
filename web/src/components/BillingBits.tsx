// Pieces every billing screen shares: the invoice status badge, the invoice
// table, an invoice's lines, the "could not …" line for a billing write, and
// the quiet note for a billing route this server does not have yet.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { Invoice, InvoiceLine } from '../api/billing';
import { balanceCents, invoiceTone } from '../lib/billing';
import { formatCents, formatDate, formatMonth, humanize } from '../lib/format';

export function InvoiceStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge tone-${invoiceTone(status)}`} data-invoice-status={status}>
      {humanize(status)}
    </span>
  );
}

// "INV-000042" once issued; a draft has no number yet.
export function invoiceRef(inv: Pick<Invoice, 'id' | 'number'>): string {
  return inv.number != null ? `INV-${String(inv.number).padStart(6, '0')}` : `Draft #${inv.id}`;
}

// A route this server lacks (a 404 on a list or a report) is not an error
// to show loudly: the feature simply is not there yet.
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

export function NotAvailable({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

// "Could not …: message (field)", for a billing write.
export function BillingError({ error, action }: { error: unknown; action: string }) {
  if (error == null) return null;
  let text = 'Something went wrong.';
  if (error instanceof ApiError) {
    const field = error.field ? ` (${humanize(error.field)})` : '';
    text = error.status === 404 ? 'it is gone, or you no longer have access to it.' : `${error.message}${field}`;
  } else if (error instanceof Error) {
    text = error.message;
  }
  return (
    <p className="form-error" role="alert">
      Could not {action}: {text}
    </p>
  );
}

export function InvoiceTable({
  invoices,
  customerName,
  basePath = '/billing',
  pdf = false,
  label,
}: {
  invoices: Invoice[];
  customerName?: (id: number) => string | undefined;
  // The portal has no invoice page: its rows link the PDF instead.
  basePath?: string | null;
  pdf?: boolean;
  label?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            {customerName && <th scope="col">Customer</th>}
            <th scope="col">Month</th>
            <th scope="col">Status</th>
            <th scope="col">Issued</th>
            <th scope="col">Due</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Balance
            </th>
            {pdf && <th scope="col">PDF</th>}
          </tr>
        </thead>
        <tbody>
          {invoices.map((inv) => (
            <tr key={inv.id} data-invoice-id={inv.id}>
              <td className="nowrap">
                {basePath != null ? (
                  <Link className="cell-title" to={`${basePath}/invoices/${inv.id}`}>
                    {invoiceRef(inv)}
                  </Link>
                ) : (
                  <strong>{invoiceRef(inv)}</strong>
                )}
              </td>
              {customerName && <td>{customerName(inv.customer_id) ?? `Customer #${inv.customer_id}`}</td>}
              <td className="nowrap">{formatMonth(inv.month)}</td>
              <td>
                <InvoiceStatusBadge status={inv.status} />
              </td>
              <td className="nowrap">{formatDate(inv.issue_date)}</td>
              <td className="nowrap">{formatDate(inv.due_date)}</td>
              <td className="num">{formatCents(inv.total_cents)}</td>
              <td className="num">{formatCents(balanceCents(inv))}</td>
              {pdf && (
                <td>
                  {inv.status !== 'draft' ? (
                    <a href={`/api/v1/invoices/${inv.id}/pdf`} aria-label={`PDF of ${invoiceRef(inv)}`}>
                      PDF
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InvoiceLines({ lines, total, label }: { lines: InvoiceLine[]; total: number; label: string }) {
  return (
    <div className="table-wrap">
      <table className="table invoice-lines" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Unit
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <td>{l.description}</td>
              <td>{humanize(l.kind)}</td>
              <td className="num">{l.quantity}</td>
              <td className="num">{formatCents(l.unit_cents)}</td>
              <td className="num">{formatCents(l.amount_cents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              Total
            </th>
            <td className="num">
              <strong>{formatCents(total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
