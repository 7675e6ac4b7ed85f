import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../api/types';
import { TICKET_STATUSES, allowedTransitions, canTransition, needsResolution, pausesSla, statusLabel } from './ticketStatus';

describe('ticket state machine (mirror of ticket_status.cc)', () => {
  it('matches the server table move by move', () => {
    // The table in docs/servicedesk.md, written out in full so a change on
    // either side shows up here.
    const table: Record<TicketStatus, TicketStatus[]> = {
      new: ['open', 'hold_research', 'hold_resolution', 'pending_fix', 'rfc_submitted'],
      open: ['hold_research', 'hold_resolution', 'pending_fix', 'rfc_submitted'],
      hold_research: ['open', 'hold_resolution', 'pending_fix', 'rfc_submitted'],
      hold_resolution: ['open', 'closed'],
      pending_fix: ['open', 'hold_resolution', 'rfc_submitted'],
      rfc_submitted: ['open', 'hold_resolution', 'pending_fix'],
      closed: [],
    };
    for (const from of TICKET_STATUSES) {
      expect(allowedTransitions(from)).toEqual(table[from]);
      for (const to of TICKET_STATUSES) expect(canTransition(from, to)).toBe(table[from].includes(to));
    }
  });

  it('never offers a move to the same status, nor out of closed', () => {
    for (const s of TICKET_STATUSES) expect(allowedTransitions(s)).not.toContain(s);
    expect(allowedTransitions('closed')).toEqual([]);
  });

  it('only closes from hold for resolution', () => {
    const into = TICKET_STATUSES.filter((s) => canTransition(s, 'closed'));
    expect(into).toEqual(['hold_resolution']);
  });

  it('asks for a resolution only on the move to hold for resolution', () => {
    expect(TICKET_STATUSES.filter(needsResolution)).toEqual(['hold_resolution']);
  });

  it('pauses the SLA while waiting on the customer', () => {
    expect(TICKET_STATUSES.filter(pausesSla)).toEqual(['hold_resolution', 'pending_fix']);
  });

  it('names every status', () => {
    expect(statusLabel('hold_research')).toBe('Hold for research');
    expect(statusLabel('rfc_submitted')).toBe('RFC submitted');
    expect(statusLabel('something_else')).toBe('something_else');
  });
});
