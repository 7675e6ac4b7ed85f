import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TicketDetail, TicketStatus } from '../api/types';
import { StatusCard } from './TicketCards';

function ticket(status: TicketStatus): TicketDetail {
  return {
    id: 7,
    customer_id: 1,
    contact_id: null,
    subject: 'Printer offline',
    description: 'It does not print.',
    symptoms: null,
    steps_to_reproduce: null,
    recent_changes: null,
    priority: 'normal',
    status,
    source: 'portal',
    tags: [],
    assignee_id: 3,
    reported_by: null,
    sla_policy: 'default',
    calendar_id: null,
    response_due: null,
    resolution_due: null,
    next_due: null,
    first_response_at: null,
    sla_paused: false,
    resolution: null,
    resolved_at: null,
    resolved_by: null,
    closed_at: null,
    alert_id: null,
    created_at: '2026-11-23T08:00:00Z',
    updated_at: '2026-11-23T08:00:00Z',
    ci_ids: [],
    replies: [],
    history: [],
    transfers: [],
    escalations: [],
    breaches: [],
    rfc: null,
    closure: null,
  };
}

function wrap(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return (
    <QueryClientProvider client={qc}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{children}</MemoryRouter>
    </QueryClientProvider>
  );
}

function options() {
  const select = screen.getByRole('combobox', { name: 'Move to' });
  return within(select)
    .getAllByRole('option')
    .map((o) => (o as HTMLOptionElement).value)
    .filter(Boolean);
}

afterEach(() => vi.unstubAllGlobals());

describe('StatusCard', () => {
  it('offers only the moves valid from New (never Closed)', () => {
    render(wrap(<StatusCard ticket={ticket('new')} />));
    expect(options()).toEqual(['open', 'hold_research', 'hold_resolution', 'pending_fix', 'rfc_submitted']);
  });

  it('offers Open and Close while waiting for confirmation', () => {
    render(wrap(<StatusCard ticket={ticket('hold_resolution')} />));
    expect(options()).toEqual(['open', 'closed']);
  });

  it('offers nothing on a closed ticket', () => {
    render(wrap(<StatusCard ticket={ticket('closed')} />));
    expect(screen.queryByRole('combobox', { name: 'Move to' })).toBeNull();
    expect(screen.getByText(/Closed is final/)).toBeTruthy();
  });

  it('requires a resolution before asking the customer to confirm, without calling the server', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    render(wrap(<StatusCard ticket={ticket('open')} />));
    fireEvent.change(screen.getByRole('combobox', { name: 'Move to' }), { target: { value: 'hold_resolution' } });
    const box = screen.getByRole('textbox', { name: /Resolution/ });
    fireEvent.click(screen.getByRole('button', { name: 'Change status' }));
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Describe the resolution/)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends the move with the resolution and shows a 409 from the server', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(
        JSON.stringify({
          error: { code: 'conflict', message: 'cannot move a ticket from closed to hold_resolution; allowed: none (closed is final)', field: 'status' },
        }),
        { status: 409, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(wrap(<StatusCard ticket={ticket('open')} />));
    fireEvent.change(screen.getByRole('combobox', { name: 'Move to' }), { target: { value: 'hold_resolution' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Resolution/ }), { target: { value: 'Replaced the toner.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change status' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not change the status: cannot move a ticket from closed');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/tickets/7');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(String(init.body))).toEqual({ status: 'hold_resolution', resolution: 'Replaced the toner.' });
  });
});
