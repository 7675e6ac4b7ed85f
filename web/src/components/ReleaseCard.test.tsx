import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../api/changes';
import type { Release } from '../api/releases';
import type { Role } from '../api/types';
import { fakeApi, json } from '../test-utils';
import { ReleaseCard, ReleaseHoldNote } from './ReleaseCard';

let role: Role = 'technician';
vi.mock('../auth/AuthContext', () => ({
  useUser: () => ({ id: 3, email: 'tess@msp.example', name: 'Tess Nguyen', role }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  role = 'technician';
});

function change(over: Partial<Change> = {}): Change {
  return {
    id: 12,
    ref: 'RFC-12',
    customer_id: 1,
    customer_name: 'Harbor & Vale',
    title: 'OpenSSL on the Linux servers',
    status: 'submitted',
    components: 'openssl, libssl3',
    cis: [{ id: 77, name: 'hv-fs01', kind: 'server' }],
    ...over,
  } as Change;
}

const HOUR = 3_600_000;

function release(over: Partial<Release> = {}): Release {
  return {
    id: 5,
    customer_id: 1,
    change_id: 12,
    test_group_id: 4,
    test_group_name: 'Test ring',
    deployment_id: 40,
    packages: ['openssl', 'libssl3'],
    soak_hours: 24,
    status: 'testing',
    reason: '',
    soak_started_at: null,
    soak_ends_at: null,
    decided_at: null,
    created_by: 3,
    created_at: '2026-03-01T09:00:00Z',
    updated_at: '2026-03-01T09:00:00Z',
    ...over,
  };
}

const GROUPS = {
  'GET /api/v1/device-groups': () =>
    json({
      groups: [
        { id: 4, customer_id: 1, name: 'Test ring', device_ids: [77, 78] },
        { id: 6, customer_id: 1, name: 'Pilot desks', device_ids: [79] },
      ],
    }),
  'GET /api/v1/devices/77/updates': () => json([{ id: 1, device_id: 77, package: 'openssl', status: 'pending' }]),
  'GET /api/v1/devices/78/updates': () =>
    json([
      { id: 2, device_id: 78, package: 'openssl', status: 'pending' },
      { id: 3, device_id: 78, package: 'tzdata', status: 'pending' },
    ]),
  'GET /api/v1/devices/79/updates': () => json([{ id: 4, device_id: 79, package: 'curl', status: 'pending' }]),
};

function renderCard(c: Change, withNote = false) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <ReleaseCard c={c} />
        {withNote && <ReleaseHoldNote c={c} />}
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const card = () => screen.findByRole('region', { name: 'Release on the test group' });

describe("a change's release card", () => {
  it('shows a testing release with its group, packages and test deployment, holds approval and offers no new one', async () => {
    fakeApi({ 'GET /api/v1/changes/12/releases': () => json([release()]) });
    renderCard(change(), true);
    const c = await card();
    const current = await within(c).findByLabelText('Newest release');
    expect(within(current).getByText('Testing').getAttribute('data-release-status')).toBe('testing');
    expect(within(current).getByText('Test ring')).toBeTruthy();
    expect(within(current).getByText('openssl, libssl3')).toBeTruthy();
    expect(within(current).getByRole('link', { name: 'Test deployment 40' }).getAttribute('href')).toBe('/deployments/40');
    expect(within(current).getByRole('note').textContent).toMatch(/cannot be approved yet: its release is still installing on the test group Test ring/);
    expect(within(c).queryByRole('button', { name: /release/i })).toBeNull();
    // The approvals card's line says the same.
    const note = document.querySelector('[data-release-hold]');
    expect(note?.textContent).toMatch(/cannot be approved yet/);
  });

  it('shows a soaking release with its soak end, relative', async () => {
    const ends = new Date(Date.now() + 5 * HOUR + 10 * 60_000 + 30_000).toISOString();
    fakeApi({
      'GET /api/v1/changes/12/releases': () =>
        json([release({ status: 'soaking', soak_started_at: new Date(Date.now() - 19 * HOUR).toISOString(), soak_ends_at: ends })]),
    });
    renderCard(change());
    const c = await card();
    expect(await within(c).findByText('Soaking')).toBeTruthy();
    expect(within(c).getByText('(in 5 h 10 min)')).toBeTruthy();
    expect(within(c).getByRole('note').textContent).toMatch(/soaking on Test ring until .* \(in 5 h 10 min\)/);
    expect(within(c).queryByRole('button', { name: /release/i })).toBeNull();
  });

  it('shows a failed release with its reason, lists older ones, and offers a new release', async () => {
    fakeApi({
      'GET /api/v1/changes/12/releases': () =>
        json([
          release({ id: 7, status: 'failed', reason: 'incident TCK-88 opened on hv-fs01 during the soak', deployment_id: 44 }),
          release({ id: 5, status: 'failed', reason: 'hv-ws02 failed openssl', deployment_id: 40 }),
        ]),
    });
    renderCard(change());
    const c = await card();
    const current = await within(c).findByLabelText('Newest release');
    expect(within(current).getByText('Failed')).toBeTruthy();
    expect(within(current).getByText('Incident TCK-88 opened on hv-fs01 during the soak')).toBeTruthy();
    expect(within(current).getByRole('note').textContent).toMatch(/newest release failed on Test ring \(incident TCK-88/);
    const older = within(c).getByRole('list', { name: 'Earlier releases' });
    expect(within(older).getByText(/Release 5 on Test ring/)).toBeTruthy();
    expect(within(older).getByRole('link', { name: 'Test deployment 40' })).toBeTruthy();
    expect(within(c).getByRole('button', { name: 'New release…' })).toBeTruthy();
  });

  it('says a passed release lets the change be approved, without a hold', async () => {
    fakeApi({ 'GET /api/v1/changes/12/releases': () => json([release({ status: 'passed', soak_ends_at: '2026-03-02T09:00:00Z' })]) });
    renderCard(change(), true);
    const c = await card();
    expect(await within(c).findByText('Passed')).toBeTruthy();
    expect(within(c).getByText(/The release passed: the change may be approved/)).toBeTruthy();
    expect(within(c).queryByRole('note')).toBeNull();
    expect(document.querySelector('[data-release-hold]')).toBeNull();
  });

  it('makes a release on the chosen group with the chosen packages and soak, then shows it', async () => {
    let made = false;
    const calls = fakeApi({
      'GET /api/v1/changes/12/releases': () => json(made ? [release({ id: 9, test_group_id: 6, test_group_name: 'Pilot desks' })] : []),
      ...GROUPS,
      'POST /api/v1/changes/12/releases': () => {
        made = true;
        return json(release({ id: 9 }), 201);
      },
    });
    renderCard(change());
    const c = await card();
    expect(await within(c).findByText(/No release yet/)).toBeTruthy();
    fireEvent.click(within(c).getByRole('button', { name: 'Release to the test group…' }));
    const form = await within(c).findByRole('form', { name: 'New release' });
    // The first group's pending packages, those the components name ticked.
    const openssl = (await within(form).findByRole('checkbox', { name: /openssl/ })) as HTMLInputElement;
    expect(openssl.checked).toBe(true);
    expect(within(form).getByText('pending on 2 of 2')).toBeTruthy();
    expect((within(form).getByRole('checkbox', { name: /tzdata/ }) as HTMLInputElement).checked).toBe(false);
    expect((within(form).getByLabelText('Soak hours') as HTMLInputElement).value).toBe('24');
    // Another group: its own pending packages.
    fireEvent.change(within(form).getByLabelText('Test group'), { target: { value: '6' } });
    fireEvent.click(await within(form).findByRole('checkbox', { name: /curl/ }));
    fireEvent.change(within(form).getByLabelText('Other packages'), { target: { value: 'zlib1g' } });
    fireEvent.change(within(form).getByLabelText('Soak hours'), { target: { value: '48' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Release to the test group' }));
    await waitFor(() => expect(calls.some((x) => x.method === 'POST')).toBe(true));
    const post = calls.find((x) => x.method === 'POST');
    expect(post?.url).toBe('/api/v1/changes/12/releases');
    expect(post?.body).toEqual({ test_group_id: 6, packages: ['curl', 'zlib1g'], soak_hours: 48 });
    expect(await within(c).findByText('Testing')).toBeTruthy();
    expect(within(c).queryByRole('form', { name: 'New release' })).toBeNull();
  });

  it("checks the form before sending and shows the server's refusal", async () => {
    const calls = fakeApi({
      'GET /api/v1/changes/12/releases': () => json([]),
      ...GROUPS,
      'POST /api/v1/changes/12/releases': () =>
        json({ error: { code: 'invalid_argument', field: 'packages', message: "none of the test group's devices has these packages pending" } }, 400),
    });
    renderCard(change({ components: '' }));
    fireEvent.click(await within(await card()).findByRole('button', { name: 'Release to the test group…' }));
    const form = await screen.findByRole('form', { name: 'New release' });
    await within(form).findByRole('checkbox', { name: /openssl/ });
    fireEvent.change(within(form).getByLabelText('Soak hours'), { target: { value: '400' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Release to the test group' }));
    expect(await within(form).findByText('Choose at least one package, or type its name.')).toBeTruthy();
    expect(within(form).getByText('A whole number of hours, 1 to 336.')).toBeTruthy();
    expect(calls.some((x) => x.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Soak hours'), { target: { value: '24' } });
    fireEvent.change(within(form).getByLabelText('Other packages'), { target: { value: 'nosuchpkg' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Release to the test group' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe("Could not make the release: None of the test group's devices has these packages pending");
  });

  it('shows the 409 of a change no longer open to releases', async () => {
    fakeApi({
      'GET /api/v1/changes/12/releases': () => json([]),
      ...GROUPS,
      'POST /api/v1/changes/12/releases': () =>
        json({ error: { code: 'conflict', message: 'the change is approved: releases are made while it is a draft or submitted' } }, 409),
    });
    renderCard(change({ status: 'draft' }));
    fireEvent.click(await within(await card()).findByRole('button', { name: 'Release to the test group…' }));
    const form = await screen.findByRole('form', { name: 'New release' });
    await within(form).findByRole('checkbox', { name: /openssl/ });
    fireEvent.click(within(form).getByRole('button', { name: 'Release to the test group' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/The change is approved: releases are made while it is a draft or submitted/);
  });

  it('gives a service manager the release to read but no form', async () => {
    role = 'service_manager';
    fakeApi({ 'GET /api/v1/changes/12/releases': () => json([release({ status: 'failed', reason: 'hv-ws02 failed openssl' })]) });
    renderCard(change());
    const c = await card();
    expect(await within(c).findByText('Failed')).toBeTruthy();
    expect(within(c).queryByRole('button')).toBeNull();
    expect(within(c).queryByRole('form')).toBeNull();
  });

  it('shows the history after approval but no form, and nothing when there was no release', async () => {
    fakeApi({ 'GET /api/v1/changes/12/releases': () => json([release({ status: 'passed' })]) });
    const { unmount } = renderCard(change({ status: 'approved' }));
    const c = await card();
    expect(await within(c).findByText('Passed')).toBeTruthy();
    expect(within(c).queryByRole('button')).toBeNull();
    unmount();
    vi.unstubAllGlobals();
    const calls = fakeApi({ 'GET /api/v1/changes/12/releases': () => json([]) });
    renderCard(change({ status: 'scheduled' }));
    await waitFor(() => expect(calls.length).toBe(1));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Release on the test group' })).toBeNull());
  });

  it('is not shown to a role that cannot read releases', async () => {
    role = 'account_manager';
    const calls = fakeApi({});
    renderCard(change());
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('region', { name: 'Release on the test group' })).toBeNull();
    expect(calls.length).toBe(0);
  });
});
