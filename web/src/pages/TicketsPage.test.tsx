import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { AuthProvider } from '../auth/AuthContext';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const soon = () => new Date(Date.now() + 20 * 60_000).toISOString();
const later = () => new Date(Date.now() + 5 * 3600_000).toISOString();
const t = (id: number, over: Record<string, unknown>) => ({
  id,
  customer_id: 1,
  subject: `Ticket ${id}`,
  priority: 'normal',
  status: 'open',
  source: 'portal',
  tags: [],
  assignee_id: 3,
  sla_paused: false,
  first_response_at: null,
  response_due: null,
  resolution_due: null,
  next_due: null,
  created_at: '2026-11-23T08:00:00Z',
  updated_at: '2026-11-23T08:00:00Z',
  ...over,
});

function fakeApi() {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url);
      const [path, query = ''] = url.split('?');
      const q = new URLSearchParams(query);
      if (path === '/api/v1/auth/me')
        return json({ user: { id: 3, email: 't@msp.example', name: 'Tess Nguyen', role: 'technician' }, csrf_token: 'x', mfa_setup_required: false });
      if (path === '/api/v1/customers') return json({ customers: [{ id: 1, name: 'Harbor & Vale' }], total: 1 });
      if (path === '/api/v1/staff') return json({ staff: [{ id: 3, name: 'Tess Nguyen', role: 'technician', cis: [] }] });
      if (path === '/api/v1/tickets') {
        if (q.get('breached') === 'true') return json({ tickets: [] });
        return json({
          tickets: [
            t(11, { priority: 'critical', next_due: soon(), subject: 'Server down' }),
            t(12, { priority: 'high', next_due: later() }),
            t(13, { status: 'closed' }),
          ],
        });
      }
      return json({ error: { code: 'not_found', message: 'not found' } }, 404);
    }),
  );
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

describe('ticket queues', () => {
  it("asks for the technician's own tickets, leaves closed ones out and counts down the SLA", async () => {
    const calls = fakeApi();
    renderAt('/tickets');
    const list = await screen.findByRole('region', { name: /Mine: 2 tickets/ });
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-ticket-id'))).toEqual(['11', '12']);
    expect(rows[0].querySelector('[data-sla]')?.getAttribute('data-sla')).toBe('at_risk');
    expect(rows[1].querySelector('[data-sla]')?.getAttribute('data-sla')).toBe('ok');
    expect(within(rows[0]).getByText('Harbor & Vale')).toBeTruthy();
    expect(calls.some((c) => c.startsWith('/api/v1/tickets?') && c.includes('assignee=me'))).toBe(true);
  });

  it('moves the selection with j and k', async () => {
    fakeApi();
    renderAt('/tickets?queue=open');
    await screen.findByRole('region', { name: /All open: 2 tickets/ });
    fireEvent.keyDown(window, { key: 'j' });
    fireEvent.keyDown(window, { key: 'j' });
    fireEvent.keyDown(window, { key: 'k' });
    expect(document.querySelector('tr.selected')?.getAttribute('data-ticket-id')).toBe('11');
    expect(document.activeElement?.textContent).toBe('Server down');
  });

  it('says so when a queue is empty', async () => {
    fakeApi();
    renderAt('/tickets?queue=breached');
    expect(await screen.findByText('No open ticket has missed its SLA.')).toBeTruthy();
  });

  it('asks for a customer before listing per customer', async () => {
    fakeApi();
    renderAt('/tickets?queue=customer');
    expect(await screen.findByText('Choose a customer to see their tickets.')).toBeTruthy();
  });
});
