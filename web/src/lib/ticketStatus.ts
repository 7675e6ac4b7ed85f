// The ticket state machine, mirrored from src/server/servicedesk/
// ticket_status.cc so the ticket page offers only the moves the server
// accepts right now. The server stays the judge: a stale page still gets a
// 409 naming the allowed moves, which the page shows.
import type { TicketStatus } from '../api/types';

export const TICKET_STATUSES: TicketStatus[] = [
  'new',
  'open',
  'hold_research',
  'hold_resolution',
  'pending_fix',
  'rfc_submitted',
  'closed',
];

const ALLOWED: Record<TicketStatus, TicketStatus[]> = {
  new: ['open', 'hold_research', 'hold_resolution', 'pending_fix', 'rfc_submitted'],
  open: ['hold_research', 'hold_resolution', 'pending_fix', 'rfc_submitted'],
  hold_research: ['open', 'hold_resolution', 'pending_fix', 'rfc_submitted'],
  // Back to work ("not resolved", or the information arrived), or confirmed.
  hold_resolution: ['open', 'closed'],
  pending_fix: ['open', 'hold_resolution', 'rfc_submitted'],
  rfc_submitted: ['open', 'hold_resolution', 'pending_fix'],
  closed: [],
};

export function allowedTransitions(from: TicketStatus): TicketStatus[] {
  return ALLOWED[from] ?? [];
}

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return allowedTransitions(from).includes(to);
}

// Moving to hold_resolution records what was done; the server refuses it
// without a resolution text.
export function needsResolution(to: TicketStatus): boolean {
  return to === 'hold_resolution';
}

// The SLA clock stops while the ticket waits on the customer.
export function pausesSla(s: TicketStatus): boolean {
  return s === 'hold_resolution' || s === 'pending_fix';
}

const LABELS: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  hold_research: 'Hold for research',
  hold_resolution: 'Hold for resolution',
  pending_fix: 'Pending fix',
  rfc_submitted: 'RFC submitted',
  closed: 'Closed',
};

export function statusLabel(s: string): string {
  return LABELS[s as TicketStatus] ?? s;
}

// What the button says for a move (the verb, not the state).
const VERBS: Partial<Record<TicketStatus, string>> = {
  open: 'Start work (open)',
  hold_research: 'Hold for research or testing',
  hold_resolution: 'Resolve — ask the customer to confirm',
  pending_fix: 'Fix found — await approval',
  rfc_submitted: 'Needs a change — submit RFC',
  closed: 'Close',
};

export function transitionLabel(to: TicketStatus): string {
  return VERBS[to] ?? statusLabel(to);
}

export function statusTone(s: string): 'bad' | 'warn' | 'good' | 'neutral' {
  switch (s) {
    case 'new':
      return 'bad';
    case 'hold_resolution':
    case 'pending_fix':
      return 'warn';
    case 'closed':
      return 'good';
    default:
      return 'neutral';
  }
}

export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;

export function priorityTone(p: string): 'bad' | 'warn' | 'neutral' {
  return p === 'critical' ? 'bad' : p === 'high' ? 'warn' : 'neutral';
}
