import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { AuthProvider } from '../auth/AuthContext';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const notFound = () => json({ error: { code: 'not_found', message: 'not found' } }, 404);

type Role = 'owner' | 'account_manager' | 'service_manager' | 'portal';

const USERS: Record<Role, Record<string, unknown>> = {
  owner: { id: 1, email: 'olivia@msp.example', name: 'Olivia Owner', role: 'owner' },
  account_manager: { id: 7, email: 'priya@msp.example', name: 'Priya Shah', role: 'account_manager' },
  service_manager: { id: 5, email: 'sam@msp.example', name: 'Sam Rivera', role: 'service_manager' },
  portal: { id: 9, email: 'm@hv.example', name: 'Margaret Vale', role: 'portal', customer_id: 1 },
};

const line = (description: string, amount: number) => ({
  kind: 'recurring',
  description,
  quantity: 1,
  unit_cents: amount,
  amount_cents: amount,
});

function invoice(id: number, over: Record<string, unknown>) {
  return {
    id,
    number: null,
    customer_id: 1,
    contract_id: 10,
    month: '2027-01',
    sequence: 1,
    status: 'draft',
    issue_date: null,
    due_date: null,
    total_cents: 150000,
    paid_cents: 0,
    accrued_late_fee_cents: 0,
    lines: [line('Silver, 2 servers', 150000)],
    payments: [] as Array<{ id: number; amount_cents: number; date: string }>,
    ...over,
  };
}

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

// A small billing server in memory: the run makes drafts, issue numbers
// them, payments add up; aging and hours can be switched off (404).
function fakeApi(role: Role, opts: { aging?: boolean; hours?: boolean } = {}) {
  const sent: Sent[] = [];
  let nextNumber = 41;
  let terminated = false;
  let invoices = [
    invoice(1, { status: 'paid', number: 40, month: '2026-12', issue_date: '2026-11-25', due_date: '2026-12-09', paid_cents: 150000, payments: [{ id: 1, amount_cents: 150000, date: '2026-12-05' }] }),
    invoice(2, { status: 'overdue', number: 39, customer_id: 2, month: '2026-12', issue_date: '2026-11-25', due_date: '2026-12-01', total_cents: 80000, accrued_late_fee_cents: 1200, lines: [line('Bronze', 80000)] }),
  ];
  const run = (month: string) => {
    const ids = [3, 4];
    if (invoices.some((i) => i.id === 3)) return [];
    invoices = [
      invoice(3, { month, lines: [line('Silver, 2 servers', 144000), { ...line('Setup fee', 6000), kind: 'setup' }] }),
      invoice(4, { month, customer_id: 2, total_cents: 80000, lines: [line('Bronze', 80000)] }),
      ...invoices,
    ];
    return ids;
  };
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const [path] = url.split('?');
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    if (method !== 'GET') sent.push({ method, path, body });
    if (path === '/api/v1/auth/me') return json({ user: USERS[role], csrf_token: 't', mfa_setup_required: false });
    if (path === '/api/v1/customers')
      return json({ customers: [{ id: 1, name: 'Harbor & Vale' }, { id: 2, name: 'Brightsmile Dental' }], total: 2 });
    if (path === '/api/v1/customers/1') return json({ id: 1, name: 'Harbor & Vale', status: 'active' });
    if (path === '/api/v1/billing/runs' && method === 'POST') return json({ invoice_ids: run((body as { month: string }).month) }, 201);
    if (path === '/api/v1/invoices') {
      const visible = role === 'portal' ? invoices.filter((i) => i.customer_id === 1 && i.status !== 'draft') : invoices;
      return json({ invoices: visible.map(({ lines: _l, payments: _p, ...rest }) => rest) });
    }
    const m = path.match(/^\/api\/v1\/invoices\/(\d+)(?:\/(\w+))?$/);
    if (m) {
      const inv = invoices.find((i) => i.id === Number(m[1]));
      if (!inv) return notFound();
      if (m[2] === 'issue') {
        Object.assign(inv, { status: 'issued', number: nextNumber++, issue_date: '2026-12-06', due_date: '2026-12-20' });
      } else if (m[2] === 'payments') {
        const cents = (body as { amount_cents: number }).amount_cents;
        inv.payments.push({ id: inv.payments.length + 10, amount_cents: cents, date: (body as { date: string }).date });
        inv.paid_cents += cents;
        if (inv.paid_cents >= inv.total_cents) inv.status = 'paid';
        return json(inv, 201);
      } else if (m[2] === 'void') {
        inv.status = 'void';
        return json({ invoice: inv, credit_note: { id: 1, number: 42 } }, 201);
      }
      return json(inv);
    }
    if (path === '/api/v1/billing/aging') {
      if (opts.aging === false) return notFound();
      const row = { customer_id: 2, customer_name: 'Brightsmile Dental', current_cents: 0, days_1_30_cents: 80000, days_31_60_cents: 0, days_61_90_cents: 0, days_90_plus_cents: 0, total_cents: 80000 };
      const { customer_id: _c, customer_name: _n, ...totals } = row;
      return json({ as_of: '2026-12-06', customers: [row], totals });
    }
    if (path === '/api/v1/contracts')
      return json({ contracts: [{ id: 10, customer_id: 1, start_date: '2025-10-01', term_months: 24, setup_fee_cents: 100000, payment_days: 14, damages_months: 2, notice_days: 90, auto_renew: true, status: 'active', terminated_on: null, damages_cents: null }] });
    if (path === '/api/v1/contracts/10')
      return json({
        id: 10, customer_id: 1, start_date: '2025-10-01', term_months: 24, setup_fee_cents: 100000, payment_days: 14, damages_months: 2, notice_days: 90, auto_renew: true, status: terminated ? 'terminated' : 'active', terminated_on: terminated ? '2027-01-31' : null, damages_cents: terminated ? 288000 : null,
        lines: [{ id: 5, plan_id: 2, quantity: null, devices: [{ ci_id: 31, from: '2025-10-01', to: null }], starts_on: '2025-10-01', ends_on: null }],
        term: { number: 1, start: '2025-10-01', end: '2027-09-30', notice_by: '2027-07-02', renews_on: '2027-10-01' },
        this_month: { servers: 2, discount_bp: 400, lines: [{ line_id: 5, plan_id: 2, units: 2, gross_cents: 150000, discount_cents: 6000 }], total_cents: 144000 },
      });
    if (path === '/api/v1/contracts/10/terminate') {
      terminated = true;
      return json({ damages_cents: 288000 });
    }
    if (path === '/api/v1/plans') {
      if (method === 'POST') return json({ id: 9, active: true, tiers: [], ...(body as object) }, 201);
      return json([{ id: 2, name: 'Silver', unit: 'server', price_cents: 75000, tiers: [], included_support_minutes: 60, flex_minutes: 60, discountable: true, emergency_onsite_hourly_cents: 18500, covers: 'Bronze + OS upgrades', active: true }]);
    }
    if (path === '/api/v1/billing/rates') {
      if (method === 'PUT') return json([body]);
      return json([{ work_type: 'emergency_onsite', hourly_cents: 18500, draws_included: false }]);
    }
    if (path === '/api/v1/cis') return json({ cis: [{ id: 31, name: 'HV-DC01', kind: 'server' }], total: 1 });
    if (path === '/api/v1/customers/1/hours') {
      if (opts.hours === false) return notFound();
      return json({ customer_id: 1, month: '2026-12', included_minutes: 120, covered_minutes: 45, included_left_minutes: 75, billable_minutes: 30, flex_year: 2026, flex_balance_minutes: 600, flex_expires_at: '2026-12-31', flex_ledger: [] });
    }
    return notFound();
  });
  vi.stubGlobal('fetch', fetchMock);
  return { sent, invoices: () => invoices };
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

describe('the billing desk', () => {
  it('runs the coming month, previews each draft with its lines, and issues one', async () => {
    const api = fakeApi('owner');
    renderAt('/billing');
    const month = (await screen.findByLabelText('Month')) as HTMLInputElement;
    const d = new Date();
    const expected = d.getMonth() === 11 ? `${d.getFullYear() + 1}-01` : `${d.getFullYear()}-${String(d.getMonth() + 2).padStart(2, '0')}`;
    expect(month.value).toBe(expected);
    fireEvent.change(month, { target: { value: '2027-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run billing' }));
    expect(await screen.findByText(/2 draft invoices for January 2027/)).toBeTruthy();
    expect(api.sent[0]).toEqual({ method: 'POST', path: '/api/v1/billing/runs', body: { month: '2027-01' } });
    const drafts = await screen.findByRole('region', { name: 'Drafts (2)' });
    const lines = await within(drafts).findByRole('table', { name: 'Lines of the draft for Harbor & Vale' });
    expect(within(lines).getByText('Setup fee')).toBeTruthy();
    expect(within(lines).getByText('$1,500.00')).toBeTruthy();
    fireEvent.click(within(drafts).getByRole('button', { name: 'Issue the draft for Harbor & Vale' }));
    expect(await screen.findByText('Issued INV-000041 to Harbor & Vale.')).toBeTruthy();
    expect(api.sent[1]).toEqual({ method: 'POST', path: '/api/v1/invoices/3/issue', body: {} });
    await screen.findByRole('region', { name: 'Drafts (1)' });
  });

  it('issues every draft in order with Issue all', async () => {
    const api = fakeApi('owner');
    renderAt('/billing');
    fireEvent.change(await screen.findByLabelText('Month'), { target: { value: '2027-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run billing' }));
    const drafts = await screen.findByRole('region', { name: 'Drafts (2)' });
    fireEvent.click(within(drafts).getByRole('button', { name: 'Issue all' }));
    expect(await screen.findByText('Issued all 2 drafts.')).toBeTruthy();
    expect(api.sent.slice(1).map((s) => s.path)).toEqual(['/api/v1/invoices/3/issue', '/api/v1/invoices/4/issue']);
    expect(await screen.findByText('No drafts waiting. Run billing for a month to make them.')).toBeTruthy();
  });

  it('filters the invoice list by status and customer', async () => {
    fakeApi('owner');
    renderAt('/billing');
    const list = await screen.findByRole('region', { name: 'Invoices (2)' });
    fireEvent.change(within(list).getByLabelText('Status'), { target: { value: 'overdue' } });
    const filtered = await screen.findByRole('region', { name: 'Invoices (1)' });
    expect(within(filtered).getByText('INV-000039')).toBeTruthy();
    fireEvent.change(within(filtered).getByLabelText('Customer'), { target: { value: '1' } });
    expect(await screen.findByText('No invoices match these filters.')).toBeTruthy();
  });

  it('shows AR aging and the export links, and stays calm when aging is missing', async () => {
    fakeApi('owner');
    const { unmount } = renderAt('/billing');
    const aging = await screen.findByRole('table', { name: 'Receivables by days past due' });
    expect(within(aging).getAllByText('$800.00').length).toBeGreaterThan(0);
    const xero = screen.getByRole('link', { name: 'Xero CSV' }) as HTMLAnchorElement;
    expect(xero.getAttribute('href')).toMatch(/^\/api\/v1\/billing\/export\?format=xero&from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/);
    unmount();
    vi.unstubAllGlobals();
    fakeApi('owner', { aging: false });
    renderAt('/billing');
    expect(await screen.findByText('AR aging is not available on this server yet.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('lets an account manager read but not run, issue or pay', async () => {
    fakeApi('account_manager');
    renderAt('/billing');
    await screen.findByRole('region', { name: 'Invoices (2)' });
    expect(screen.queryByRole('button', { name: 'Run billing' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Issue/ })).toBeNull();
    expect(screen.getByRole('region', { name: 'Receivables aging' })).toBeTruthy();
  });
});

describe('the invoice page', () => {
  it('records a payment typed in dollars as cents and shows the balance', async () => {
    const api = fakeApi('owner');
    renderAt('/billing/invoices/2');
    await screen.findByRole('heading', { level: 1, name: /INV-000039/ });
    expect(screen.getByText('$12.00')).toBeTruthy(); // the accrued late fee
    expect(screen.getByRole('link', { name: 'PDF' }).getAttribute('href')).toBe('/api/v1/invoices/2/pdf');
    const amount = screen.getByLabelText('Amount ($)') as HTMLInputElement;
    expect(amount.value).toBe('800.00');
    fireEvent.change(amount, { target: { value: '900' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record payment' }));
    expect(await screen.findByText('That is more than the balance of $800.00.')).toBeTruthy();
    fireEvent.change(amount, { target: { value: '150.25' } });
    fireEvent.change(screen.getByLabelText('Received on'), { target: { value: '2026-12-06' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record payment' }));
    expect(await screen.findByText('Recorded $150.25; $649.75 still owed.')).toBeTruthy();
    expect(api.sent[0]).toEqual({
      method: 'POST',
      path: '/api/v1/invoices/2/payments',
      body: { amount_cents: 15025, date: '2026-12-06' },
    });
    await waitFor(() => expect(document.querySelector('[data-money="balance"]')?.textContent).toBe('$649.75'));
    // The note outlives the reload of the invoice.
    expect(screen.getByText('Recorded $150.25; $649.75 still owed.')).toBeTruthy();
    expect((screen.getByLabelText('Amount ($)') as HTMLInputElement).value).toBe('649.75');
  });

  it('keeps the note when a payment settles the invoice and the form goes away', async () => {
    fakeApi('owner');
    renderAt('/billing/invoices/2');
    fireEvent.click(await screen.findByRole('button', { name: 'Record payment' }));
    expect(await screen.findByText('Recorded $800.00: the invoice is paid.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Record payment' })).toBeNull());
    expect(screen.getByText('Recorded $800.00: the invoice is paid.')).toBeTruthy();
    expect(screen.getByText('Paid', { selector: '.badge' })).toBeTruthy();
  });

  it('voids an unpaid issued invoice only with a reason', async () => {
    const api = fakeApi('owner');
    renderAt('/billing/invoices/2');
    fireEvent.click(await screen.findByRole('button', { name: 'Void…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Void invoice' }));
    expect(screen.getByText('Say why: the credit note carries the reason.')).toBeTruthy();
    expect(api.sent).toEqual([]);
    fireEvent.change(screen.getByLabelText('Reason (required)'), { target: { value: 'Billed the wrong customer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Void invoice' }));
    await waitFor(() => expect(api.sent[0]?.path).toBe('/api/v1/invoices/2/void'));
    expect(api.sent[0].body).toEqual({ reason: 'Billed the wrong customer' });
    expect(await screen.findByText('Void', { selector: '.badge' })).toBeTruthy();
  });

  it('issues a draft and offers no payment or void before that', async () => {
    const api = fakeApi('owner');
    fireEventRun(api);
    renderAt('/billing/invoices/3');
    await screen.findByText(/A draft: the customer does not see it/);
    expect(screen.queryByRole('button', { name: 'Record payment' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Void…' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'PDF' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Issue invoice' }));
    await screen.findByRole('heading', { level: 1, name: /INV-000041/ });
  });
});

// Puts drafts 3 and 4 into the fake server without the desk.
function fireEventRun(api: ReturnType<typeof fakeApi>) {
  void fetch('/api/v1/billing/runs', { method: 'POST', body: JSON.stringify({ month: '2027-01' }) });
  api.sent.length = 0;
}

describe('contracts and plans', () => {
  it('shows the term, the covered devices and this month, and confirms the damages before terminating', async () => {
    const api = fakeApi('owner');
    renderAt('/billing/contracts/10');
    const lines = await screen.findByRole('table', { name: 'Contract lines' });
    expect(await within(lines).findByText('HV-DC01')).toBeTruthy();
    expect(within(lines).getByText('$1,440.00')).toBeTruthy();
    expect(screen.getByText('2 Jul 2027')).toBeTruthy(); // notice by
    fireEvent.change(screen.getByLabelText('Last day'), { target: { value: '2027-01-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Terminate…' }));
    const confirm = screen.getByRole('form', { name: 'Confirm termination' });
    expect(within(confirm).getByText('$2,880.00')).toBeTruthy();
    expect(api.sent).toEqual([]);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Terminate contract' }));
    expect(await screen.findByText(/Liquidated damages of \$2,880.00 go on the next/)).toBeTruthy();
    // The contract reloads as terminated: the note stays, the form goes.
    await waitFor(() => expect(screen.getByText('31 Jan 2027', { selector: 'dd' })).toBeTruthy());
    expect(screen.getByText(/Liquidated damages of \$2,880.00 go on the next/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Terminate…' })).toBeNull();
    expect(api.sent[0]).toEqual({ method: 'POST', path: '/api/v1/contracts/10/terminate', body: { date: '2027-01-31' } });
  });

  it('adds a plan with its price in cents and saves a rate', async () => {
    const api = fakeApi('owner');
    renderAt('/billing/plans');
    await screen.findByText('Silver');
    const form = screen.getByRole('form', { name: 'New plan' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Firewall care' } });
    fireEvent.change(within(form).getByLabelText('Per'), { target: { value: 'device' } });
    fireEvent.change(within(form).getByLabelText('Price a month ($)'), { target: { value: '79.50' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add plan' }));
    expect(await screen.findByText('Added Firewall care at $79.50 per device.')).toBeTruthy();
    expect(api.sent[0].body).toMatchObject({ name: 'Firewall care', unit: 'device', price_cents: 7950, discountable: false });

    const rate = await screen.findByLabelText('Hourly rate of Emergency on-site in dollars');
    fireEvent.change(rate, { target: { value: '195' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the rate of Emergency on-site' }));
    await waitFor(() =>
      expect(api.sent[1]).toEqual({
        method: 'PUT',
        path: '/api/v1/billing/rates',
        body: { work_type: 'emergency_onsite', hourly_cents: 19500, draws_included: false },
      }),
    );
    expect(await screen.findByText('Saved')).toBeTruthy();
  });
});

describe('who sees billing', () => {
  it('gives a service manager contracts and invoices but not the desk', async () => {
    fakeApi('service_manager');
    const { unmount } = renderAt('/billing/contracts/10');
    await screen.findByRole('table', { name: 'Contract lines' });
    expect(screen.queryByRole('button', { name: 'Terminate…' })).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Billing' })).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Billing' })).toBeNull();
    unmount();
    renderAt('/billing');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });
});

describe('the portal', () => {
  it('shows the customer their issued invoices with PDFs, their contract and hours', async () => {
    fakeApi('portal');
    renderAt('/portal/billing');
    const table = await screen.findByRole('table', { name: 'Your invoices' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByRole('link', { name: 'PDF of INV-000040' }).getAttribute('href')).toBe('/api/v1/invoices/1/pdf');
    expect(await screen.findByText('10 h')).toBeTruthy(); // flex balance
    expect(screen.getByText('1 h 15 min')).toBeTruthy(); // included left
    expect(await screen.findByText('$1,440.00')).toBeTruthy(); // this month's charge
    expect(screen.queryByRole('form', { name: 'Draw flex hours' })).toBeNull();
  });
});
