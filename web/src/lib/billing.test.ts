import { describe, expect, it } from 'vitest';
import {
  balanceCents,
  canIssue,
  canPay,
  canVoid,
  exportHref,
  filterInvoices,
  isFlexDraw,
  isMonth,
  isoDate,
  nextMonth,
  previousMonthRange,
  workTypeLabel,
} from './billing';

describe('billing months and dates', () => {
  it('runs the coming month, across the new year too', () => {
    expect(nextMonth(new Date(2026, 11, 6))).toBe('2027-01');
    expect(nextMonth(new Date(2026, 0, 31))).toBe('2026-02');
    expect(nextMonth(new Date(2026, 8, 1))).toBe('2026-10');
  });
  it('exports the previous calendar month by default', () => {
    expect(previousMonthRange(new Date(2026, 11, 6))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(previousMonthRange(new Date(2027, 0, 15))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousMonthRange(new Date(2028, 2, 1))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
  it('writes local calendar dates and checks months', () => {
    expect(isoDate(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05');
    expect(isMonth('2027-01')).toBe(true);
    expect(isMonth('2027-13')).toBe(false);
    expect(isMonth('2027-1')).toBe(false);
  });
});

describe('what an invoice allows', () => {
  const inv = (status: string, total = 10000, paid = 0) => ({ status, total_cents: total, paid_cents: paid });
  it('issues drafts only', () => {
    expect(canIssue(inv('draft'))).toBe(true);
    expect(canIssue(inv('issued'))).toBe(false);
  });
  it('takes payments on issued and overdue invoices that still owe', () => {
    expect(canPay(inv('issued'))).toBe(true);
    expect(canPay(inv('overdue', 10000, 4000))).toBe(true);
    expect(canPay(inv('draft'))).toBe(false);
    expect(canPay(inv('paid', 10000, 10000))).toBe(false);
    expect(canPay(inv('void'))).toBe(false);
  });
  it('voids only issued invoices nobody has paid towards', () => {
    expect(canVoid(inv('issued'))).toBe(true);
    expect(canVoid(inv('overdue'))).toBe(true);
    expect(canVoid(inv('overdue', 10000, 1))).toBe(false);
    expect(canVoid(inv('draft'))).toBe(false);
    expect(canVoid(inv('paid', 10000, 10000))).toBe(false);
  });
  it('owes the total less payments, and nothing once void', () => {
    expect(balanceCents(inv('issued', 10000, 2500))).toBe(7500);
    expect(balanceCents(inv('void', 10000, 0))).toBe(0);
  });
});

describe('invoice filters, exports and flex draws', () => {
  it('filters by status and customer', () => {
    const list = [
      { id: 1, status: 'draft', customer_id: 1 },
      { id: 2, status: 'paid', customer_id: 1 },
      { id: 3, status: 'draft', customer_id: 2 },
    ];
    expect(filterInvoices(list, { status: 'draft' }).map((i) => i.id)).toEqual([1, 3]);
    expect(filterInvoices(list, { customerId: 1 }).map((i) => i.id)).toEqual([1, 2]);
    expect(filterInvoices(list, { status: 'draft', customerId: 2 }).map((i) => i.id)).toEqual([3]);
    expect(filterInvoices(list, {}).length).toBe(3);
  });
  it('links the CSV export', () => {
    expect(exportHref('xero', '2026-11-01', '2026-11-30')).toBe(
      '/api/v1/billing/export?format=xero&from=2026-11-01&to=2026-11-30',
    );
  });
  it('draws flex time in 4-hour blocks only', () => {
    expect(isFlexDraw(240)).toBe(true);
    expect(isFlexDraw(480)).toBe(true);
    expect(isFlexDraw(120)).toBe(false);
    expect(isFlexDraw(0)).toBe(false);
  });
});

describe('work type labels', () => {
  it('names the emergency on-site type and humanizes the rest', () => {
    expect(workTypeLabel('emergency_onsite')).toBe('Emergency on-site');
    expect(workTypeLabel('after_hours')).toBe('After hours');
    expect(workTypeLabel('remote')).toBe('Remote');
  });
});
