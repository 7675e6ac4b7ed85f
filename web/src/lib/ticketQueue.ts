// The ticket queues of the console: each is the API's filter (the server
// sorts by priority, then the next due time; status=active is every status
// but closed) plus what the API has no parameter for (SLA at risk), applied
// on the client without changing the server's order.
import type { Ticket } from '../api/types';
import { isAtRisk } from './sla';

export type QueueId = 'mine' | 'unassigned' | 'customer' | 'at_risk' | 'breached' | 'open' | 'closed';

export interface QueueDef {
  id: QueueId;
  label: string;
  description: string;
}

export const QUEUES: QueueDef[] = [
  { id: 'mine', label: 'Mine', description: 'Open tickets you are responsible for' },
  {
    id: 'unassigned',
    label: 'Unassigned',
    description: 'New tickets nobody has taken up yet (still with the dispatcher; work not begun)',
  },
  { id: 'customer', label: 'Per customer', description: "One customer's open tickets" },
  { id: 'at_risk', label: 'SLA at risk', description: 'Due within the hour or overdue, clock running' },
  { id: 'breached', label: 'Breached', description: 'Open tickets that missed a target' },
  { id: 'open', label: 'All open', description: 'Every ticket not closed' },
  { id: 'closed', label: 'Closed', description: 'Closed tickets' },
];

export function isQueueId(s: string | null): s is QueueId {
  return QUEUES.some((q) => q.id === s);
}

export interface TicketListParams {
  status?: string;
  assignee?: string;
  customer_id?: number;
  breached?: 'true' | 'false';
  limit: number;
}

export function queueParams(queue: QueueId, customerId?: number): TicketListParams {
  const limit = 1000;
  switch (queue) {
    case 'mine':
      return { assignee: 'me', status: 'active', limit };
    case 'unassigned':
      return { status: 'new', limit };
    case 'customer':
      return { customer_id: customerId, status: 'active', limit };
    case 'breached':
      return { breached: 'true', status: 'active', limit };
    case 'closed':
      return { status: 'closed', limit: 200 };
    default:
      return { status: 'active', limit };
  }
}

export function queueFilter(queue: QueueId, now: number): (t: Ticket) => boolean {
  switch (queue) {
    case 'closed':
      return (t) => t.status === 'closed';
    case 'at_risk':
      return (t) => t.status !== 'closed' && isAtRisk(t, now);
    default:
      return (t) => t.status !== 'closed';
  }
}

// Free text over the reference ("#12" or "12") and the subject.
export function matchesText(t: Ticket, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  const ref = q.replace(/^#/, '');
  if (/^\d+$/.test(ref) && String(t.id) === ref) return true;
  return t.subject.toLowerCase().includes(q);
}

export function ticketRef(id: number): string {
  return `#${id}`;
}
