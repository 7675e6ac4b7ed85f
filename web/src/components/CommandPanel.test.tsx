import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent, CommandRun } from '../api/agents';
import type { Role } from '../api/types';
import { CommandPanel } from './CommandPanel';

let role: Role = 'technician';
vi.mock('../auth/AuthContext', () => ({
  useUser: () => ({ id: 3, email: 't@msp.example', name: 'Tess Nguyen', role }),
}));

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const agent: Agent = {
  device_id: 9,
  customer_id: 1,
  device_name: 'HVL-SRV-01',
  status: 'approved',
  machine_id: 'abc',
  agent_version: '0.1.0',
  commands_enabled: true,
  enrolled_at: '2026-11-01T08:00:00Z',
  approved_at: '2026-11-01T08:10:00Z',
  revoked_at: null,
  last_connected_at: '2026-11-29T08:00:00Z',
  last_seen_at: null,
};

function run(id: number, over: Partial<CommandRun> = {}): CommandRun {
  return {
    id,
    customer_id: 1,
    device_id: 9,
    script_id: null,
    interpreter: 'sh',
    script: 'uptime',
    args: [],
    timeout_seconds: 60,
    status: 'completed',
    refusal: null,
    exit_code: 0,
    requested_by: 3,
    created_at: '2026-11-29T08:00:00Z',
    expires_at: '2026-11-29T08:15:00Z',
    delivered_at: null,
    completed_at: null,
    ...over,
  };
}

interface Fake {
  calls: Array<{ method: string; path: string; body: unknown }>;
  list: CommandRun[];
  detail: (id: number, n: number) => CommandRun | Response;
  post?: (body: Record<string, unknown>) => Response;
}

function fakeApi(f: Fake) {
  const seen = new Map<number, number>();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const path = url.split('?')[0];
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      f.calls.push({ method, path, body });
      if (path === '/api/v1/staff') return json({ staff: [{ id: 3, name: 'Tess Nguyen', role: 'technician', cis: [] }] });
      if (path === '/api/v1/scripts')
        return json({
          scripts: [{ id: 4, name: 'Disk usage', description: 'Free space', interpreter: 'sh', body: 'df -h', updated_at: '' }],
        });
      if (path === '/api/v1/devices/9/commands' && method === 'GET') return json({ commands: f.list });
      if (path === '/api/v1/devices/9/commands' && method === 'POST') return f.post!(body);
      const m = path.match(/^\/api\/v1\/commands\/(\d+)$/);
      if (m) {
        const id = Number(m[1]);
        const n = (seen.get(id) ?? 0) + 1;
        seen.set(id, n);
        const r = f.detail(id, n);
        return r instanceof Response ? r : json(r);
      }
      return json({ error: { code: 'not_found', message: 'not found' } }, 404);
    }),
  );
}

function show(a: Agent = agent) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <CommandPanel deviceId={9} agent={a} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const detailCalls = (f: Fake, id: number) => f.calls.filter((c) => c.path === `/api/v1/commands/${id}`).length;

beforeEach(() => {
  role = 'technician';
});
afterEach(() => vi.unstubAllGlobals());

describe('CommandPanel', () => {
  it('renders agent output as text: a <script> in stdout stays text', async () => {
    const hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    const f: Fake = {
      calls: [],
      list: [run(5)],
      detail: (id) => run(id, { stdout: `total 3\n${hostile}\n`, stderr: '<b>bold?</b>' }),
    };
    fakeApi(f);
    const { container } = show();
    fireEvent.click(await screen.findByRole('button', { name: /uptime/ }));
    const out = await screen.findByLabelText('Output');
    expect(out.textContent).toContain(hostile);
    expect(screen.getByLabelText('Errors (stderr)').textContent).toBe('<b>bold?</b>');
    expect(container.querySelector('script, img, b')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows who ran what in the history, with status and exit code', async () => {
    const f: Fake = {
      calls: [],
      list: [run(6, { script_id: 4, script: 'df -h', exit_code: 1 }), run(5, { status: 'refused', refusal: 'expired', exit_code: null, requested_by: null })],
      detail: (id) => (id === 5 ? run(5, { status: 'refused', refusal: 'expired', exit_code: null, stdout: '', stderr: '' }) : run(id)),
    };
    fakeApi(f);
    show();
    const first = await screen.findByRole('button', { name: /Disk usage/ });
    expect(first.textContent).toContain('Tess Nguyen');
    expect(first.textContent).toContain('Completed');
    expect(first.textContent).toContain('exit 1');
    const refused = screen.getByRole('button', { name: /uptime/ });
    expect(refused.textContent).toContain('system');
    expect(refused.textContent).toContain('Refused');
    fireEvent.click(refused);
    expect(refused.getAttribute('aria-expanded')).toBe('true');
    await screen.findByText(/refused: expired — it arrived after its expiry/);
  });

  it('polls a running command every second and stops at its final status', async () => {
    const f: Fake = {
      calls: [],
      list: [run(7, { status: 'running', exit_code: null })],
      detail: (id, n) =>
        n < 3
          ? run(id, { status: 'running', exit_code: null, stdout: 'line 1\n'.repeat(n) })
          : run(id, { status: 'completed', exit_code: 0, stdout: 'line 1\nline 1\ndone\n' }),
    };
    fakeApi(f);
    show();
    const head = await screen.findByRole('button', { name: /uptime/ });
    expect(head.textContent).toContain('Running');
    fireEvent.click(head);
    await screen.findByText(/output updates every second/);
    await waitFor(() => expect(screen.getByLabelText('Output').textContent).toBe('line 1\nline 1\n'), { timeout: 3000 });
    await waitFor(() => expect(screen.getByLabelText('Output').textContent).toContain('done'), { timeout: 3000 });
    // The history row follows the poll.
    expect(head.textContent).toContain('Completed');
    expect(screen.queryByText(/output updates every second/)).toBeNull();
    const calls = detailCalls(f, 7);
    expect(calls).toBe(3);
    await new Promise((r) => setTimeout(r, 1600));
    expect(detailCalls(f, 7)).toBe(calls);
  }, 10_000);

  it('runs a one-off command: the new run appears at the top, queued, and is polled', async () => {
    const f: Fake = {
      calls: [],
      list: [run(5)],
      detail: (id) => (id === 8 ? run(8, { script: 'whoami', status: 'pending', exit_code: null, stdout: '', stderr: '' }) : run(id)),
      post: (body) => {
        f.list = [run(8, { script: String(body.script), status: 'pending', exit_code: null }), ...f.list];
        return json({ ...f.list[0], stdout: '', stderr: '' }, 201);
      },
    };
    fakeApi(f);
    show();
    await screen.findByRole('button', { name: /uptime/ });
    fireEvent.change(screen.getByLabelText('Command'), { target: { value: 'whoami' } });
    fireEvent.change(screen.getByLabelText('Timeout (seconds)'), { target: { value: '120' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(f.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(f.calls.find((c) => c.method === 'POST')!.body).toEqual({ script: 'whoami', timeout_seconds: 120 });
    const rows = await waitFor(() => {
      const items = within(document.querySelector('.cmd-runs') as HTMLElement).getAllByRole('listitem');
      expect(items[0].getAttribute('data-command-id')).toBe('8');
      return items;
    });
    const head = within(rows[0]).getAllByRole('button')[0];
    expect(head.getAttribute('aria-expanded')).toBe('true');
    expect(head.textContent).toContain('Queued');
    await screen.findByText(/Waiting for the agent to connect/);
    await waitFor(() => expect(detailCalls(f, 8)).toBeGreaterThanOrEqual(2), { timeout: 3000 });
  }, 10_000);

  it('runs a library script by its id', async () => {
    const f: Fake = {
      calls: [],
      list: [],
      detail: (id) => run(id, { status: 'pending', exit_code: null }),
      post: () => json(run(9, { script_id: 4, script: 'df -h', status: 'pending', exit_code: null }), 201),
    };
    fakeApi(f);
    show();
    await screen.findByText('No commands have run on this device.');
    await screen.findByRole('option', { name: 'Disk usage' });
    fireEvent.change(screen.getByLabelText('Script'), { target: { value: '4' } });
    expect(screen.getByLabelText('Script Disk usage').textContent).toBe('df -h');
    fireEvent.change(screen.getByLabelText('Arguments'), { target: { value: ' /srv   /home ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() =>
      expect(f.calls.find((c) => c.method === 'POST')?.body).toEqual({ script_id: 4, args: ['/srv', '/home'], timeout_seconds: 60 }),
    );
  });

  it('explains a 409 and how to turn commands on', async () => {
    const f: Fake = {
      calls: [],
      list: [],
      detail: (id) => run(id),
      post: () => json({ error: { code: 'failed_precondition', message: 'remote commands are not enabled for device 9' } }, 409),
    };
    fakeApi(f);
    show();
    fireEvent.change(await screen.findByLabelText('Command'), { target: { value: 'id' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('remote commands are not enabled for device 9');
    expect(alert.textContent).toContain('turn on Remote commands in the Agent card');
  });

  it('disables Run with the way to enable it while commands are off', async () => {
    fakeApi({ calls: [], list: [], detail: (id) => run(id) });
    show({ ...agent, commands_enabled: false });
    expect((await screen.findByRole('button', { name: 'Run' })).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/turn on the Remote commands switch in the Agent card/)).toBeTruthy();
  });

  it('gives a service manager the history but no Run button', async () => {
    role = 'service_manager';
    fakeApi({ calls: [], list: [run(5)], detail: (id) => run(id) });
    show();
    await screen.findByRole('button', { name: /uptime/ });
    expect(screen.queryByRole('button', { name: 'Run' })).toBeNull();
    expect(screen.queryByLabelText('Command')).toBeNull();
  });
});
