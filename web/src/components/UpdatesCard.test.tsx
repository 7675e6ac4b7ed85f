import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceUpdate } from '../api/patching';
import type { Role } from '../api/types';
import { fakeApi, json } from '../test-utils';
import { UpdatesCard } from './UpdatesCard';

let role: Role = 'owner';
vi.mock('../auth/AuthContext', () => ({
  useUser: () => ({ id: 1, email: 'olivia@msp.example', name: 'Olivia Owner', role }),
}));

const approval = (over: Partial<DeviceUpdate['approval']> = {}): DeviceUpdate['approval'] => ({
  decision: 'pending',
  in_force: 'pending',
  at: null,
  by: null,
  by_person: false,
  note: '',
  ...over,
});

function update(id: number, over: Partial<DeviceUpdate>): DeviceUpdate {
  return {
    id,
    device_id: 19,
    customer_id: 2,
    package: 'pkg',
    installed_version: '1.0',
    candidate_version: '1.1',
    origin: 'Debian:12.9/stable',
    severity: '',
    cves: [],
    advisories: [],
    reboot_suggested: false,
    class: 'service_release',
    first_seen_at: '2026-11-17T13:57:53Z',
    last_seen_at: '2026-12-07T12:57:53Z',
    deadline: '2027-05-17T12:57:53Z',
    status: 'pending',
    clock: 'ok',
    resolved_at: null,
    approval: approval(),
    ...over,
  };
}

// As the API sorts them: soonest deadline first.
const PENDING: DeviceUpdate[] = [
  update(19, {
    package: 'openssl',
    installed_version: '3.0.14-1~deb12u1',
    candidate_version: '3.0.16-1~deb12u1',
    origin: 'Debian-Security:12/stable-security',
    cves: ['CVE-2024-5535', 'CVE-2024-6119'],
    class: 'important',
    deadline: '2026-12-02T02:00:00Z',
    clock: 'overdue',
  }),
  update(36, {
    package: 'linux-image-amd64',
    installed_version: '6.1.112-1',
    candidate_version: '6.1.119-1',
    cves: ['CVE-2024-50264', 'CVE-2024-1', 'CVE-2024-2', 'CVE-2024-3'],
    reboot_suggested: true,
    class: 'important',
    deadline: '2026-12-12T20:00:00Z',
    clock: 'warning',
  }),
  update(40, {
    package: 'nginx',
    class: 'moderate',
    deadline: '2027-02-01T00:00:00Z',
    clock: 'rejected',
    approval: approval({ decision: 'rejected', in_force: 'rejected', at: '2026-12-03T09:00:00Z', by: 4, by_person: true, note: 'Breaks the reverse proxy' }),
  }),
  update(41, {
    package: 'tzdata',
    installed_version: '',
    candidate_version: '2025b-0+deb12u1',
    clock: 'approved',
    approval: approval({ decision: 'approved', in_force: 'approved', at: '2026-12-01T00:00:00Z' }),
  }),
  update(42, {
    package: 'curl',
    class: 'low',
    clock: 'ok',
    approval: approval({ decision: 'approved', in_force: 'pending', at: '2026-12-10T08:00:00Z' }),
  }),
];

const INSTALLED = update(17, {
  package: 'bash',
  status: 'installed',
  clock: null,
  resolved_at: '2026-12-01T13:57:53Z',
});

function server(opts: { refuse?: boolean } = {}) {
  let rows = [...PENDING];
  return fakeApi({
    'GET /api/v1/devices/19/updates': () => json(rows),
    'POST /api/v1/devices/19/updates/19/approval': (body) => {
      if (opts.refuse) return json({ error: { code: 'not_found', field: null, message: 'pending update 19 not found' } }, 404);
      const b = body as { decision: string; note?: string };
      const decision = b.decision === 'approve' ? 'approved' : 'rejected';
      const row = update(19, {
        ...PENDING[0],
        clock: decision,
        approval: approval({ decision, in_force: decision, at: '2026-12-07T14:00:00Z', by: 1, by_person: true, note: b.note ?? '' }),
      });
      rows = rows.map((r) => (r.id === 19 ? row : r));
      return json(row);
    },
  });
}

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <UpdatesCard deviceId={19} />
    </QueryClientProvider>,
  );
}

const rowOf = (pkg: string) => document.querySelector(`tr[data-package="${pkg}"]`) as HTMLElement;

beforeEach(() => {
  role = 'owner';
});
afterEach(() => vi.unstubAllGlobals());

describe('UpdatesCard', () => {
  it('lists the updates in the order the server sorts them, with their clocks as badges', async () => {
    server();
    show();
    const card = await screen.findByRole('region', { name: 'Updates' });
    await within(card).findByText('openssl');
    const packages = [...card.querySelectorAll('tbody tr[data-package]')].map((r) => r.getAttribute('data-package'));
    expect(packages).toEqual(['openssl', 'linux-image-amd64', 'nginx', 'tzdata', 'curl']);
    expect(within(card).getByText('5 pending')).toBeTruthy();

    const openssl = rowOf('openssl');
    expect(openssl.textContent).toContain('3.0.14-1~deb12u1');
    expect(openssl.textContent).toContain('3.0.16-1~deb12u1');
    expect(within(openssl).getByText('Important')).toBeTruthy();
    expect(within(openssl).getByText('CVE-2024-5535')).toBeTruthy();
    expect(within(openssl).getByText('CVE-2024-6119')).toBeTruthy();
    const badge = within(openssl).getByText('Overdue');
    expect(badge.className).toContain('tone-bad');
    expect(badge.getAttribute('data-clock')).toBe('overdue');

    const kernel = rowOf('linux-image-amd64');
    expect(within(kernel).getByText('Warning').className).toContain('tone-warn');
    expect(within(kernel).getByText('Suggested')).toBeTruthy();
    expect(within(kernel).getByText('CVE-2024-2')).toBeTruthy();
    expect(within(kernel).queryByText('CVE-2024-3')).toBeNull();
    expect(within(kernel).getByText('+1 more')).toBeTruthy();

    expect(within(rowOf('nginx')).getByText('Rejected')).toBeTruthy();
    expect(within(rowOf('nginx')).getByText('Breaks the reverse proxy')).toBeTruthy();
    expect(within(rowOf('tzdata')).getByText('Approved').className).toContain('tone-good');
    expect(within(rowOf('tzdata')).getByText('By policy')).toBeTruthy();
    // No installed version: the candidate alone.
    expect(rowOf('tzdata').textContent).not.toContain('→');
    // A delayed automatic approval is not in force yet: the clock still runs.
    expect(within(rowOf('curl')).getByText('OK')).toBeTruthy();
    expect(within(rowOf('curl')).getByText(/^Approved by policy from/)).toBeTruthy();

    // Buttons only where no person decided yet.
    expect(within(rowOf('openssl')).getByRole('button', { name: 'Approve openssl' })).toBeTruthy();
    expect(within(rowOf('tzdata')).getByRole('button', { name: 'Reject tzdata' })).toBeTruthy();
    expect(within(rowOf('nginx')).queryByRole('button')).toBeNull();
  });

  it('approves an update with a note: the right body, then the row shows the answer', async () => {
    const calls = server();
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Approve openssl' }));
    const form = screen.getByRole('form', { name: 'Approve openssl' });
    fireEvent.change(within(form).getByLabelText('Note (optional)'), { target: { value: '  CHG-1042, Saturday window ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Confirm approval' }));
    await screen.findByRole('status');
    expect(screen.getByRole('status').textContent).toBe('openssl approved.');
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toEqual([
      {
        url: '/api/v1/devices/19/updates/19/approval',
        method: 'POST',
        body: { decision: 'approve', note: 'CHG-1042, Saturday window' },
      },
    ]);
    const row = rowOf('openssl');
    expect(within(row).getByText('Approved').getAttribute('data-clock')).toBe('approved');
    expect(within(row).getByText('CHG-1042, Saturday window')).toBeTruthy();
    expect(within(row).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
    // From the mutation's answer, not from a reload of the list.
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(1);
  });

  it('rejects without a note and sends no note', async () => {
    const calls = server();
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Reject openssl' }));
    const form = screen.getByRole('form', { name: 'Reject openssl' });
    fireEvent.click(within(form).getByRole('button', { name: 'Confirm rejection' }));
    await waitFor(() => expect(within(rowOf('openssl')).getByText('Rejected')).toBeTruthy());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ decision: 'reject' });
  });

  it('cancels a decision without sending anything', async () => {
    const calls = server();
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Approve openssl' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it("shows the server's refusal and keeps the form open", async () => {
    server({ refuse: true });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Approve openssl' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm approval' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('pending update 19 not found');
    expect(screen.getByRole('form', { name: 'Approve openssl' })).toBeTruthy();
  });

  it('hides the decision buttons from a technician', async () => {
    role = 'technician';
    server();
    show();
    await screen.findByText('openssl');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('shows the buttons to a change manager', async () => {
    role = 'change_manager';
    server();
    show();
    expect(await screen.findByRole('button', { name: 'Approve openssl' })).toBeTruthy();
  });

  it('adds the installed updates when asked (history=1)', async () => {
    const calls = fakeApi({
      'GET /api/v1/devices/19/updates': () => json([PENDING[0]]),
    });
    // The same route with ?history=1: fakeApi ignores the query, so answer by URL.
    vi.mocked(fetch).mockImplementation(async (url) => {
      calls.push({ url: String(url), method: 'GET', body: undefined });
      return json(String(url).includes('history=1') ? [PENDING[0], INSTALLED] : [PENDING[0]]);
    });
    show();
    await screen.findByText('openssl');
    expect(screen.queryByText('bash')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show installed' }));
    await screen.findByText('bash');
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/devices/19/updates', '/api/v1/devices/19/updates?history=1']);
    const installed = rowOf('bash');
    expect(within(installed).getByText('Installed').getAttribute('data-clock')).toBe('installed');
    expect(within(installed).queryByRole('button')).toBeNull();
    expect(screen.getByText('1 pending')).toBeTruthy();
  });

  it('says so when the device reported nothing pending', async () => {
    fakeApi({ 'GET /api/v1/devices/19/updates': () => json([]) });
    show();
    expect(await screen.findByText('No pending updates reported.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
