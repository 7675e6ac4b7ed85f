import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalPolicy, ApprovalRule } from '../api/patching';
import type { Role } from '../api/types';
import { fakeApi, json } from '../test-utils';
import type { Call } from '../test-utils';
import { CustomerApprovalPolicyCard, DeviceApprovalPolicyCard, GlobalApprovalPolicyCard } from './ApprovalPolicyCards';

let role: Role = 'owner';
vi.mock('../auth/AuthContext', () => ({
  useUser: () => ({ id: 1, email: 'olivia@msp.example', name: 'Olivia Owner', role }),
}));

const rule = (cls: ApprovalRule['class'], mode: ApprovalRule['mode'], delay_days = 0): ApprovalRule => ({
  class: cls,
  mode,
  delay_days,
});

// As demo_patching.cc seeds it, plus a customer, a group and a device level.
const STORED: Record<string, ApprovalRule[]> = {
  'global:0': [
    rule('critical', 'automatic', 1),
    rule('important', 'manual'),
    rule('service_release', 'automatic'),
    rule('major_revision', 'manual'),
  ],
  'customer:7': [rule('important', 'automatic', 3)],
  'group:31': [rule('major_revision', 'reject')],
  'group:32': [rule('major_revision', 'automatic', 10)],
  'device:19': [rule('low', 'reject')],
};

type Refusal = { status: number; code: string; message: string; field: string | null };

function server(opts: { refuse?: Refusal } = {}) {
  const stored = { ...STORED };
  return fakeApi({
    'GET /api/v1/update-approval-policy': (_b, url) => {
      const q = new URL(url, 'http://x').searchParams;
      const level = (q.get('level') ?? 'global') as ApprovalPolicy['level'];
      const target = Number(q.get('target_id') ?? 0);
      return json({ level, target_id: target, rules: stored[`${level}:${target}`] ?? [] } satisfies ApprovalPolicy);
    },
    'PUT /api/v1/update-approval-policy': (body) => {
      const b = body as { level: ApprovalPolicy['level']; target_id?: number; rules: ApprovalRule[] };
      if (opts.refuse) {
        const { status, ...error } = opts.refuse;
        return json({ error }, status);
      }
      stored[`${b.level}:${b.target_id ?? 0}`] = b.rules;
      return json({ level: b.level, target_id: b.target_id ?? 0, rules: b.rules });
    },
    'GET /api/v1/device-groups': () =>
      json({
        groups: [
          { id: 31, customer_id: 7, name: 'Servers', device_ids: [19, 20] },
          { id: 32, customer_id: 7, name: 'Finance', device_ids: [19] },
          { id: 33, customer_id: 7, name: 'Kiosks', device_ids: [21] },
        ],
      }),
  });
}

function show(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

const row = async (cls: string) => {
  await screen.findByRole('columnheader', { name: 'In effect' });
  return document.querySelector(`tr[data-class="${cls}"]`) as HTMLTableRowElement;
};
const effective = (tr: HTMLElement) => tr.querySelector('[data-effective]')!.textContent;
const puts = (calls: Call[]) => calls.filter((c) => c.method === 'PUT');

beforeEach(() => {
  role = 'owner';
});

describe('the customer level', () => {
  it("shows the customer's own rules and what the others inherit, and from where", async () => {
    const calls = server();
    show(<CustomerApprovalPolicyCard customerId={7} />);
    const important = await row('important');
    expect(important.dataset.source).toBe('own');
    expect((within(important).getByRole('combobox') as HTMLSelectElement).value).toBe('automatic');
    expect((within(important).getByLabelText('Important: delay in days') as HTMLInputElement).value).toBe('3');
    expect(effective(important)).toContain('Approve automatically after 3 days');
    expect(effective(important)).toContain('Set here');
    expect(effective(important)).toContain('Overrides Global: Manual approval');

    const critical = await row('critical');
    expect(critical.dataset.source).toBe('inherited');
    expect((within(critical).getByRole('combobox') as HTMLSelectElement).value).toBe('inherit');
    expect(effective(critical)).toContain('Approve automatically after 1 day');
    expect(effective(critical)).toContain('From Global');
    expect(within(critical).queryByRole('button')).toBeNull();

    const moderate = await row('moderate');
    expect(moderate.dataset.source).toBe('default');
    expect(effective(moderate)).toContain('No rule at any level: a person decides.');
    // It read the two levels it needs.
    const gets = calls.filter((c) => c.method === 'GET').map((c) => c.url);
    expect(gets).toContain('/api/v1/update-approval-policy?level=customer&target_id=7');
    expect(gets).toContain('/api/v1/update-approval-policy?level=global');
  });

  it('saves exactly the rules set at this level with one PUT', async () => {
    const calls = server();
    show(<CustomerApprovalPolicyCard customerId={7} />);
    const save = await screen.findByRole('button', { name: 'Save rules' });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('Critical: rule at this level'), { target: { value: 'automatic' } });
    // An automatic rule starts from the inherited delay.
    const delay = screen.getByLabelText('Critical: delay in days') as HTMLInputElement;
    expect(delay.value).toBe('1');
    fireEvent.change(delay, { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Major revision: rule at this level'), { target: { value: 'reject' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reset to inherit: Important' }));
    expect(effective(await row('important'))).toContain('From Global');

    fireEvent.click(save);
    await screen.findByRole('status');
    expect(screen.getByRole('status').textContent).toContain('Rules saved');
    expect(puts(calls)).toHaveLength(1);
    expect(puts(calls)[0].body).toEqual({
      level: 'customer',
      target_id: 7,
      rules: [
        { class: 'critical', mode: 'automatic', delay_days: 2 },
        { class: 'major_revision', mode: 'reject', delay_days: 0 },
      ],
    });
    // The table now shows what the server answered, and nothing is left to save.
    expect(effective(await row('critical'))).toContain('Set here');
    expect((screen.getByRole('button', { name: 'Save rules' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the server's message, naming the class it refused, and keeps the draft", async () => {
    const calls = server({
      refuse: {
        status: 400,
        code: 'invalid_argument',
        message: 'must be 0 to 365 days, on an automatic rule only',
        field: 'rules[0].delay_days',
      },
    });
    show(<CustomerApprovalPolicyCard customerId={7} />);
    fireEvent.change(await screen.findByLabelText('Low: rule at this level'), { target: { value: 'manual' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rules' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Could not save the rules: must be 0 to 365 days, on an automatic rule only (Important: delay days)',
    );
    expect(puts(calls)).toHaveLength(1);
    expect((screen.getByLabelText('Low: rule at this level') as HTMLSelectElement).value).toBe('manual');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('checks the delay before sending', async () => {
    const calls = server();
    show(<CustomerApprovalPolicyCard customerId={7} />);
    fireEvent.change(await screen.findByLabelText('Important: delay in days'), { target: { value: '400' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rules' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Important: the delay must be 0 to 365 whole days.');
    expect(screen.getByLabelText('Important: delay in days').getAttribute('aria-invalid')).toBe('true');
    expect(puts(calls)).toHaveLength(0);
  });

  it('is read only for a technician', async () => {
    role = 'technician';
    const calls = server();
    show(<CustomerApprovalPolicyCard customerId={7} />);
    const important = await row('important');
    expect(important.querySelector('[data-rule-here]')!.textContent).toBe('Approve automatically');
    expect(important.textContent).toContain('3 days');
    expect(effective(await row('critical'))).toContain('From Global');
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('spinbutton')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText(/Read only: owners, service managers and change managers/)).toBeTruthy();
    expect(puts(calls)).toHaveLength(0);
  });
});

describe('the device level', () => {
  it('inherits from its groups, its customer and global, the most cautious group rule winning', async () => {
    role = 'change_manager';
    server();
    show(<DeviceApprovalPolicyCard deviceId={19} customerId={7} />);
    expect(effective(await row('major_revision'))).toContain('Reject');
    expect(effective(await row('major_revision'))).toContain('From Group “Servers”');
    expect(effective(await row('important'))).toContain('From Customer');
    expect(effective(await row('critical'))).toContain('From Global');
    const low = await row('low');
    expect(low.dataset.source).toBe('own');
    expect(effective(low)).toContain('Reject');
    expect(screen.getByText(/It is in “Finance”, “Servers”; of its groups, the most cautious rule applies\./)).toBeTruthy();
  });
});

describe('the global level', () => {
  it('has nothing to inherit and saves without a target', async () => {
    const calls = server();
    show(<GlobalApprovalPolicyCard />);
    const moderate = await row('moderate');
    expect(within(moderate).getByRole('option', { name: 'No rule' })).toBeTruthy();
    fireEvent.change(within(moderate).getByRole('combobox'), { target: { value: 'automatic' } });
    fireEvent.change(screen.getByLabelText('Moderate: delay in days'), { target: { value: '14' } });
    fireEvent.click(screen.getByRole('button', { name: 'Clear rule: Major revision' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save rules' }));
    await waitFor(() => expect(puts(calls)).toHaveLength(1));
    expect(puts(calls)[0].body).toEqual({
      level: 'global',
      rules: [
        { class: 'critical', mode: 'automatic', delay_days: 1 },
        { class: 'important', mode: 'manual', delay_days: 0 },
        { class: 'moderate', mode: 'automatic', delay_days: 14 },
        { class: 'service_release', mode: 'automatic', delay_days: 0 },
      ],
    });
  });
});
