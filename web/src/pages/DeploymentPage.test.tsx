import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Deployment, SecondApproval } from '../api/deployments';
import type { Role } from '../api/types';
import { makeDeployment, makeTarget } from '../test-deployments';
import { fakeApi, json } from '../test-utils';
import { DeploymentPage } from './DeploymentPage';

let role: Role = 'technician';
vi.mock('../auth/AuthContext', () => ({
  useUser: () => ({ id: 4, email: 'omar@msp.example', name: 'Omar Haddad', role }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  role = 'technician';
});

function renderPage(id = 41) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[`/deployments/${id}`]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path="/deployments/:id" element={<DeploymentPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const soon = new Date(Date.now() + 2 * 3_600_000 + 10 * 60_000).toISOString();

// One device in each state, with the reboot states.
const EVERY_STATE = makeDeployment({
  packages: ['openssl', 'libssl3'],
  reboot: 'always',
  missed_window: 'when_online',
  targets: [
    makeTarget({ device_id: 71, device_name: 'hv-app01', state: 'waiting', reason: 'waits for its change window', next_attempt_at: soon }),
    makeTarget({ device_id: 72, device_name: 'hv-app02', state: 'sent', reason: '', command_id: 900, attempts: 1 }),
    makeTarget({
      device_id: 73,
      device_name: 'hv-app03',
      state: 'installed',
      reason: '',
      command_id: 901,
      attempts: 1,
      reboot_required: true,
      reboot: { state: 'back', since: '2026-12-06T22:14:00Z', deadline: null },
      results: [
        { name: 'openssl', outcome: 'installed', version: '3.0.2-0ubuntu1.18', exit_code: 0, log_tail: 'Setting up openssl (3.0.2-0ubuntu1.18) ...', reason: '' },
        { name: 'libssl3', outcome: 'installed', version: '3.0.2-0ubuntu1.18', exit_code: 0, log_tail: '', reason: '' },
      ],
    }),
    makeTarget({
      device_id: 74,
      device_name: 'hv-app04',
      state: 'partial',
      reason: '1 of 2 packages failed',
      command_id: 902,
      attempts: 1,
      reboot_required: true,
      reboot: { state: 'rebooting', since: '2026-12-06T22:10:00Z', deadline: '2026-12-06T22:40:00Z' },
      results: [
        { name: 'openssl', outcome: 'installed', version: '3.0.2-0ubuntu1.18', exit_code: 0, log_tail: '', reason: '' },
        {
          name: 'libssl3',
          outcome: 'failed',
          version: '3.0.2-0ubuntu1.15',
          exit_code: 100,
          log_tail: 'E: Sub-process /usr/bin/dpkg returned an error code (1)\n<script>alert(1)</script>',
          reason: '',
        },
      ],
    }),
    makeTarget({ device_id: 75, device_name: 'hv-app05', state: 'failed', reason: 'every package failed', attempts: 3, reboot: { state: 'overdue', since: '2026-12-06T22:10:00Z', deadline: '2026-12-06T22:40:00Z' } }),
    makeTarget({
      device_id: 76,
      device_name: 'hv-app06',
      state: 'held',
      reason: 'every package held',
      attempts: 1,
      results: [{ name: 'openssl', outcome: 'held', version: '3.0.2-0ubuntu1.15', exit_code: null, log_tail: '', reason: 'configuration file /etc/ssl/openssl.cnf changed locally' }],
    }),
    makeTarget({ device_id: 78, device_name: 'hv-ws02', state: 'skipped', reason: 'none of the packages is pending', packages: [], reboot_required: true, reboot: undefined }),
  ],
});

const approval = (over: Partial<SecondApproval> = {}): SecondApproval => ({
  reason: '30 devices: more than 25 need a second technician',
  decision: 'pending',
  decided_by: null,
  decided_by_name: null,
  decided_at: null,
  comment: '',
  ...over,
});

describe('a deployment page', () => {
  it('heads with its change, status, policies and who started it', async () => {
    fakeApi({ 'GET /api/v1/deployments/41': () => json(EVERY_STATE) });
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Deployment 41' })).toBeTruthy();
    const links = screen.getAllByRole('link', { name: /RFC-12/ });
    expect(links.every((l) => l.getAttribute('href') === '/changes/12')).toBe(true);
    expect(screen.getByText('Active').getAttribute('data-deployment-status')).toBe('active');
    expect(screen.getByText(/openssl, libssl3/)).toBeTruthy();
    expect(screen.getByText(/Reboot: always · missed window: install once it is back online/)).toBeTruthy();
    expect(screen.getByText(/Started by Tess Nguyen/)).toBeTruthy();
    expect(screen.getByText('refreshes every 10 s')).toBeTruthy();
    // No second approval needed: no panel.
    expect(screen.queryByRole('region', { name: 'Second approval' })).toBeNull();
  });

  it('shows every device with its state, reason, attempts, next attempt and reboot', async () => {
    fakeApi({ 'GET /api/v1/deployments/41': () => json(EVERY_STATE) });
    renderPage();
    const card = await screen.findByRole('region', { name: 'Devices (7)' });
    const table = within(card).getByRole('table', { name: 'Devices' });
    const row = (name: string) => within(table).getByRole('link', { name }).closest('tr')!;
    const expected: Array<[string, string, string]> = [
      ['hv-app01', 'Waiting', 'waits for its change window'],
      ['hv-app02', 'Sent', '—'],
      ['hv-app03', 'Installed', '—'],
      ['hv-app04', 'Partial', '1 of 2 packages failed'],
      ['hv-app05', 'Failed', 'every package failed'],
      ['hv-app06', 'Held', 'every package held'],
      ['hv-ws02', 'Skipped', 'none of the packages is pending'],
    ];
    for (const [name, state, reason] of expected) {
      const r = row(name);
      expect(within(r).getByText(state).className).toContain('badge');
      expect(r.cells[3].textContent).toBe(reason);
    }
    expect(within(table).getByRole('link', { name: 'hv-app01' }).getAttribute('href')).toBe('/devices/71');
    expect(row('hv-app05').cells[4].textContent).toBe('3');
    expect(row('hv-app01').cells[5].textContent).toMatch(/^in 2 h (9|10) min$/);
    expect(row('hv-app02').cells[5].textContent).toBe('—');
    expect(within(row('hv-app03')).getByText('Back')).toBeTruthy();
    expect(within(row('hv-app04')).getByText('Rebooting')).toBeTruthy();
    expect(within(row('hv-app04')).getByText(/due back by/)).toBeTruthy();
    expect(within(row('hv-app05')).getByText('Overdue')).toBeTruthy();
    // A server without reboot tracking: the flag alone.
    expect(within(row('hv-ws02')).getByText('Required')).toBeTruthy();
    expect(row('hv-app01').cells[6].textContent).toBe('—');
    expect(within(card).getByLabelText('Devices: 1 waiting, 1 sent, 1 installed, 1 partial, 1 failed, 1 held, 1 skipped')).toBeTruthy();
  });

  it("opens a device to its package results, with the log tail as text", async () => {
    fakeApi({ 'GET /api/v1/deployments/41': () => json(EVERY_STATE) });
    renderPage();
    const toggle = await screen.findByRole('button', { name: 'Package results of hv-app04' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const results = screen.getByRole('table', { name: 'Package results of hv-app04' });
    const failed = within(results).getByRole('rowheader', { name: 'libssl3' }).closest('tr')!;
    expect(within(failed).getByText('Failed').getAttribute('data-outcome')).toBe('failed');
    expect(within(failed).getByText('3.0.2-0ubuntu1.15')).toBeTruthy();
    expect(within(failed).getByText('100')).toBeTruthy();
    const log = screen.getByLabelText('Log tail of libssl3');
    expect(log.tagName).toBe('PRE');
    expect(log.textContent).toContain('<script>alert(1)</script>');
    expect(document.querySelector('pre script')).toBeNull();
    const ok = within(results).getByRole('rowheader', { name: 'openssl' }).closest('tr')!;
    expect(within(ok).getByText('Installed')).toBeTruthy();
    expect(screen.queryByLabelText('Log tail of openssl')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Package results of hv-app06' }));
    const held = screen.getByRole('table', { name: 'Package results of hv-app06' });
    expect(within(held).getByText('Held')).toBeTruthy();
    expect(within(held).getByText('configuration file /etc/ssl/openssl.cnf changed locally')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Package results of hv-app01' }));
    const waiting = document.getElementById(screen.getByRole('button', { name: 'Package results of hv-app01' }).getAttribute('aria-controls')!)!;
    expect(within(waiting).getByText('No package results yet.')).toBeTruthy();
    expect(within(waiting).getByText('openssl 3.0.2-0ubuntu1.18')).toBeTruthy();

    fireEvent.click(toggle);
    expect(screen.queryByRole('table', { name: 'Package results of hv-app04' })).toBeNull();
  });

  it('lets a second technician approve a pending deployment with a comment', async () => {
    let d: Deployment = makeDeployment({ status: 'awaiting_approval', second_approval: approval() });
    const calls = fakeApi({
      'GET /api/v1/deployments/41': () => json(d),
      'POST /api/v1/deployments/41/approvals': () => {
        d = makeDeployment({
          status: 'active',
          second_approval: approval({ decision: 'approved', decided_by: 4, decided_by_name: 'Omar Haddad', decided_at: '2026-12-05T10:00:00Z', comment: 'Checked the list' }),
        });
        return json(d);
      },
    });
    renderPage();
    const panel = await screen.findByRole('region', { name: 'Second approval' });
    expect(within(panel).getByText('Waiting for a second technician')).toBeTruthy();
    expect(within(panel).getByText('30 devices: more than 25 need a second technician')).toBeTruthy();
    expect(screen.getByText('Awaiting approval')).toBeTruthy();
    const form = within(panel).getByRole('form', { name: 'Second approval decision' });
    fireEvent.change(within(form).getByLabelText('Comment (required to reject)'), { target: { value: ' Checked the list ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(within(panel).getByText('Approved').getAttribute('data-second-approval')).toBe('approved'));
    expect(within(panel).getByText(/Approved by Omar Haddad/).textContent).toContain('Checked the list');
    expect(within(panel).queryByRole('form')).toBeNull();
    expect(screen.getByText('Active')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/deployments/41/approvals');
    expect(post?.body).toEqual({ decision: 'approve', comment: 'Checked the list' });
  });

  it("requires a comment to reject and shows the server's 403 to the technician who started it", async () => {
    const calls = fakeApi({
      'GET /api/v1/deployments/41': () => json(makeDeployment({ status: 'awaiting_approval', second_approval: approval() })),
      'POST /api/v1/deployments/41/approvals': () =>
        json({ error: { code: 'forbidden', message: 'you started this deployment: a second technician must approve it', field: null } }, 403),
    });
    renderPage();
    const panel = await screen.findByRole('region', { name: 'Second approval' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Reject' }));
    expect(within(panel).getByText('Say why you reject it.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(within(panel).getByLabelText('Comment (required to reject)'), { target: { value: 'Too many at once' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Reject' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe(
      'Could not record your decision: You started this deployment: a second technician must approve it',
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ decision: 'reject', comment: 'Too many at once' });
  });

  it('shows a rejected second approval with who, when and why, without buttons', async () => {
    fakeApi({
      'GET /api/v1/deployments/41': () =>
        json(
          makeDeployment({
            status: 'rejected',
            second_approval: approval({ decision: 'rejected', decided_by: 5, decided_by_name: 'Olivia Owner', decided_at: '2026-12-05T10:00:00Z', comment: 'Split it by site' }),
          }),
        ),
    });
    renderPage();
    const panel = await screen.findByRole('region', { name: 'Second approval' });
    expect(within(panel).getByText('Rejected').getAttribute('data-second-approval')).toBe('rejected');
    expect(within(panel).getByText(/Rejected by Olivia Owner/).textContent).toContain('Split it by site');
    expect(within(panel).queryByRole('button')).toBeNull();
    expect(within(panel).getByText(/Nothing goes out/)).toBeTruthy();
    // Over: no more refreshing.
    expect(screen.queryByText('refreshes every 10 s')).toBeNull();
  });

  it('gives a change manager the pending approval to read but no buttons', async () => {
    role = 'change_manager';
    fakeApi({ 'GET /api/v1/deployments/41': () => json(makeDeployment({ status: 'awaiting_approval', second_approval: approval() })) });
    renderPage();
    const panel = await screen.findByRole('region', { name: 'Second approval' });
    expect(within(panel).queryByRole('button')).toBeNull();
    expect(within(panel).getByText(/other than the one who started it decides/)).toBeTruthy();
  });

  it('reloads an active deployment every 10 s until it is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let n = 0;
      fakeApi({
        'GET /api/v1/deployments/41': () => {
          n++;
          return json(n === 1 ? makeDeployment() : makeDeployment({ status: 'done', targets: [makeTarget({ state: 'installed' })] }));
        },
      });
      renderPage();
      await screen.findByText('Waiting');
      await vi.advanceTimersByTimeAsync(10_500);
      await screen.findByText('Done');
      expect(screen.getByText('Installed')).toBeTruthy();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(n).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says so when the deployment is not the user's to see", async () => {
    fakeApi({});
    renderPage(99);
    expect((await screen.findByRole('alert')).textContent).toBe('Not found, or you do not have access to it.');
  });
});
