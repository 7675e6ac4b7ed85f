import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../test-utils';
import { ContractCard, HoursCard } from './BillingCards';
import { TimeCard } from './TicketCards';

function wrap(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return (
    <QueryClientProvider client={qc}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{children}</MemoryRouter>
    </QueryClientProvider>
  );
}

const HOURS = {
  customer_id: 4,
  month: '2026-12',
  included_minutes: 240,
  covered_minutes: 240,
  included_left_minutes: 0,
  billable_minutes: 90,
  flex_year: 2026,
  flex_balance_minutes: 480,
  flex_expires_at: '2026-12-31',
  flex_ledger: [
    { id: 1, kind: 'earn', minutes: 480, earned_month: '2026-11', ticket_id: null, note: null, created_at: '2026-12-01T00:00:00Z' },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('HoursCard', () => {
  it('shows included time left, billable time, the flex balance and its expiry', async () => {
    fakeApi({ 'GET /api/v1/customers/4/hours': () => json(HOURS) });
    render(wrap(<HoursCard customerId={4} />));
    const card = await screen.findByRole('region', { name: 'Support hours' });
    await within(card).findByText('December 2026');
    expect(card.querySelector('[data-hours="included-left"]')?.textContent).toBe('0 h');
    expect(card.querySelector('[data-hours="billable"]')?.textContent).toBe('1 h 30 min');
    expect(card.querySelector('[data-hours="flex"]')?.textContent).toBe('8 h');
    expect(within(card).getByText(/expires 31 Dec 2026/)).toBeTruthy();
    expect(within(card).getByText(/earned November 2026/)).toBeTruthy();
    expect(within(card).queryByRole('form', { name: 'Draw flex hours' })).toBeNull();
  });

  it('draws flex time only in 4-hour blocks within the balance, for the ticket', async () => {
    const calls = fakeApi({
      'GET /api/v1/customers/4/hours': () => json(HOURS),
      'POST /api/v1/customers/4/flex/draws': () => json({ ...HOURS, flex_balance_minutes: 240 }, 201),
    });
    render(wrap(<HoursCard customerId={4} ticketId={12} canDraw compact />));
    fireEvent.click(await screen.findByRole('button', { name: 'Draw flex hours…' }));
    const form = await screen.findByRole('form', { name: 'Draw flex hours' });
    const hours = within(form).getByLabelText('Flex hours');
    fireEvent.change(hours, { target: { value: '3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Draw flex' }));
    expect(within(form).getByText(/Draw 4, 8, 12 … hours, at most the balance of 8 h/)).toBeTruthy();
    fireEvent.change(hours, { target: { value: '12' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Draw flex' }));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(hours, { target: { value: '4' } });
    fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'Server move' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Draw flex' }));
    expect(await screen.findByText('Drew 4 h of flex time; 4 h left.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')).toEqual({
      url: '/api/v1/customers/4/flex/draws',
      method: 'POST',
      body: { minutes: 240, ticket_id: 12, note: 'Server move' },
    });
  });

  it('says quietly that hours are not available when the server lacks the route', async () => {
    fakeApi({});
    render(wrap(<HoursCard customerId={4} />));
    expect(await screen.findByText('Hours are not available on this server yet.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('ContractCard', () => {
  it("shows the active contract's term end, notice date and monthly charge", async () => {
    fakeApi({
      'GET /api/v1/contracts': () =>
        json({
          contracts: [
            { id: 3, customer_id: 4, status: 'terminated', start_date: '2023-01-01', term_months: 12 },
            { id: 8, customer_id: 4, status: 'active', start_date: '2026-06-01', term_months: 36, auto_renew: true },
          ],
        }),
      'GET /api/v1/contracts/8': () =>
        json({
          id: 8,
          customer_id: 4,
          status: 'active',
          start_date: '2026-06-01',
          term_months: 36,
          auto_renew: true,
          term: { number: 1, start: '2026-06-01', end: '2029-05-31', notice_by: '2029-03-02', renews_on: '2029-06-01' },
          this_month: { servers: 3, discount_bp: 400, lines: [], total_cents: 252000 },
          lines: [],
        }),
    });
    render(wrap(<ContractCard customerId={4} />));
    const card = await screen.findByRole('region', { name: 'Contract' });
    await waitFor(() => expect(card.querySelector('[data-contract="monthly"]')?.textContent).toBe('$2,520.00'));
    expect(within(card).getByText('31 May 2029')).toBeTruthy();
    expect(card.querySelector('[data-contract="notice-by"]')?.textContent).toBe('2 Mar 2029');
    expect(within(card).getByRole('link', { name: 'Contract #8' }).getAttribute('href')).toBe('/billing/contracts/8');
  });

  it('says so when there is no active contract', async () => {
    fakeApi({ 'GET /api/v1/contracts': () => json({ contracts: [] }) });
    render(wrap(<ContractCard customerId={4} />));
    expect(await screen.findByText('No active contract.')).toBeTruthy();
  });
});

describe('logging time', () => {
  it('sends the work date (today by default) and offers emergency on-site work', async () => {
    const calls = fakeApi({
      'GET /api/v1/tickets/7/time': () => json({ entries: [], total_minutes: 0 }),
      'POST /api/v1/tickets/7/time': (b) =>
        json({ id: 1, ticket_id: 7, user_id: 3, ...(b as object), note: null, included_minutes: 30, invoiced_at: null, created_at: '', updated_at: '' }, 201),
    });
    render(wrap(<TimeCard ticketId={7} names={() => 'Tess'} canLog meId={3} />));
    const form = await screen.findByRole('form', { name: 'Log time' });
    const date = within(form).getByLabelText('Work date') as HTMLInputElement;
    const d = new Date();
    expect(date.value).toBe(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
    const type = within(form).getByLabelText('Work type');
    expect(within(type).getByRole('option', { name: 'Emergency on-site' })).toBeTruthy();
    fireEvent.change(type, { target: { value: 'emergency_onsite' } });
    fireEvent.change(date, { target: { value: '2026-12-01' } });
    fireEvent.change(within(form).getByLabelText('Minutes'), { target: { value: '60' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Log time' }));
    expect(await screen.findByText('Logged 60 min. 30 min from the included hours.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      minutes: 60,
      work_type: 'emergency_onsite',
      billable: true,
      work_date: '2026-12-01',
    });
  });
});
