// Pure rules of the billing screens: which month a run is for, which
// actions an invoice allows, the list filters, and the export addresses.
// Dates are calendar dates in the browser's time zone; `now` is a parameter
// so tests stay exact.

export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'overdue' | 'void';

export const INVOICE_STATUSES: InvoiceStatus[] = ['draft', 'issued', 'overdue', 'paid', 'void'];

export interface InvoiceMoney {
  status: string;
  total_cents: number;
  paid_cents: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

// "YYYY-MM-DD" of `now` in the local time zone.
export function isoDate(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// The month after `now`'s: invoices go out in advance for the coming month.
export function nextMonth(now: Date): string {
  const y = now.getFullYear();
  const m = now.getMonth() + 1; // 1–12
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

// The first and last day of the calendar month before `now`'s: the
// accounting export's usual period.
export function previousMonthRange(now: Date): { from: string; to: string } {
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const last = new Date(now.getFullYear(), now.getMonth(), 0);
  return { from: isoDate(first), to: isoDate(last) };
}

export function isMonth(text: string): boolean {
  const m = text.match(/^(\d{4})-(\d{2})$/);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function balanceCents(inv: InvoiceMoney): number {
  return inv.status === 'void' ? 0 : inv.total_cents - inv.paid_cents;
}

export function canIssue(inv: InvoiceMoney): boolean {
  return inv.status === 'draft';
}

// Payments go onto issued invoices that still owe something.
export function canPay(inv: InvoiceMoney): boolean {
  return (inv.status === 'issued' || inv.status === 'overdue') && balanceCents(inv) > 0;
}

// Only an issued invoice nobody has paid towards can be voided (a credit
// note reverses it); a part-paid one needs a refund first.
export function canVoid(inv: InvoiceMoney): boolean {
  return (inv.status === 'issued' || inv.status === 'overdue') && inv.paid_cents === 0;
}

export function invoiceTone(status: string): 'bad' | 'warn' | 'good' | 'neutral' {
  if (status === 'overdue') return 'bad';
  if (status === 'draft') return 'warn';
  if (status === 'paid') return 'good';
  return 'neutral';
}

export function filterInvoices<T extends { status: string; customer_id: number }>(
  list: T[],
  f: { status?: string; customerId?: number },
): T[] {
  return list.filter((i) => (!f.status || i.status === f.status) && (!f.customerId || i.customer_id === f.customerId));
}

export type ExportFormat = 'xero' | 'qbo' | 'journal';

export function exportHref(format: ExportFormat, from: string, to: string): string {
  const q = new URLSearchParams({ format, from, to });
  return `/api/v1/billing/export?${q.toString()}`;
}

const WORK_TYPE_LABELS: Record<string, string> = { emergency_onsite: 'Emergency on-site', on_site: 'On-site' };

// A time entry's work type as a label: "Emergency on-site", "After hours".
export function workTypeLabel(w: string): string {
  if (WORK_TYPE_LABELS[w]) return WORK_TYPE_LABELS[w];
  const s = w.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// A flex draw is whole blocks of 4 hours (240 minutes).
export const FLEX_BLOCK_MINUTES = 240;

export function isFlexDraw(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes > 0 && minutes % FLEX_BLOCK_MINUTES === 0;
}
