import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import type { Change } from '../api/changes';
import { AuthProvider } from '../auth/AuthContext';
import { localInputToIso } from '../lib/changes';
import { makeDeployment, makeTarget } from '../test-deployments';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

type Call = { url: string; method: string; body: unknown };

const USERS: Record<string, { id: number; name: string; role: string; customer_id?: number }> = {
  tech: { id: 3, name: 'Tess Nguyen', role: 'technician' },
  chloe: { id: 5, name: 'Chloe Martin', role: 'change_manager' },
  billing: { id: 6, name: 'Ben Okafor', role: 'billing_admin' },
  portal: { id: 20, name: 'Margaret Vale', role: 'portal', customer_id: 1 },
};

function fakeApi(who: keyof typeof USERS, extra: (method: string, path: string, body: unknown) => Response | undefined) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ url, method, body });
      const path = url.split('?')[0];
      const u = USERS[who];
      if (path === '/api/v1/auth/me')
        return json({ user: { ...u, email: `${who}@x.example` }, csrf_token: 't', mfa_setup_required: false });
      const r = extra(method, path, body);
      if (r) return r;
      if (path === '/api/v1/customers') return json({ customers: [{ id: 1, name: 'Harbor & Vale' }, { id: 2, name: 'Kessler' }], total: 2 });
      if (path === '/api/v1/cis')
        return json({
          cis: [
            { id: 77, customer_id: 1, name: 'hv-fs01', kind: 'server', status: 'active' },
            { id: 78, customer_id: 1, name: 'hv-ws02', kind: 'workstation', status: 'active' },
          ],
          total: 2,
        });
      if (path === '/api/v1/staff')
        return json({
          staff: [
            { id: 3, name: 'Tess Nguyen', role: 'technician', email: 't@x', phone: null, on_call: false, cis: [] },
            { id: 5, name: 'Chloe Martin', role: 'change_manager', email: 'c@x', phone: null, on_call: false, cis: [] },
            { id: 6, name: 'Ben Okafor', role: 'billing_admin', email: 'b@x', phone: null, on_call: false, cis: [] },
          ],
        });
      if (path === '/api/v1/customers/1/change-windows')
        return json({
          time_zone: 'America/New_York',
          windows: [{ id: 1, customer_id: 1, level: 'customer', target_id: 1, name: 'Saturday night', rrule: 'FREQ=WEEKLY;BYDAY=SA', start: '2026-11-01T22:00', duration_minutes: 240, created_by: 1, created_at: '' }],
        });
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

const future = (days: number, hour = 22) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

function makeChange(over: Partial<Change> = {}): Change {
  return {
    id: 12,
    ref: 'RFC-12',
    customer_id: 1,
    customer_name: 'Harbor & Vale',
    ticket_id: 40,
    title: 'Upgrade the file server',
    type: 'normal',
    status: 'draft',
    description: 'In-place upgrade.',
    reason: '',
    components: 'samba',
    risk: 'medium',
    impact: null,
    backout_plan: '',
    test_plan: '',
    cost_estimate_cents: null,
    planned_start: null,
    planned_end: null,
    quorum: 1,
    customer_approval: false,
    requested_by: { id: 3, name: 'Tess Nguyen' },
    reviewers: [{ user_id: 5, name: 'Chloe Martin' }],
    cis: [{ id: 77, name: 'hv-fs01', kind: 'server' }],
    approvals: [],
    events: [{ at: '2026-12-01T09:00:00Z', actor: 'Tess Nguyen', from: '', to: 'draft', note: '' }],
    outcome: null,
    review: '',
    watch: null,
    created_at: '2026-12-01T09:00:00Z',
    updated_at: '2026-12-01T09:00:00Z',
    allowed_moves: ['submitted', 'closed'],
    missing_for_submit: ['reason', 'impact', 'backout_plan'],
    ...over,
  };
}

const summaryOf = (c: Change) => ({
  id: c.id,
  ref: c.ref,
  customer_id: c.customer_id,
  customer_name: c.customer_name,
  title: c.title,
  type: c.type,
  status: c.status,
  risk: c.risk,
  planned_start: c.planned_start,
  planned_end: c.planned_end,
  ticket_id: c.ticket_id,
  updated_at: c.updated_at,
});

beforeEach(() => localStorage.setItem('steward.session', '1'));
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the change list', () => {
  it('lists changes with their badges and filters by status and customer in the request', async () => {
    const c = makeChange({ status: 'scheduled', planned_start: '2026-12-12T22:00:00Z', planned_end: '2026-12-13T01:00:00Z' });
    const calls = fakeApi('tech', (_method, path) => (path === '/api/v1/changes' ? json({ changes: [summaryOf(c)] }) : undefined));
    renderAt('/changes');
    const table = await screen.findByRole('table', { name: 'Changes' });
    const row = within(table).getByRole('row', { name: /RFC-12/ });
    expect(within(row).getByRole('link', { name: 'Upgrade the file server' }).getAttribute('href')).toBe('/changes/12');
    expect(within(row).getByText('Scheduled')).toBeTruthy();
    expect(within(row).getByText('Medium')).toBeTruthy();
    expect(within(row).getByText('Harbor & Vale')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'submitted' } });
    await waitFor(() => expect(calls.some((x) => x.url.includes('/api/v1/changes?status=submitted'))).toBe(true));
    fireEvent.change(screen.getByLabelText('Customer'), { target: { value: '1' } });
    await waitFor(() => expect(calls.some((x) => /status=submitted/.test(x.url) && /customer_id=1/.test(x.url))).toBe(true));
    expect(screen.getByRole('link', { name: 'New change' })).toBeTruthy();
  });

  it('is not offered to roles without change management', async () => {
    fakeApi('billing', () => undefined);
    renderAt('/changes');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Changes' })).toBeNull();
  });
});

describe('the new-change form', () => {
  it('checks what is wrong before sending, then sends the fields with CIs, reviewers and money in cents', async () => {
    let created: unknown = null;
    const calls = fakeApi('tech', (method, path, body) => {
      if (method === 'POST' && path === '/api/v1/changes') {
        created = body;
        return json(makeChange({ id: 31, ref: 'RFC-31' }), 201);
      }
      if (path === '/api/v1/changes/31') return json(makeChange({ id: 31, ref: 'RFC-31' }));
      return undefined;
    });
    renderAt('/changes/new?ticket_id=40');
    const form = await screen.findByRole('form', { name: 'New change' });
    expect((within(form).getByLabelText('Ticket (optional)') as HTMLInputElement).value).toBe('40');
    fireEvent.change(within(form).getByLabelText('Cost estimate ($)'), { target: { value: '12.345' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create draft' }));
    expect(await within(form).findByText('Please correct the fields marked below.')).toBeTruthy();
    expect(within(form).getByText('Choose the customer.')).toBeTruthy();
    expect(within(form).getByText('Give the change a short title.')).toBeTruthy();
    expect(within(form).getByText('Enter an amount, e.g. 250 or 1,200.50.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Customer (required)'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Title (required)'), { target: { value: 'Replace the core switch' } });
    fireEvent.change(within(form).getByLabelText('Cost estimate ($)'), { target: { value: '1,200.50' } });
    fireEvent.change(within(form).getByLabelText('Risk'), { target: { value: 'high' } });
    fireEvent.change(within(form).getByLabelText('Back-out plan'), { target: { value: 'Put the old one back.' } });
    fireEvent.click(await within(form).findByRole('checkbox', { name: /hv-fs01/ }));
    // The requester is not offered as a reviewer; billing staff are not reviewers.
    const reviewers = within(form).getByRole('group', { name: 'Reviewers' });
    expect(within(reviewers).queryByRole('checkbox', { name: /Tess Nguyen/ })).toBeNull();
    expect(within(reviewers).queryByRole('checkbox', { name: /Ben Okafor/ })).toBeNull();
    fireEvent.click(within(reviewers).getByRole('checkbox', { name: /Chloe Martin/ }));
    fireEvent.change(within(form).getByLabelText('Planned start'), { target: { value: '2030-06-01T22:00' } });
    fireEvent.change(within(form).getByLabelText('Planned end'), { target: { value: '2030-06-02T01:00' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /customer approves/ }));
    expect(within(form).getByText(/Saturday night — Every Saturday at 22:00 for 4 h/)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Create draft' }));
    await waitFor(() => expect(created).not.toBeNull());
    expect(created).toEqual({
      customer_id: 1,
      title: 'Replace the core switch',
      type: 'normal',
      ticket_id: 40,
      risk: 'high',
      backout_plan: 'Put the old one back.',
      cost_estimate_cents: 120050,
      ci_ids: [77],
      reviewer_ids: [5],
      quorum: 1,
      customer_approval: true,
      planned_start: localInputToIso('2030-06-01T22:00'),
      planned_end: localInputToIso('2030-06-02T01:00'),
    });
    expect(await screen.findByRole('heading', { level: 1, name: /RFC-31/ })).toBeTruthy();
  });

  it("shows the server's refusal under its field", async () => {
    fakeApi('tech', (method, path) =>
      method === 'POST' && path === '/api/v1/changes'
        ? json({ error: { code: 'invalid_argument', message: 'is in the past', field: 'planned_start' } }, 400)
        : undefined,
    );
    renderAt('/changes/new');
    const form = await screen.findByRole('form', { name: 'New change' });
    await within(form).findByRole('option', { name: 'Harbor & Vale' });
    fireEvent.change(within(form).getByLabelText('Customer (required)'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Title (required)'), { target: { value: 'Late change' } });
    fireEvent.change(within(form).getByLabelText('Planned start'), { target: { value: '2020-01-01T10:00' } });
    fireEvent.change(within(form).getByLabelText('Planned end'), { target: { value: '2020-01-01T11:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create draft' }));
    const start = within(form).getByLabelText('Planned start');
    await waitFor(() => expect(start.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(start.getAttribute('aria-describedby')!)!.textContent).toBe('Planned start is in the past');
  });
});

describe('one change', () => {
  it('lists what a draft still needs and only submits once it is complete', async () => {
    let c = makeChange();
    const calls = fakeApi('tech', (method, path, body) => {
      if (path === '/api/v1/changes/12' && method === 'PATCH') {
        const b = body as Record<string, unknown>;
        if (b.status === 'submitted') c = { ...c, status: 'submitted', allowed_moves: ['draft', 'closed'], missing_for_submit: [] };
        else c = { ...c, ...b, missing_for_submit: [], updated_at: '2026-12-01T10:00:00Z' } as Change;
        return json(c);
      }
      if (path === '/api/v1/changes/12') return json(c);
      return undefined;
    });
    renderAt('/changes/12');
    const actions = await screen.findByRole('region', { name: 'Status' });
    const missing = within(actions).getByRole('list', { name: 'Still missing' });
    expect(within(missing).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual([
      '○ Give the reason (the issue or vulnerability addressed)',
      '○ Rate the impact',
      '○ Write the back-out plan',
    ]);
    expect((within(actions).getByRole('button', { name: 'Submit for approval' }) as HTMLButtonElement).disabled).toBe(true);
    // The draft's fields are editable; the save sends only what changed.
    const form = screen.getByRole('form', { name: 'Edit change' });
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'Debian 11 leaves LTS.' } });
    fireEvent.change(within(form).getByLabelText('Impact'), { target: { value: 'low' } });
    fireEvent.change(within(form).getByLabelText('Back-out plan'), { target: { value: 'Restore the snapshot.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save draft' }));
    await screen.findByText('Saved. Ready to submit.');
    expect(calls.find((x) => x.method === 'PATCH')!.body).toEqual({
      reason: 'Debian 11 leaves LTS.',
      impact: 'low',
      backout_plan: 'Restore the snapshot.',
    });
    await within(actions).findByText('Everything needed is filled in.');
    fireEvent.click(within(actions).getByRole('button', { name: 'Submit for approval' }));
    await screen.findByText('Moved to Awaiting approval.');
    expect(calls.filter((x) => x.method === 'PATCH')[1].body).toEqual({ status: 'submitted' });
    // Submitted: read-only, and the requester cannot vote.
    expect(screen.queryByRole('form', { name: 'Edit change' })).toBeNull();
    expect(screen.getByText('You requested this change: others review it.')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Status' })).getByRole('button', { name: 'Withdraw for rework' })).toBeTruthy();
    // Links to the ticket and the CI's device page.
    expect(screen.getByRole('link', { name: '#40' }).getAttribute('href')).toBe('/tickets/40');
    expect(within(screen.getByRole('region', { name: /Affected CIs/ })).getByRole('link', { name: 'hv-fs01' }).getAttribute('href')).toBe(
      '/devices/77',
    );
  });

  it('lets a reviewer approve with a comment and requires one to reject', async () => {
    let c = makeChange({ status: 'submitted', allowed_moves: ['draft', 'closed'], missing_for_submit: [] });
    const calls = fakeApi('chloe', (method, path, body) => {
      if (path === '/api/v1/changes/12/approvals' && method === 'POST') {
        const b = body as { decision: 'approve' | 'reject'; comment: string };
        c = {
          ...c,
          status: 'approved',
          allowed_moves: ['scheduled', 'closed'],
          approvals: [{ id: 1, user_id: 5, name: 'Chloe Martin', role: 'reviewer', decision: b.decision, comment: b.comment, at: '2026-12-02T09:00:00Z' }],
        };
        return json(c, 201);
      }
      if (path === '/api/v1/changes/12') return json(c);
      return undefined;
    });
    renderAt('/changes/12');
    const card = await screen.findByRole('region', { name: 'Approvals' });
    expect(within(card).getByText('0 of 1')).toBeTruthy();
    const form = within(card).getByRole('form', { name: 'Your decision' });
    fireEvent.click(within(form).getByRole('button', { name: 'Reject' }));
    expect(within(form).getByText('Say why you reject it, so it can be reworked.')).toBeTruthy();
    expect(calls.some((x) => x.method === 'POST')).toBe(false);
    fireEvent.change(within(form).getByLabelText(/Comment/), { target: { value: 'Back-out plan tested; go.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Approve' }));
    await within(card).findByText('1 of 1');
    expect(calls.find((x) => x.method === 'POST')!.body).toEqual({ decision: 'approve', comment: 'Back-out plan tested; go.' });
    expect(within(card).getByText(/Back-out plan tested; go\./)).toBeTruthy();
    expect(within(card).queryByRole('form', { name: 'Your decision' })).toBeNull();
  });

  it('previews conflicts before scheduling and schedules a clean window', async () => {
    const start = future(10);
    const end = future(10, 23);
    let c = makeChange({
      status: 'approved',
      allowed_moves: ['scheduled', 'closed'],
      missing_for_submit: [],
      planned_start: start,
      planned_end: end,
    });
    let conflicted = true;
    const calls = fakeApi('tech', (method, path, body) => {
      if (path === '/api/v1/changes/12/conflicts')
        return json({
          conflicts: conflicted
            ? [{ kind: 'overlap', message: 'RFC-9 changes hv-fs01 at the same time', change_id: 9, ci_id: 77 }, { kind: 'freeze', message: 'Year-end freeze', freeze_id: 2 }]
            : [],
        });
      if (path === '/api/v1/devices/77/change-windows')
        return json({ level: 'customer', time_zone: 'UTC', in_window: false, next: { window_id: 1, start, end }, windows: [] });
      if (path === '/api/v1/changes/12' && method === 'PATCH') {
        c = { ...c, status: 'scheduled', allowed_moves: ['implemented', 'approved', 'closed'], ...(body as object) };
        return json(c);
      }
      if (path === '/api/v1/changes/12') return json(c);
      return undefined;
    });
    renderAt('/changes/12');
    const actions = await screen.findByRole('region', { name: 'Status' });
    fireEvent.click(within(actions).getByRole('button', { name: 'Schedule…' }));
    const form = await screen.findByRole('form', { name: 'Schedule the change' });
    await within(form).findByText('2 conflicts:', {}, { timeout: 3000 });
    expect(within(form).getByText(/RFC-9 changes hv-fs01/)).toBeTruthy();
    expect(within(form).getByRole('link', { name: 'Open RFC-9' }).getAttribute('href')).toBe('/changes/9');
    expect((within(form).getByRole('button', { name: 'Schedule' }) as HTMLButtonElement).disabled).toBe(true);
    const asked = calls.find((x) => x.url.startsWith('/api/v1/changes/12/conflicts'))!.url;
    expect(new URL(asked, 'http://x').searchParams.get('start')).toBe(start);
    // Another window: the preview is clean and Schedule sends the move with the times.
    conflicted = false;
    await within(form).findByText(/Next change window for/);
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: '2031-03-01T22:00' } });
    fireEvent.change(within(form).getByLabelText('End'), { target: { value: '2031-03-02T01:00' } });
    await within(form).findByText(/No conflicts/, {}, { timeout: 3000 });
    fireEvent.click(within(form).getByRole('button', { name: 'Schedule' }));
    await screen.findByText('Scheduled.');
    expect(calls.find((x) => x.method === 'PATCH')!.body).toEqual({
      status: 'scheduled',
      planned_start: localInputToIso('2031-03-01T22:00'),
      planned_end: localInputToIso('2031-03-02T01:00'),
    });
    expect(within(screen.getByRole('region', { name: 'Status' })).getByRole('button', { name: 'Mark implemented' })).toBeTruthy();
  });

  it('shows the 409 of a schedule the server refuses', async () => {
    const c = makeChange({ status: 'approved', allowed_moves: ['scheduled', 'closed'], missing_for_submit: [] });
    fakeApi('tech', (method, path) => {
      if (path === '/api/v1/changes/12/conflicts') return json({ conflicts: [] });
      if (path === '/api/v1/changes/12' && method === 'PATCH')
        return json({ error: { code: 'conflict', message: 'hv-fs01 is outside its change window (Saturday night)', field: null } }, 409);
      if (path === '/api/v1/changes/12') return json(c);
      return undefined;
    });
    renderAt('/changes/12');
    fireEvent.click(await screen.findByRole('button', { name: 'Schedule…' }));
    const form = await screen.findByRole('form', { name: 'Schedule the change' });
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: '2031-03-01T22:00' } });
    fireEvent.change(within(form).getByLabelText('End'), { target: { value: '2031-03-02T01:00' } });
    await within(form).findByText(/No conflicts/, {}, { timeout: 3000 });
    fireEvent.click(within(form).getByRole('button', { name: 'Schedule' }));
    expect(await within(form).findByText(/Could not schedule the change: Hv-fs01 is outside its change window/)).toBeTruthy();
  });

  it('only warns an emergency change of windows and freezes', async () => {
    const c = makeChange({ type: 'emergency', status: 'approved', allowed_moves: ['scheduled', 'closed'], missing_for_submit: [] });
    fakeApi('tech', (_method, path) => {
      if (path === '/api/v1/changes/12/conflicts')
        return json({ conflicts: [{ kind: 'outside_window', message: 'outside the change windows of hv-fs01', ci_id: 77, blocking: false }] });
      if (path === '/api/v1/changes/12') return json(c);
      return undefined;
    });
    renderAt('/changes/12');
    fireEvent.click(await screen.findByRole('button', { name: 'Schedule…' }));
    const form = await screen.findByRole('form', { name: 'Schedule the change' });
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: '2031-03-01T12:00' } });
    fireEvent.change(within(form).getByLabelText('End'), { target: { value: '2031-03-01T13:00' } });
    await within(form).findByText('Warnings (an emergency change may go ahead):', {}, { timeout: 3000 });
    expect(within(form).getByText(/Outside the change windows of hv-fs01/)).toBeTruthy();
    expect((within(form).getByRole('button', { name: 'Schedule' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('closes an implemented change only with an outcome and a review', async () => {
    let c = makeChange({ status: 'implemented', allowed_moves: ['closed'], missing_for_submit: [] });
    const calls = fakeApi('tech', (method, path, body) => {
      if (path === '/api/v1/changes/12' && method === 'PATCH') {
        c = { ...c, status: 'closed', allowed_moves: [], ...(body as object) } as Change;
        return json(c);
      }
      if (path === '/api/v1/changes/12') return json(c);
      return undefined;
    });
    renderAt('/changes/12');
    fireEvent.click(await screen.findByRole('button', { name: 'Close with review…' }));
    const form = await screen.findByRole('form', { name: 'Close the change' });
    fireEvent.click(within(form).getByRole('button', { name: 'Close the change' }));
    expect(within(form).getByText('Say how it went.')).toBeTruthy();
    expect(within(form).getByText(/Write the review/)).toBeTruthy();
    fireEvent.click(within(form).getByRole('radio', { name: 'Backed out' }));
    fireEvent.change(within(form).getByLabelText('Post-implementation review'), { target: { value: 'Samba failed to start; rolled back.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Close the change' }));
    await screen.findByText('Closed: Backed out.');
    expect(calls.find((x) => x.method === 'PATCH')!.body).toEqual({
      status: 'closed',
      outcome: 'backed_out',
      review: 'Samba failed to start; rolled back.',
    });
    expect(screen.getByText('Closed is final.')).toBeTruthy();
  });
});

describe('the watch after a change', () => {
  const watch = {
    state: 'spike' as const,
    starts_at: '2026-11-28T22:45:00Z',
    ends_at: '2026-12-01T22:45:00Z',
    checked_at: '2026-11-29T00:05:00Z',
    baseline_incidents: 1,
    observed_incidents: 3,
    expected_incidents: 0.1,
    spike_threshold: 3,
    problem_id: 9,
  };

  it('shows staff the spike and the problem it opened', async () => {
    const c = makeChange({ status: 'implemented', allowed_moves: ['closed'], missing_for_submit: [], watch });
    fakeApi('tech', (_method, path) => (path === '/api/v1/changes/12' ? json(c) : undefined));
    renderAt('/changes/12');
    const card = await screen.findByRole('region', { name: 'After the change' });
    expect(within(card).getByText('Incident spike')).toBeTruthy();
    expect(within(card).getByText(/3 incidents on its CIs/)).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'PRB-9' }).getAttribute('href')).toBe('/problems/9');
  });

  it('shows no watch before the change is implemented', async () => {
    const c = makeChange({ status: 'scheduled', missing_for_submit: [] });
    fakeApi('tech', (_method, path) => (path === '/api/v1/changes/12' ? json(c) : undefined));
    renderAt('/changes/12');
    await screen.findByRole('region', { name: 'Status' });
    expect(screen.queryByRole('region', { name: 'After the change' })).toBeNull();
  });
});

describe("a change's deployments", () => {
  it('shows an approved change its deployments and the deploy button, and links to them', async () => {
    const c = makeChange({ status: 'approved', allowed_moves: ['scheduled', 'closed'], missing_for_submit: [] });
    fakeApi('tech', (_method, path) =>
      path === '/api/v1/changes/12'
        ? json(c)
        : path === '/api/v1/changes/12/deployments'
          ? json([makeDeployment({ id: 41, status: 'done', targets: [makeTarget({ state: 'installed' })] })])
          : undefined,
    );
    renderAt('/changes/12');
    const card = await screen.findByRole('region', { name: 'Deployments (1)' });
    expect(within(card).getByRole('link', { name: 'Deployment 41' }).getAttribute('href')).toBe('/deployments/41');
    expect(within(card).getByRole('button', { name: 'Deploy updates…' })).toBeTruthy();
  });

  it('asks for no deployments before the change is approved', async () => {
    const calls = fakeApi('tech', (_method, path) => (path === '/api/v1/changes/12' ? json(makeChange()) : undefined));
    renderAt('/changes/12');
    await screen.findByRole('region', { name: 'Status' });
    expect(screen.queryByRole('region', { name: /^Deployments/ })).toBeNull();
    expect(calls.some((x) => x.url.includes('/deployments'))).toBe(false);
  });
});

describe('the change calendar', () => {
  it('groups the scheduled changes by day, shows freezes and lets a change manager declare one', async () => {
    const start = future(3);
    const c = makeChange({ status: 'scheduled', planned_start: start, planned_end: future(3, 23) });
    let posted: unknown = null;
    fakeApi('chloe', (method, path, body) => {
      if (path === '/api/v1/change-calendar')
        return json({
          changes: [summaryOf(c)],
          freezes: [{ id: 4, customer_id: null, customer_name: null, name: 'Year-end freeze', starts_at: future(5, 0), ends_at: future(7, 0) }],
        });
      if (path === '/api/v1/change-freezes' && method === 'POST') {
        posted = body;
        return json({ id: 5, customer_id: 2, customer_name: 'Kessler', name: 'Audit week', starts_at: '2031-01-01T00:00:00Z', ends_at: '2031-01-08T00:00:00Z' }, 201);
      }
      return undefined;
    });
    renderAt('/changes/calendar');
    const cal = await screen.findByRole('region', { name: /–/ });
    const item = await within(cal).findByRole('link', { name: 'RFC-12 Upgrade the file server' });
    const day = item.closest('section')!;
    expect(day.getAttribute('data-day')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(within(cal).getAllByText('Year-end freeze')).toHaveLength(1);
    const freezes = screen.getByRole('region', { name: 'Freezes' });
    expect(within(freezes).getByRole('button', { name: 'Lift Year-end freeze…' })).toBeTruthy();
    const form = screen.getByRole('form', { name: 'New freeze' });
    fireEvent.click(within(form).getByRole('button', { name: 'Declare freeze' }));
    expect(within(form).getByText('Name the freeze, e.g. Year-end close.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('For'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Audit week' } });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2031-01-01T00:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2031-01-08T00:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Declare freeze' }));
    await within(form).findByText('Freeze “Audit week” declared for Kessler.');
    expect(posted).toEqual({
      customer_id: 2,
      name: 'Audit week',
      starts_at: localInputToIso('2031-01-01T00:00'),
      ends_at: localInputToIso('2031-01-08T00:00'),
    });
  });

  it('gives technicians the calendar without the freeze controls', async () => {
    fakeApi('tech', (_method, path) => (path === '/api/v1/change-calendar' ? json({ changes: [], freezes: [] }) : undefined));
    renderAt('/changes/calendar');
    expect(await screen.findByText('Nothing planned and no freeze in these four weeks.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New freeze' })).toBeNull();
  });
});

describe('the portal', () => {
  it('lists the changes waiting for the customer and records their decision', async () => {
    let c = makeChange({
      status: 'submitted',
      customer_approval: true,
      allowed_moves: [],
      missing_for_submit: [],
      planned_start: '2030-06-01T22:00:00Z',
      planned_end: '2030-06-02T01:00:00Z',
    });
    const other = makeChange({ id: 13, ref: 'RFC-13', title: 'Rotate the Wi-Fi key', status: 'submitted', customer_approval: false });
    const calls = fakeApi('portal', (method, path, body) => {
      if (path === '/api/v1/changes') return json({ changes: [summaryOf(c), summaryOf(other)] });
      if (path === '/api/v1/changes/12/approvals' && method === 'POST') {
        const b = body as { decision: 'approve' | 'reject'; comment: string };
        c = { ...c, approvals: [{ id: 3, user_id: 20, name: 'Margaret Vale', role: 'customer', decision: b.decision, comment: b.comment, at: '2026-12-02T09:00:00Z' }] };
        return json(c, 201);
      }
      if (path === '/api/v1/changes/12') return json(c);
      if (path === '/api/v1/changes/13') return json(other);
      return undefined;
    });
    renderAt('/portal/changes');
    const waiting = await screen.findByRole('list', { name: 'Changes waiting for your approval' });
    expect(within(waiting).getAllByRole('listitem')).toHaveLength(1);
    fireEvent.click(within(waiting).getByRole('link', { name: 'Review and decide' }));
    const card = await screen.findByRole('region', { name: 'Approvals' });
    const form = within(card).getByRole('form', { name: 'Your decision' });
    fireEvent.change(within(form).getByLabelText(/Comment/), { target: { value: 'Not during our audit.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Reject' }));
    await within(card).findByText('Your organisation has rejected this change.');
    expect(calls.find((x) => x.method === 'POST')!.body).toEqual({ decision: 'reject', comment: 'Not during our audit.' });
    expect(within(screen.getByRole('region', { name: /Affected CIs/ })).getByRole('link', { name: 'hv-fs01' }).getAttribute('href')).toBe(
      '/portal/devices/77',
    );
    expect(calls.every((x) => !x.url.includes('customer_id=2'))).toBe(true);
  });
});
