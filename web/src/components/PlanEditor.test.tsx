import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../test-utils';
import type { Plan } from '../api/billing';
import { PlanEditor, planPatch } from './PlanEditor';

function wrap(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
}

const BRONZE: Plan = {
  id: 1,
  name: 'Bronze',
  unit: 'server',
  price_cents: 50000,
  tiers: [],
  included_support_minutes: 60,
  flex_minutes: 60,
  discountable: true,
  emergency_onsite_hourly_cents: 18500,
  covers: 'Servers',
  active: true,
};

afterEach(() => vi.unstubAllGlobals());

describe('PlanEditor', () => {
  it('sends only what changed, and refuses bad money or hours', () => {
    const same = { price: '500.00', support: '1', flex: '1', covers: 'Servers', discountable: true };
    expect(planPatch(BRONZE, same)).toEqual({ patch: {} });
    expect(planPatch(BRONZE, { ...same, price: '550', support: '1.5' })).toEqual({
      patch: { price_cents: 55000, included_support_minutes: 90 },
    });
    expect(planPatch(BRONZE, { ...same, discountable: false })).toEqual({ patch: { discountable: false } });
    expect(planPatch(BRONZE, { ...same, price: '-1' })).toHaveProperty('error');
    expect(planPatch(BRONZE, { ...same, flex: '0.1' })).toHaveProperty('error');
  });

  it('saves a new price and retires the plan', async () => {
    const calls = fakeApi({ 'PATCH /api/v1/plans/1': () => json({ ...BRONZE, price_cents: 55000 }) });
    const done = vi.fn();
    render(wrap(<PlanEditor plan={BRONZE} onDone={done} />));
    fireEvent.change(screen.getByLabelText('Price a month ($)'), { target: { value: '550.00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    await waitFor(() => expect(done).toHaveBeenCalledTimes(1));
    expect(calls[0].body).toEqual({ price_cents: 55000 });
    fireEvent.click(screen.getByRole('button', { name: 'Retire plan' }));
    await waitFor(() => expect(done).toHaveBeenCalledTimes(2));
    expect(calls[1].body).toEqual({ active: false });
  });

  it("shows the server's refusal", async () => {
    fakeApi({
      'PATCH /api/v1/plans/1': () =>
        json({ error: { code: 'conflict', message: 'a plan with this name exists', field: 'name' } }, 409),
    });
    render(wrap(<PlanEditor plan={BRONZE} onDone={() => {}} />));
    fireEvent.change(screen.getByLabelText('Covers'), { target: { value: 'Servers, 24x7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('a plan with this name exists');
  });
});
