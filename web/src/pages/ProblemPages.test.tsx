import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { groupTitle, parseTicketIds, problemMoves } from './ProblemPages';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

type Call = { url: string; init?: RequestInit };

function fakeApi(role: string, extra: (url: string, init?: RequestInit) => Response | undefined) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const path = url.split('?')[0];
      if (path === '/api/v1/auth/me')
        return json({ user: { id: 3, email: 'u@x.example', name: 'Una User', role }, csrf_token: 't', mfa_setup_required: false });
      if (path === '/api/v1/customers') return json({ customers: [{ id: 1, name: 'Harbor & Vale' }, { id: 2, name: 'Kessler' }], total: 2 });
      if (path === '/api/v1/staff') return json({ staff: [] });
      return extra(url, init) ?? json({ error: { code: 'not_found', message: 'not found' } }, 404);
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

const problem = {
  id: 5,
  title: 'Tunnels drop after firmware 7.2',
  description: 'Repeated tunnel drops.',
  status: 'open',
  root_cause: null,
  workaround: null,
  known_error: false,
  assignee_id: null,
  customer_id: null,
  created_at: '2026-11-23T08:00:00Z',
  updated_at: '2026-11-23T08:00:00Z',
  resolved_at: null,
  closed_at: null,
  incident_count: 2,
  incidents: [
    { ticket_id: 21, customer_id: 1, subject: 'Branch VPN down (Monday)', status: 'open', priority: 'normal', created_at: '2026-11-23T08:00:00Z', linked_at: null },
    { ticket_id: 22, customer_id: 1, subject: 'Branch VPN down (Tuesday)', status: 'new', priority: 'normal', created_at: '2026-11-24T08:00:00Z', linked_at: null },
  ],
  history: [],
};

beforeEach(() => localStorage.setItem('steward.session', '1'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('problems pages', () => {
  it('lists problems and turns a suggested group into a prefilled problem', async () => {
    const calls = fakeApi('technician', (url, init) => {
      if (url === '/api/v1/problems' && init?.method === 'POST') return json({ ...problem, id: 9 }, 201);
      if (url === '/api/v1/problems') return json({ problems: [{ ...problem, status: 'known_error', known_error: true }] });
      if (url === '/api/v1/problems/suggestions')
        return json({
          min_incidents: 3,
          window_days: 7,
          groups: [
            { kind: 'symptom', ci_id: null, symptom: 'outlook hangs at loading profile error', ticket_ids: [31, 32, 33], count: 3, customer_ids: [1, 2], first_at: null, last_at: null },
          ],
        });
      if (url === '/api/v1/problems/9') return json({ ...problem, id: 9, title: 'Repeated: outlook hangs at loading profile error' });
      return undefined;
    });
    renderAt('/problems');
    const row = (await screen.findByRole('link', { name: /PRB-5 Tunnels drop/ })).closest('tr')!;
    expect(within(row).getAllByText('Known error').length).toBeGreaterThan(0);
    expect(within(row).getByText('2')).toBeTruthy();
    const panel = screen.getByRole('region', { name: 'Suggested problems' });
    expect(await within(panel).findByText('Repeated: outlook hangs at loading profile error')).toBeTruthy();
    expect(within(panel).getByText(/Harbor & Vale, Kessler/)).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Create problem' }));
    const form = screen.getByRole('form', { name: 'New problem' });
    expect(document.activeElement).toBe(within(form).getByRole('textbox', { name: 'Title' }));
    expect((within(form).getByRole('textbox', { name: /Incidents/ }) as HTMLInputElement).value).toBe('31, 32, 33');
    fireEvent.click(within(form).getByRole('button', { name: 'Create problem' }));
    await screen.findByRole('heading', { name: /PRB-9/ });
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(JSON.parse(String(post.init!.body))).toEqual({
      title: 'Repeated: outlook hangs at loading profile error',
      ticket_ids: [31, 32, 33],
    });
  });

  it('edits root cause and workaround, refuses a known error without workaround, links and unlinks incidents', async () => {
    const calls = fakeApi('technician', (url, init) => {
      if (url === '/api/v1/problems/5' && init?.method === 'PATCH') return json({ ...problem, ...JSON.parse(String(init.body)) });
      if (url === '/api/v1/problems/5') return json(problem);
      if (url === '/api/v1/problems/5/incidents/23' && init?.method === 'POST')
        return json({ error: { code: 'conflict', message: 'ticket 23 belongs to problem 2' } }, 409);
      if (url === '/api/v1/problems/5/incidents/21' && init?.method === 'DELETE') return json(problem);
      return undefined;
    });
    renderAt('/problems/5');
    await screen.findByRole('heading', { name: /PRB-5/ });
    fireEvent.click(screen.getByRole('checkbox', { name: /Known error/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save analysis' }));
    expect(screen.getByText('A known error needs a workaround.')).toBeTruthy();
    expect(calls.some((c) => c.init?.method === 'PATCH')).toBe(false);
    fireEvent.change(screen.getByRole('textbox', { name: 'Root cause' }), { target: { value: 'IKE fragmentation bug' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Workaround/ }), { target: { value: 'Disable IKE fragmentation' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save analysis' }));
    await screen.findByText('Saved.');
    const patch = calls.find((c) => c.init?.method === 'PATCH')!;
    expect(JSON.parse(String(patch.init!.body))).toEqual({
      root_cause: 'IKE fragmentation bug',
      workaround: 'Disable IKE fragmentation',
      known_error: true,
    });

    // Status: only the server's moves from open.
    const select = screen.getByRole('combobox', { name: 'Move to' });
    expect(within(select).getAllByRole('option').map((o) => (o as HTMLOptionElement).value).filter(Boolean)).toEqual([
      'known_error',
      'resolved',
    ]);

    const incidents = screen.getByRole('table', { name: 'Linked incidents' });
    expect(within(incidents).getAllByRole('row')).toHaveLength(3);
    fireEvent.change(screen.getByRole('textbox', { name: /Link incident/ }), { target: { value: '#23' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));
    expect((await screen.findByText(/Could not link the incident/)).textContent).toContain('ticket 23 belongs to problem 2');
    fireEvent.click(within(incidents).getAllByRole('button', { name: /Unlink/ })[0]);
    await waitFor(() => expect(calls.some((c) => c.init?.method === 'DELETE' && c.url.endsWith('/incidents/21'))).toBe(true));
  });

  it('"n" opens an empty new-problem form for those who work tickets', async () => {
    fakeApi('technician', (url) => {
      if (url === '/api/v1/problems') return json({ problems: [] });
      if (url === '/api/v1/problems/suggestions') return json({ min_incidents: 3, window_days: 7, groups: [] });
      return undefined;
    });
    renderAt('/problems');
    await screen.findByText('No problems.');
    fireEvent.keyDown(window, { key: 'n' });
    const form = await screen.findByRole('form', { name: 'New problem' });
    expect((within(form).getByRole('textbox', { name: /Incidents/ }) as HTMLInputElement).value).toBe('');
  });

  it('keeps problems from roles that may not read them', async () => {
    fakeApi('account_manager', () => undefined);
    renderAt('/problems');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });
});

describe('problem helpers', () => {
  it('parses ticket numbers and names what is not one', () => {
    expect(parseTicketIds('12, #15 T-17 12')).toEqual({ ids: [12, 15, 17], bad: [] });
    expect(parseTicketIds('12, abc, 0')).toEqual({ ids: [12], bad: ['abc', '0'] });
  });

  it('offers the server transitions and titles groups', () => {
    expect(problemMoves('resolved')).toEqual(['open', 'closed']);
    expect(problemMoves('closed')).toEqual([]);
    expect(groupTitle({ kind: 'ci', ci_id: 4, ci_name: 'HVL-FW01', symptom: null, ticket_ids: [], count: 0, customer_ids: [], first_at: null, last_at: null })).toBe(
      'Repeated incidents on HVL-FW01',
    );
  });
});
