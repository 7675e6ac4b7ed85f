import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../test-utils';
import type { DeviceWindows } from '../api/patching';
import { CustomerWindowsCard, DeviceWindowsCard } from './ChangeWindowsCard';

function wrap(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
}

const SATURDAY = {
  id: 5,
  customer_id: 3,
  level: 'customer' as const,
  target_id: 3,
  name: 'Saturday night',
  rrule: 'FREQ=WEEKLY;BYDAY=SA',
  start: '2026-11-28T22:00',
  duration_minutes: 240,
  created_by: 1,
  created_at: '2026-11-23T09:00:00Z',
};

afterEach(() => vi.unstubAllGlobals());

describe('ChangeWindowsCard', () => {
  it("shows a device's open window in the customer's zone and where it comes from", async () => {
    const open: DeviceWindows = {
      level: 'customer',
      time_zone: 'America/New_York',
      in_window: true,
      next: { window_id: 5, start: '2026-11-29T03:00:00Z', end: '2026-11-29T07:00:00Z' },
      windows: [SATURDAY],
    };
    fakeApi({ 'GET /api/v1/devices/9/change-windows': () => json(open) });
    render(wrap(<DeviceWindowsCard deviceId={9} customerId={3} canEdit={false} />));
    expect(await screen.findByText('Open now')).toBeTruthy();
    expect(screen.getByText(/until Sun, Nov 29,? 02:00 EST/)).toBeTruthy();
    expect(screen.getByText(/From the customer's windows, in America\/New_York/)).toBeTruthy();
    expect(screen.getByText('Every Saturday at 22:00 for 4 h')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New change window' })).toBeNull();
  });

  it('says changes are free when no window applies', async () => {
    fakeApi({
      'GET /api/v1/devices/9/change-windows': () =>
        json({ level: null, time_zone: 'UTC', in_window: false, next: null, windows: [] }),
    });
    render(wrap(<DeviceWindowsCard deviceId={9} customerId={3} canEdit={false} />));
    expect(await screen.findByText('No change window: changes are not restricted.')).toBeTruthy();
  });

  it('adds a Patch Tuesday window for the customer and removes one after confirming', async () => {
    const calls = fakeApi({
      'GET /api/v1/customers/3/change-windows': () => json({ time_zone: 'UTC', windows: [SATURDAY] }),
      'POST /api/v1/change-windows': () => json({ ...SATURDAY, id: 6 }, 201),
      'DELETE /api/v1/change-windows/5': () => new Response(null, { status: 204 }),
    });
    render(wrap(<CustomerWindowsCard customerId={3} canEdit />));
    await screen.findByText('Saturday night');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Patch Tuesday' } });
    fireEvent.change(screen.getByLabelText('Repeats'), { target: { value: 'monthly_weekday' } });
    fireEvent.change(screen.getByLabelText('First, from (local time)'), { target: { value: '2026-12-01T20:00' } });
    fireEvent.change(screen.getByLabelText('For'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add window' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      customer_id: 3,
      name: 'Patch Tuesday',
      rrule: 'FREQ=MONTHLY;BYDAY=2TU',
      start: '2026-12-01T20:00',
      duration_minutes: 180,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove…' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });

  it('refuses a weekly window without a day before asking the server', async () => {
    const calls = fakeApi({ 'GET /api/v1/customers/3/change-windows': () => json({ time_zone: 'UTC', windows: [] }) });
    render(wrap(<CustomerWindowsCard customerId={3} canEdit />));
    await screen.findByText('No change window: changes are not restricted.');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'x' } });
    fireEvent.click(screen.getByLabelText('Sat'));
    fireEvent.click(screen.getByRole('button', { name: 'Add window' }));
    expect(await screen.findByText('Tick at least one day.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
