import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../api/agents';
import type { Role } from '../api/types';
import { AgentCard } from './AgentCard';

let role: Role = 'technician';
vi.mock('../auth/AuthContext', () => ({
  useUser: () => ({ id: 3, email: 't@msp.example', name: 'Tess Nguyen', role }),
}));

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const base: Agent = {
  device_id: 9,
  customer_id: 1,
  device_name: 'HVL-LT-NEW07',
  status: 'quarantined',
  machine_id: 'abc',
  agent_version: '0.1.0',
  commands_enabled: false,
  enrolled_at: '2026-11-01T08:00:00Z',
  approved_at: null,
  revoked_at: null,
  last_connected_at: null,
  last_seen_at: null,
};

function fakeApi(initial: Agent) {
  let agent = { ...initial };
  const writes: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const path = url.split('?')[0];
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      if (path === '/api/v1/agents' && method === 'GET') return json({ agents: [{ ...agent, device_id: 2 }, agent] });
      writes.push({ method, path, body });
      if (path === '/api/v1/agents/9/approve' && agent.claims_device_id && !body?.as_new_device) {
        // Bound to the device it claimed: the answer is that device's agent.
        return json({ ...agent, device_id: agent.claims_device_id, status: 'approved', claims_device_id: null });
      }
      if (path === '/api/v1/agents/9/approve') agent = { ...agent, status: 'approved', claims_device_id: null };
      else if (path === '/api/v1/agents/9/revoke') agent = { ...agent, status: 'revoked', commands_enabled: false };
      else if (path === '/api/v1/agents/9' && method === 'PATCH') agent = { ...agent, commands_enabled: body.commands_enabled };
      else return json({ error: { code: 'not_found', message: 'not found' } }, 404);
      return json(agent);
    }),
  );
  return writes;
}

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={['/devices/9']}>
        <Routes>
          <Route path="/devices/9" element={<AgentCard deviceId={9} customerId={1} />} />
          <Route path="/devices/:id" element={<p>another device page</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  role = 'technician';
});
afterEach(() => vi.unstubAllGlobals());

describe('AgentCard', () => {
  it('approves a quarantined agent, then turns remote commands on', async () => {
    const writes = fakeApi(base);
    show();
    await screen.findByText('Quarantined');
    const sw = screen.getByRole('switch', { name: 'Remote commands' }) as HTMLInputElement;
    expect(sw.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await screen.findByText('Approved');
    await waitFor(() => expect((screen.getByRole('switch', { name: 'Remote commands' }) as HTMLInputElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('switch', { name: 'Remote commands' }));
    await waitFor(() => expect((screen.getByRole('switch', { name: 'Remote commands' }) as HTMLInputElement).checked).toBe(true));
    expect(writes).toEqual([
      { method: 'POST', path: '/api/v1/agents/9/approve', body: {} },
      { method: 'PATCH', path: '/api/v1/agents/9', body: { commands_enabled: true } },
    ]);
  });

  it('revokes only after the confirmation', async () => {
    const writes = fakeApi({ ...base, status: 'approved', commands_enabled: true });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke…' }));
    expect(writes).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('button', { name: 'Revoke agent' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Revoke agent' }));
    await screen.findByText('Revoked');
    expect(writes).toEqual([{ method: 'POST', path: '/api/v1/agents/9/revoke', body: {} }]);
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('shows the state but no actions to a role that does not manage agents', async () => {
    role = 'account_manager';
    fakeApi({ ...base, status: 'approved' });
    show();
    await screen.findByText('Approved');
    expect(screen.getByText('0.1.0')).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('binds a re-enrolment to the device it claims only when asked, then shows that device', async () => {
    const writes = fakeApi({ ...base, claims_device_id: 4 });
    show();
    await screen.findByRole('note');
    expect(screen.getByRole('note').textContent).toContain('machine id of device #4');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Approve as device #4' }));
    await screen.findByText('another device page');
    expect(writes).toEqual([{ method: 'POST', path: '/api/v1/agents/9/approve', body: {} }]);
  });

  it('approves a re-enrolment as a device of its own', async () => {
    const writes = fakeApi({ ...base, claims_device_id: 4 });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Approve as a new device' }));
    await screen.findByText('Approved');
    expect(writes).toEqual([{ method: 'POST', path: '/api/v1/agents/9/approve', body: { as_new_device: true } }]);
    expect(screen.queryByRole('note')).toBeNull();
  });
});
