import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from './api/types';
import { App } from './App';
import { AuthProvider } from './auth/AuthContext';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

// A fake API: /auth/me answers `user`; other reads answer small fixtures.
function fakeApi(user: User | null) {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (url: string) => {
    calls.push(url);
    const path = url.split('?')[0];
    if (path === '/api/v1/auth/me') {
      return user ? json({ user, csrf_token: 't', mfa_setup_required: false }) : json({ error: {} }, 401);
    }
    if (path === '/api/v1/customers/1') return json({ id: 1, name: 'Harbor & Vale', status: 'active' });
    if (path === '/api/v1/customers') return json({ customers: [{ id: 1, name: 'Harbor & Vale', status: 'active' }], total: 1 });
    if (path === '/api/v1/alerts') return json({ alerts: [] });
    if (path === '/api/v1/cis') return json({ cis: [], total: 0 });
    return json({ error: { code: 'not_found', message: 'not found' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function renderAt(path: string) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AuthProvider>
          <App />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => localStorage.setItem('steward.session', '1'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('routing by session and role', () => {
  it('sends a visitor without a session to the login page', async () => {
    fakeApi(null);
    renderAt('/customers/1');
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
  });

  it('keeps a portal user in the portal and never asks for another customer', async () => {
    const calls = fakeApi({ id: 9, email: 'm@hv.example', name: 'Margaret Vale', role: 'portal', customer_id: 1 });
    renderAt('/customers/2');
    expect(await screen.findByRole('heading', { name: 'Welcome, Harbor & Vale' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(calls.some((c) => c.includes('/customers/2'))).toBe(false);
    expect(calls.filter((c) => c.includes('customer_id=')).every((c) => c.includes('customer_id=1'))).toBe(true);
  });

  it('shows each staff role only its sections, without the service desk for billing', async () => {
    fakeApi({ id: 6, email: 'ben@msp.example', name: 'Ben Okafor', role: 'billing_admin' });
    renderAt('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link').map((a) => a.textContent);
    expect(links).toEqual(['Dashboard', 'Customers', 'Knowledge base', 'Billing']);
  });

  it('gives account managers the tickets but not the devices', async () => {
    fakeApi({ id: 7, email: 'priya@msp.example', name: 'Priya Shah', role: 'account_manager' });
    renderAt('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Dashboard',
      'Customers',
      'Alerts',
      'Tickets',
      'Changes',
      'Knowledge base',
      'Billing',
    ]);
  });

  it('keeps the new-ticket form from roles that cannot open tickets', async () => {
    fakeApi({ id: 6, email: 'ben@msp.example', name: 'Ben Okafor', role: 'billing_admin' });
    renderAt('/tickets/new');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });

  it('gives technicians alerts, devices and tickets', async () => {
    fakeApi({ id: 3, email: 'tess@msp.example', name: 'Tess Nguyen', role: 'technician' });
    renderAt('/portal');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Dashboard',
      'Customers',
      'Devices',
      'Alerts',
      'Tickets',
      'Problems',
      'Changes',
      'Update approval',
      'Knowledge base',
    ]);
    // Staff asking for the portal get the console's dashboard.
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
  });
});
