import { describe, expect, it } from 'vitest';
import type { Ticket } from '../api/types';
import { matchesText, queueFilter, queueParams } from './ticketQueue';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const at = (min: number) => new Date(NOW + min * 60_000).toISOString();

function ticket(id: number, over: Partial<Ticket>): Ticket {
  return {
    id,
    customer_id: 1,
    contact_id: null,
    subject: `Ticket ${id}`,
    description: '',
    symptoms: null,
    steps_to_reproduce: null,
    recent_changes: null,
    priority: 'normal',
    status: 'open',
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
    created_at: at(-60),
    updated_at: at(-60),
    ...over,
  };
}

const tickets = [
  ticket(1, { status: 'new', next_due: at(30) }),
  ticket(2, { status: 'open', next_due: at(-5), breached: true }),
  ticket(3, { status: 'hold_resolution', sla_paused: true, next_due: at(-5) }),
  ticket(4, { status: 'closed', breached: true }),
  ticket(5, { status: 'pending_fix', next_due: at(600), subject: 'VPN drops at night' }),
];

describe('queue parameters', () => {
  it('asks the API for what it can filter', () => {
    expect(queueParams('mine')).toMatchObject({ assignee: 'me', status: 'active' });
    expect(queueParams('unassigned')).toMatchObject({ status: 'new' });
    expect(queueParams('customer', 7)).toMatchObject({ customer_id: 7 });
    expect(queueParams('breached')).toMatchObject({ breached: 'true' });
    expect(queueParams('closed')).toMatchObject({ status: 'closed' });
    expect(queueParams('open')).toMatchObject({ status: 'active' });
    expect(queueParams('at_risk')).toMatchObject({ status: 'active' });
  });
});

describe('queue filters', () => {
  const ids = (q: Parameters<typeof queueFilter>[0]) => tickets.filter(queueFilter(q, NOW)).map((t) => t.id);
  it('leaves closed tickets out of the open queues and keeps the order', () => {
    expect(ids('open')).toEqual([1, 2, 3, 5]);
    expect(ids('mine')).toEqual([1, 2, 3, 5]);
    expect(ids('breached')).toEqual([1, 2, 3, 5]); // the API already filtered breached
  });
  it('counts as at risk only running clocks due within the hour or overdue', () => {
    expect(ids('at_risk')).toEqual([1, 2]);
  });
  it('shows only closed tickets in the closed queue', () => {
    expect(ids('closed')).toEqual([4]);
  });
  it('matches text on the reference and the subject', () => {
    expect(tickets.filter((t) => matchesText(t, '#5')).map((t) => t.id)).toEqual([5]);
    expect(tickets.filter((t) => matchesText(t, 'vpn')).map((t) => t.id)).toEqual([5]);
    expect(tickets.filter((t) => matchesText(t, '')).length).toBe(5);
  });
});
