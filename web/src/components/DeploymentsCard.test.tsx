import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../api/changes';
import type { Role } from '../api/types';
import { makeDeployment, makeTarget } from '../test-deployments';
import { fakeApi, json } from '../test-utils';
import { DeploymentsCard } from './DeploymentsCard';

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
    status: 'scheduled',
    components: 'openssl, libssl3, nginx',
    cis: [
      { id: 77, name: 'hv-fs01', kind: 'server' },
      { id: 78, name: 'hv-ws02', kind: 'workstation' },
      { id: 90, name: 'hv-core-sw', kind: 'switch' },
    ],
    ...over,
  } as Change;
}

const update = (id: number, device: number, pkg: string, status = 'pending') => ({
  id,
  device_id: device,
  customer_id: 1,
  package: pkg,
  installed_version: '1',
  candidate_version: '2',
  status,
});

const PENDING = {
  'GET /api/v1/devices/77/updates': () => json([update(1, 77, 'openssl'), update(2, 77, 'tzdata'), update(3, 77, 'bash', 'installed')]),
  'GET /api/v1/devices/78/updates': () => json([update(4, 78, 'openssl'), update(5, 78, 'libssl3')]),
};

function DeploymentLanding() {
  const { id } = useParams();
  return <h1>Deployment page {id}</h1>;
}

function renderCard(c: Change) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={['/changes/12']} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path="/changes/:id" element={<DeploymentsCard c={c} />} />
          <Route path="/deployments/:id" element={<DeploymentLanding />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("a change's deployments card", () => {
  it('lists the deployments newest first with status, who started them, when, and devices by state', async () => {
    fakeApi({
      'GET /api/v1/changes/12/deployments': () =>
        json([
          makeDeployment({
            id: 42,
            status: 'awaiting_approval',
            packages: ['openssl', 'libssl3'],
            created_by_name: 'Omar Haddad',
            targets: [makeTarget(), makeTarget({ device_id: 78, device_name: 'hv-ws02' })],
          }),
          makeDeployment({
            id: 41,
            status: 'done',
            targets: [
              makeTarget({ state: 'installed' }),
              makeTarget({ device_id: 78, state: 'failed' }),
              makeTarget({ device_id: 79, state: 'installed' }),
            ],
          }),
        ]),
    });
    renderCard(change());
    const card = await screen.findByRole('region', { name: 'Deployments (2)' });
    const rows = within(within(card).getByRole('table', { name: 'Deployments' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-deployment-id'))).toEqual(['42', '41']);
    expect(within(rows[0]).getByRole('link', { name: 'Deployment 42' }).getAttribute('href')).toBe('/deployments/42');
    expect(within(rows[0]).getByText('Awaiting approval')).toBeTruthy();
    expect(within(rows[0]).getByText('openssl, libssl3')).toBeTruthy();
    expect(within(rows[0]).getByText('Omar Haddad')).toBeTruthy();
    expect(within(rows[0]).getByLabelText('Devices: 2 waiting')).toBeTruthy();
    expect(within(rows[1]).getByText('Done')).toBeTruthy();
    expect(within(rows[1]).getByLabelText('Devices: 2 installed, 1 failed')).toBeTruthy();
    expect(within(rows[1]).getByText('Tess Nguyen')).toBeTruthy();
  });

  it('deploys the chosen packages to the chosen devices with the chosen policies and lands on the deployment', async () => {
    const calls = fakeApi({
      'GET /api/v1/changes/12/deployments': () => json([]),
      ...PENDING,
      'POST /api/v1/changes/12/deployments': () => json(makeDeployment({ id: 43 }), 201),
    });
    renderCard(change());
    const card = await screen.findByRole('region', { name: 'Deployments (0)' });
    expect(within(card).getByText(/No updates deployed yet/)).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Deploy updates…' }));
    const form = within(card).getByRole('form', { name: 'Deploy updates' });
    // The pending updates of the change's servers and workstations (not the
    // switch), those the change's components name ticked.
    const openssl = (await within(form).findByRole('checkbox', { name: /openssl/ })) as HTMLInputElement;
    expect(openssl.checked).toBe(true);
    expect(within(form).getByText('pending on 2 of 2')).toBeTruthy();
    expect((within(form).getByRole('checkbox', { name: /libssl3/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByRole('checkbox', { name: /tzdata/ }) as HTMLInputElement).checked).toBe(false);
    expect(within(form).queryByRole('checkbox', { name: /bash/ })).toBeNull();
    expect(within(form).queryByRole('checkbox', { name: /hv-core-sw/ })).toBeNull();
    const devices = within(form).getByRole('group', { name: 'Devices' });
    expect(within(devices).getAllByRole('checkbox').every((b) => (b as HTMLInputElement).checked)).toBe(true);
    expect((within(form).getByLabelText('Reboot') as HTMLSelectElement).value).toBe('if_required');
    expect((within(form).getByLabelText('If a device misses its window') as HTMLSelectElement).value).toBe('next_window');

    fireEvent.click(within(form).getByRole('checkbox', { name: /libssl3/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /tzdata/ }));
    fireEvent.change(within(form).getByLabelText('Other packages'), { target: { value: 'zlib1g, openssl' } });
    fireEvent.click(within(devices).getByRole('checkbox', { name: /hv-ws02/ }));
    fireEvent.change(within(form).getByLabelText('Reboot'), { target: { value: 'always' } });
    fireEvent.change(within(form).getByLabelText('If a device misses its window'), { target: { value: 'when_online' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Deploy 3 packages to 1 device' }));

    expect(await screen.findByRole('heading', { name: 'Deployment page 43' })).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe('/api/v1/changes/12/deployments');
    expect(post?.body).toEqual({ packages: ['openssl', 'tzdata', 'zlib1g'], device_ids: [77], reboot: 'always', missed_window: 'when_online' });
  });

  it('leaves the devices to the server when all are chosen, and takes typed names when nothing is pending', async () => {
    const calls = fakeApi({
      'GET /api/v1/changes/12/deployments': () => json([]),
      'GET /api/v1/devices/77/updates': () => json([]),
      'POST /api/v1/changes/12/deployments': () => json(makeDeployment({ id: 44 }), 201),
    });
    renderCard(change({ status: 'approved', cis: [{ id: 77, name: 'hv-fs01', kind: 'server' }] }));
    fireEvent.click(await screen.findByRole('button', { name: 'Deploy updates…' }));
    const form = screen.getByRole('form', { name: 'Deploy updates' });
    expect(await within(form).findByText(/No pending updates are reported/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Package names'), { target: { value: 'openssl' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Deploy 1 package to 1 device' }));
    expect(await screen.findByRole('heading', { name: 'Deployment page 44' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ packages: ['openssl'], reboot: 'if_required', missed_window: 'next_window' });
  });

  it('asks for a package and a device before sending', async () => {
    const calls = fakeApi({ 'GET /api/v1/changes/12/deployments': () => json([]), ...PENDING });
    renderCard(change({ components: '' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Deploy updates…' }));
    const form = screen.getByRole('form', { name: 'Deploy updates' });
    await within(form).findByRole('checkbox', { name: /openssl/ });
    for (const box of within(within(form).getByRole('group', { name: 'Devices' })).getAllByRole('checkbox')) fireEvent.click(box);
    fireEvent.click(within(form).getByRole('button', { name: 'Deploy' }));
    expect(await within(form).findByText('Choose at least one package, or type its name.')).toBeTruthy();
    expect(within(form).getByText('Choose at least one device.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Deploy updates' })).toBeNull();
  });

  it("shows the server's refusal", async () => {
    let answer = json({ error: { code: 'invalid_argument', message: "'Open SSL' is not a package name", field: 'packages' } }, 400);
    fakeApi({
      'GET /api/v1/changes/12/deployments': () => json([]),
      ...PENDING,
      'POST /api/v1/changes/12/deployments': () => answer,
    });
    renderCard(change());
    fireEvent.click(await screen.findByRole('button', { name: 'Deploy updates…' }));
    const form = screen.getByRole('form', { name: 'Deploy updates' });
    await within(form).findByRole('checkbox', { name: /openssl/ });
    fireEvent.change(within(form).getByLabelText('Other packages'), { target: { value: 'Open SSL' } });
    fireEvent.click(within(form).getByRole('button', { name: /^Deploy \d/ }));
    expect((await within(form).findByRole('alert')).textContent).toBe("Could not deploy: 'Open SSL' is not a package name");

    answer = json(
      { error: { code: 'conflict', message: 'the change is implemented: updates go out only for an approved or scheduled change', field: 'change' } },
      409,
    );
    fireEvent.change(within(form).getByLabelText('Other packages'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: /^Deploy \d/ }));
    await waitFor(() =>
      expect(within(form).getByRole('alert').textContent).toBe(
        'Could not deploy: The change is implemented: updates go out only for an approved or scheduled change',
      ),
    );
  });

  it('offers no deploying to a service manager, nor once the change is implemented', async () => {
    fakeApi({ 'GET /api/v1/changes/12/deployments': () => json([makeDeployment()]) });
    role = 'service_manager';
    const { unmount } = renderCard(change());
    await screen.findByRole('region', { name: 'Deployments (1)' });
    expect(screen.queryByRole('button', { name: 'Deploy updates…' })).toBeNull();
    unmount();
    role = 'technician';
    renderCard(change({ status: 'implemented' }));
    await screen.findByRole('region', { name: 'Deployments (1)' });
    expect(screen.queryByRole('button', { name: 'Deploy updates…' })).toBeNull();
  });
});
