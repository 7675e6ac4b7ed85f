import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { AuthProvider } from '../auth/AuthContext';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

type Call = { url: string; init?: RequestInit };

function fakeApi(role: string) {
  const calls: Call[] = [];
  let opened = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const path = url.split('?')[0];
      if (path === '/api/v1/auth/me')
        return json({ user: { id: 3, email: 'u@x.example', name: 'Una User', role }, csrf_token: 't', mfa_setup_required: false });
      if (path === '/api/v1/customers') return json({ customers: [{ id: 1, name: 'Harbor & Vale' }, { id: 2, name: 'Kessler' }], total: 2 });
      if (path === '/api/v1/staff') return json({ staff: [] });
      if (path === '/api/v1/tickets') return json({ tickets: [] });
      if (url === '/api/v1/mail/messages?outcome=triage&limit=200' && opened) return json({ messages: [] });
      if (url === '/api/v1/mail/messages?outcome=triage&limit=200')
        return json({
          messages: [
            {
              id: 4,
              message_id: '<a@b>',
              from_address: 'stranger@unknown.example',
              from_name: 'Sam Stranger',
              subject: 'Scanner broken',
              body: 'Our scanner <b>stopped</b>.',
              outcome: 'triage',
              reason: 'unknown sender',
              customer_id: null,
              ticket_id: null,
              received_at: '2026-11-23T08:00:00Z',
              attachments: [],
            },
          ],
        });
      if (url === '/api/v1/mail/messages/4/ticket' && init?.method === 'POST') {
        opened = true;
        return json({ id: 77 }, 201);
      }
      return json({ error: { code: 'not_found', message: 'not found' } }, 404);
    }),
  );
  return calls;
}

function renderAt(path: string) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
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

describe('triage tab', () => {
  it('lists unknown senders and opens a ticket for the chosen customer', async () => {
    const calls = fakeApi('technician');
    renderAt('/tickets?queue=triage');
    const list = await screen.findByRole('list', { name: 'Unknown senders' });
    expect(within(list).getByText('Scanner broken')).toBeTruthy();
    expect(within(list).getByText('Our scanner <b>stopped</b>.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Triage (e-mail)' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Mine' }).getAttribute('aria-current')).toBeNull();
    const open = within(list).getByRole('button', { name: 'Open ticket' }) as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    fireEvent.change(within(list).getByRole('combobox', { name: 'Customer' }), { target: { value: '2' } });
    fireEvent.click(open);
    // The message leaves the queue; the confirmation stays.
    await screen.findByText(/No e-mail waits for triage/);
    const done = screen.getByRole('status');
    expect(done.textContent).toContain('Scanner broken');
    expect(within(done).getByRole('link').getAttribute('href')).toBe('/tickets/77');
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(JSON.parse(String(post.init!.body))).toEqual({ customer_id: 2 });
  });

  it('has no triage tab for an account manager', async () => {
    fakeApi('account_manager');
    renderAt('/tickets?queue=triage');
    await screen.findByRole('link', { name: 'Mine' });
    expect(screen.queryByRole('link', { name: 'Triage (e-mail)' })).toBeNull();
  });
});
