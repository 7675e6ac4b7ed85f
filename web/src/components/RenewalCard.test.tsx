import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../test-utils';
import type { ContractDetail, Plan } from '../api/billing';
import { RenewalCard } from './RenewalCard';

function wrap(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return (
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={['/billing/contracts/7']} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path="/billing/contracts/7" element={children} />
          <Route path="/billing/contracts/:id" element={<p>moved to the renewal</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>
  );
}

function plan(id: number, name: string, unit: string, active = true): Plan {
  return {
    id,
    name,
    unit,
    price_cents: 50000,
    tiers: [],
    included_support_minutes: 0,
    flex_minutes: 0,
    discountable: true,
    emergency_onsite_hourly_cents: 0,
    covers: '',
    active,
  };
}

const PLANS = [plan(1, 'Bronze', 'server'), plan(2, 'Silver', 'server'), plan(3, 'Per user', 'user')];

const CONTRACT: ContractDetail = {
  id: 7,
  customer_id: 4,
  start_date: '2026-12-01',
  term_months: 12,
  setup_fee_cents: 100000,
  payment_days: 14,
  damages_months: 2,
  notice_days: 90,
  auto_renew: true,
  status: 'active',
  ends_on: null,
  renews_contract_id: null,
  renewed_by: null,
  terminated_on: null,
  damages_cents: null,
  sla: null,
  lines: [
    {
      id: 11,
      plan_id: 1,
      quantity: null,
      devices: [
        { ci_id: 101, from: '2026-12-01', to: null },
        { ci_id: 102, from: '2026-12-01', to: null },
      ],
      starts_on: '2026-12-01',
      ends_on: null,
    },
    { id: 12, plan_id: 3, quantity: 25, devices: [], starts_on: '2026-12-01', ends_on: null },
  ],
  reductions: [],
  term: { number: 1, start: '2026-12-01', end: '2027-11-30', notice_by: '2027-09-01', renews_on: '2027-12-01' },
  this_month: { servers: 2, discount_bp: 400, lines: [], total_cents: 96000 },
};

afterEach(() => vi.unstubAllGlobals());

describe('RenewalCard', () => {
  it('says when the contract renews and whether notice would be in time', () => {
    fakeApi({});
    render(wrap(<RenewalCard contract={CONTRACT} canEdit plans={PLANS} />));
    const card = screen.getByRole('region', { name: 'Renewal' });
    expect(card.querySelector('[data-renewal="renews"]')?.textContent).toMatch(/1 Dec 2027 for 12 months/);
    const form = within(card).getByRole('form', { name: 'Give notice' });
    const date = form.querySelector('input[type="date"]') as HTMLInputElement;
    fireEvent.change(date, { target: { value: '2027-09-01' } });
    expect(form.querySelector('[data-notice]')?.getAttribute('data-notice')).toBe('in-time');
    fireEvent.change(date, { target: { value: '2027-09-02' } });
    expect(form.querySelector('[data-notice]')?.getAttribute('data-notice')).toBe('late');
  });

  it('renews with the changed terms and lines only, then moves to the renewal', async () => {
    const calls = fakeApi({
      'POST /api/v1/contracts/7/renew': () => json({ ...CONTRACT, id: 9, renews_contract_id: 7 }, 201),
    });
    render(wrap(<RenewalCard contract={CONTRACT} canEdit plans={PLANS} />));
    fireEvent.click(screen.getByRole('button', { name: 'Renew with changed terms…' }));
    const form = screen.getByRole('form', { name: 'Renew contract' });
    expect(within(form).getByText(/1 Dec 2027/)).toBeTruthy();
    // A server line offers only server plans.
    const planSelect = within(form).getByLabelText('Plan for line 11') as HTMLSelectElement;
    expect(Array.from(planSelect.options).map((o) => o.textContent)).toEqual(['Bronze', 'Silver']);
    fireEvent.change(within(form).getByLabelText('Renewal term'), { target: { value: '24' } });
    fireEvent.change(planSelect, { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Quantity for line 12'), { target: { value: '30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Sign the renewal' }));
    await screen.findByText('moved to the renewal');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      term_months: 24,
      payment_days: 14,
      damages_months: 2,
      auto_renew: true,
      lines: [
        { line_id: 11, plan_id: 2 },
        { line_id: 12, quantity: 30 },
      ],
    });
  });

  it('refuses a bad quantity before sending anything', () => {
    const calls = fakeApi({});
    render(wrap(<RenewalCard contract={CONTRACT} canEdit plans={PLANS} />));
    fireEvent.click(screen.getByRole('button', { name: 'Renew with changed terms…' }));
    const form = screen.getByRole('form', { name: 'Renew contract' });
    fireEvent.change(within(form).getByLabelText('Quantity for line 12'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Sign the renewal' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/Line #12/);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows the renewal of a renewed contract and offers no actions', () => {
    fakeApi({});
    const renewed = { ...CONTRACT, ends_on: '2027-12-01', auto_renew: false, renewed_by: 9 };
    render(wrap(<RenewalCard contract={renewed} canEdit plans={PLANS} />));
    const card = screen.getByRole('region', { name: 'Renewal' });
    expect(within(card).getByRole('link', { name: 'contract #9' }).getAttribute('href')).toBe('/billing/contracts/9');
    expect(within(card).queryByRole('button')).toBeNull();
  });

  it('withdraws a notice', async () => {
    const calls = fakeApi({
      'DELETE /api/v1/contracts/7/notice': () => json({ ...CONTRACT }),
    });
    const ending = { ...CONTRACT, ends_on: '2027-12-01', auto_renew: false };
    render(wrap(<RenewalCard contract={ending} canEdit plans={PLANS} />));
    expect(screen.getByRole('region', { name: 'Renewal' }).querySelector('[data-renewal="ending"]')?.textContent).toMatch(
      /ends on 1 Dec 2027/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw notice' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });
});
