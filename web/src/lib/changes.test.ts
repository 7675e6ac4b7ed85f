import { describe, expect, it } from 'vitest';
import type { Change, ChangeSummary, Freeze } from '../api/changes';
import {
  CHANGE_STATUSES,
  EMPTY_DRAFT,
  awaitsCustomer,
  calendarRange,
  changeStatusLabel,
  capitalize,
  changeStatusTone,
  closeOutcomes,
  conflictKindLabel,
  dayKey,
  dayLabel,
  draftFromChange,
  draftKeyOf,
  draftPatch,
  fieldErrorText,
  formatWindow,
  groupCalendar,
  isoToLocalInput,
  localInputToIso,
  missingLabel,
  moveKind,
  moveLabel,
  newChangeBody,
  orderMoves,
  parseTicketRef,
  readableTimes,
  roundUp,
  tally,
  validateChangeDraft,
  voteState,
  watchHeadline,
} from './changes';

const change: Change = {
  id: 12,
  ref: 'RFC-12',
  customer_id: 3,
  customer_name: 'Harbor & Vale Law LLP',
  ticket_id: 40,
  title: 'Upgrade the file server to Debian 12',
  type: 'normal',
  status: 'submitted',
  description: 'In-place upgrade.',
  reason: 'Debian 11 leaves LTS.',
  components: 'samba, kernel',
  risk: 'medium',
  impact: 'high',
  backout_plan: 'Restore the snapshot.',
  test_plan: 'Upgraded the staging copy.',
  cost_estimate_cents: 45000,
  planned_start: '2026-12-12T22:00:00Z',
  planned_end: '2026-12-13T01:00:00Z',
  quorum: 2,
  customer_approval: true,
  requested_by: { id: 3, name: 'Tess Nguyen' },
  reviewers: [
    { user_id: 4, name: 'Chloe Martin' },
    { user_id: 5, name: 'Omar Haddad' },
  ],
  cis: [{ id: 77, name: 'hv-fs01', kind: 'server' }],
  approvals: [],
  events: [],
  outcome: null,
  review: '',
  watch: null,
  created_at: '2026-12-01T09:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  allowed_moves: ['draft', 'closed'],
  missing_for_submit: [],
};

const summary = (id: number, start: string | null, end: string | null = null): ChangeSummary => ({
  id,
  ref: `RFC-${id}`,
  customer_id: 3,
  customer_name: 'Harbor & Vale Law LLP',
  title: `Change ${id}`,
  type: 'normal',
  status: 'scheduled',
  risk: 'low',
  planned_start: start,
  planned_end: end,
  ticket_id: null,
  updated_at: '2026-12-01T10:00:00Z',
});

describe('change statuses and moves', () => {
  it('names and colours every status', () => {
    expect(CHANGE_STATUSES.map(changeStatusLabel)).toEqual([
      'Draft',
      'Awaiting approval',
      'Approved',
      'Rejected',
      'Scheduled',
      'Implemented',
      'Closed',
    ]);
    expect(changeStatusTone('rejected')).toBe('bad');
    expect(changeStatusTone('submitted')).toBe('warn');
    expect(changeStatusTone('scheduled')).toBe('info');
    expect(changeStatusTone('closed')).toBe('neutral');
    expect(changeStatusLabel('unknown')).toBe('unknown');
  });

  it('says each move as a verb', () => {
    expect(moveLabel('draft', 'submitted', 'normal')).toBe('Submit for approval');
    expect(moveLabel('draft', 'submitted', 'standard')).toBe('Submit (pre-approved)');
    expect(moveLabel('submitted', 'draft')).toBe('Withdraw for rework');
    expect(moveLabel('approved', 'scheduled')).toBe('Schedule…');
    expect(moveLabel('scheduled', 'approved')).toBe('Unschedule');
    expect(moveLabel('scheduled', 'implemented')).toBe('Mark implemented');
    expect(moveLabel('implemented', 'closed')).toBe('Close with review…');
    expect(moveLabel('approved', 'closed')).toBe('Withdraw and close…');
  });

  it('asks for a window to schedule and an outcome to close', () => {
    expect(moveKind('scheduled')).toBe('schedule');
    expect(moveKind('closed')).toBe('close');
    expect(moveKind('submitted')).toBe('plain');
    expect(closeOutcomes('implemented')).toEqual(['successful', 'failed', 'backed_out']);
    for (const s of ['draft', 'submitted', 'approved', 'scheduled']) expect(closeOutcomes(s)).toEqual(['withdrawn']);
  });

  it('offers forward moves first and closing last', () => {
    expect(orderMoves(['closed', 'approved', 'implemented'])).toEqual(['implemented', 'approved', 'closed']);
    expect(orderMoves(['closed', 'submitted'])).toEqual(['submitted', 'closed']);
  });
});

describe('fields and errors', () => {
  it('says what a missing field asks for', () => {
    expect(missingLabel('backout_plan')).toBe('Write the back-out plan');
    expect(missingLabel('ci_ids')).toBe('Pick the affected CIs');
    expect(missingLabel('something_new')).toBe('Something new');
  });

  it("puts the field's name before the server's message", () => {
    expect(fieldErrorText('planned_start', 'is in the past')).toBe('Planned start is in the past');
    expect(fieldErrorText('outcome', 'is required to close a change: what happened')).toBe(
      'Outcome is required to close a change: what happened',
    );
    expect(fieldErrorText('status', 'cannot move a change from draft to scheduled; allowed: submitted, closed')).toBe(
      'Cannot move a change from draft to scheduled; allowed: submitted, closed',
    );
    expect(fieldErrorText('planned_start', 'cannot schedule RFC-3: inside the freeze "Year-end"')).toBe(
      'Cannot schedule RFC-3: inside the freeze "Year-end"',
    );
    expect(fieldErrorText(null, 'the change is not waiting for approval')).toBe('The change is not waiting for approval');
    expect(fieldErrorText('backout_plan', 'a back-out plan is needed')).toBe('A back-out plan is needed');
  });

  it('names conflict kinds', () => {
    expect(conflictKindLabel('outside_window')).toBe('Outside window');
    expect(conflictKindLabel('overlap')).toBe('Overlap');
    expect(conflictKindLabel('freeze')).toBe('Freeze');
    expect(capitalize('outside the change windows of mail01')).toBe('Outside the change windows of mail01');
  });

  it('maps API fields to the form', () => {
    expect(draftKeyOf('cost_estimate_cents')).toBe('cost');
    expect(draftKeyOf('backout_plan')).toBe('backout_plan');
    expect(draftKeyOf('status')).toBeNull();
  });

  it('reads ticket numbers', () => {
    expect(parseTicketRef('')).toBeNull();
    expect(parseTicketRef(' #12 ')).toBe(12);
    expect(parseTicketRef('T-7')).toBe(7);
    expect(parseTicketRef('twelve')).toBeNaN();
    expect(parseTicketRef('0')).toBeNaN();
  });
});

describe('times', () => {
  it('turns a datetime-local value into the API time and back', () => {
    const iso = localInputToIso('2026-12-12T22:00');
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    expect(isoToLocalInput(iso)).toBe('2026-12-12T22:00');
    expect(localInputToIso('tomorrow')).toBeNull();
    expect(isoToLocalInput(null)).toBe('');
  });

  it('rounds up to five minutes', () => {
    expect(roundUp(Date.parse('2026-12-12T22:01:10Z'))).toBe(Date.parse('2026-12-12T22:05:00Z'));
    expect(roundUp(Date.parse('2026-12-12T22:05:00Z'))).toBe(Date.parse('2026-12-12T22:05:00Z'));
  });

  it('writes a window on one day or across midnight', () => {
    expect(formatWindow('2026-12-12T22:00:00Z', '2026-12-12T23:30:00Z', 'UTC')).toBe('12 Dec 2026, 22:00–23:30');
    expect(formatWindow('2026-12-12T22:00:00Z', '2026-12-13T02:00:00Z', 'UTC')).toBe(
      '12 Dec 2026, 22:00 – 13 Dec 2026, 02:00',
    );
    expect(formatWindow('2026-12-12T22:00:00Z', '2026-12-13T02:00:00Z', 'America/New_York')).toBe(
      '12 Dec 2026, 17:00–21:00',
    );
    expect(formatWindow(null, '2026-12-13T02:00:00Z')).toBe('Not planned');
  });

  it("says the server's instants in words", () => {
    expect(readableTimes('the next opens 2026-12-13T06:00:00Z until 2026-12-13T10:00:00Z', 'UTC')).toBe(
      'the next opens 13 Dec 2026, 06:00 until 13 Dec 2026, 10:00',
    );
    expect(readableTimes('no time here')).toBe('no time here');
  });

  it('names days', () => {
    expect(dayKey('2026-12-12T23:30:00Z', 'UTC')).toBe('2026-12-12');
    expect(dayKey('2026-12-12T23:30:00Z', 'Europe/Berlin')).toBe('2026-12-13');
    expect(dayLabel('2026-12-12')).toBe('Saturday 12 December 2026');
  });

  it("spans the calendar from today's midnight", () => {
    const r = calendarRange(Date.parse('2026-12-10T15:00:00Z'), 42);
    expect(Date.parse(r.to) - Date.parse(r.from)).toBeGreaterThanOrEqual(41 * 24 * 3600_000);
    expect(Date.parse(r.from)).toBeLessThanOrEqual(Date.parse('2026-12-10T15:00:00Z'));
    expect(r.from).toMatch(/Z$/);
  });
});

describe('the calendar grouped by day', () => {
  const freeze: Freeze = {
    id: 1,
    customer_id: null,
    customer_name: null,
    name: 'Year-end freeze',
    starts_at: '2026-12-14T00:00:00Z',
    ends_at: '2026-12-16T00:00:00Z',
  };

  it('puts each change on its start day, in order, and a freeze on every day it covers', () => {
    const days = groupCalendar(
      [
        summary(3, '2026-12-12T22:00:00Z', '2026-12-13T02:00:00Z'),
        summary(2, '2026-12-12T08:00:00Z', '2026-12-12T09:00:00Z'),
        summary(4, '2026-12-15T08:00:00Z', '2026-12-15T09:00:00Z'),
        summary(5, null),
      ],
      [freeze],
      '2026-12-10T00:00:00Z',
      '2027-01-10T00:00:00Z',
      'UTC',
    );
    expect(days.map((d) => d.key)).toEqual(['2026-12-12', '2026-12-14', '2026-12-15']);
    expect(days[0].changes.map((c) => c.id)).toEqual([2, 3]);
    expect(days[0].label).toBe('Saturday 12 December 2026');
    expect(days[1].freezes).toEqual([{ freeze, starts: true }]);
    expect(days[2].freezes).toEqual([{ freeze, starts: false }]);
    expect(days[2].changes.map((c) => c.id)).toEqual([4]);
  });

  it('does not repeat a long freeze on empty days', () => {
    const long = { ...freeze, starts_at: '2026-12-20T00:00:00Z', ends_at: '2027-01-03T00:00:00Z' };
    const days = groupCalendar([summary(8, '2026-12-24T08:00:00Z', '2026-12-24T09:00:00Z')], [long], '2026-12-10T00:00:00Z', '2027-01-10T00:00:00Z', 'UTC');
    expect(days.map((d) => [d.key, d.freezes.length, d.changes.length])).toEqual([
      ['2026-12-20', 1, 0],
      ['2026-12-24', 1, 1],
    ]);
    expect(days[1].freezes[0].starts).toBe(false);
  });

  it('clips freezes and running changes to the range', () => {
    const days = groupCalendar(
      [summary(7, '2026-12-09T22:00:00Z', '2026-12-10T04:00:00Z')],
      [{ ...freeze, starts_at: '2026-12-01T00:00:00Z', ends_at: '2026-12-11T00:00:00Z' }],
      '2026-12-10T00:00:00Z',
      '2026-12-20T00:00:00Z',
      'UTC',
    );
    expect(days.map((d) => d.key)).toEqual(['2026-12-10']);
    expect(days[0].changes.map((c) => c.id)).toEqual([7]);
    expect(days[0].freezes[0].starts).toBe(false);
  });
});

describe('votes', () => {
  it('tallies approvals against the quorum and the customer', () => {
    expect(tally(change)).toEqual({ approvals: 0, quorum: 2, rejected: false, customer: 'pending' });
    const voted = {
      ...change,
      approvals: [
        { id: 1, user_id: 4, name: 'Chloe Martin', role: 'reviewer' as const, decision: 'approve' as const, comment: '', at: '' },
        { id: 2, user_id: null, name: 'Margaret Vale', role: 'customer' as const, decision: 'reject' as const, comment: 'Not in December', at: '' },
      ],
    };
    expect(tally(voted)).toEqual({ approvals: 1, quorum: 2, rejected: true, customer: 'rejected' });
    expect(tally({ ...change, type: 'emergency', customer_approval: false }).quorum).toBe(1);
    expect(tally({ ...change, customer_approval: false }).customer).toBe('not_asked');
  });

  it('lets reviewers and change managers vote, never the requester or twice', () => {
    expect(voteState(change, { id: 4, role: 'technician' })).toEqual({ canVote: true, reason: null });
    expect(voteState(change, { id: 9, role: 'change_manager' }).canVote).toBe(true);
    expect(voteState(change, { id: 9, role: 'owner' }).canVote).toBe(true);
    expect(voteState(change, { id: 9, role: 'technician' })).toEqual({
      canVote: false,
      reason: 'Only the reviewers or a change manager vote.',
    });
    expect(voteState(change, { id: 3, role: 'change_manager' }).reason).toMatch(/You requested this change/);
    const voted = {
      ...change,
      approvals: [{ id: 1, user_id: 4, name: 'Chloe', role: 'reviewer' as const, decision: 'approve' as const, comment: '', at: '' }],
    };
    expect(voteState(voted, { id: 4, role: 'change_manager' })).toEqual({ canVote: false, reason: 'You approved this change.' });
    expect(voteState({ ...change, status: 'approved' }, { id: 4, role: 'technician' }).canVote).toBe(false);
  });

  it('asks the portal only when the change asks the customer, once', () => {
    expect(voteState(change, { id: 20, role: 'portal' }).canVote).toBe(true);
    expect(voteState({ ...change, customer_approval: false }, { id: 20, role: 'portal' }).canVote).toBe(false);
    const decided = {
      ...change,
      approvals: [{ id: 2, user_id: 21, name: 'Margaret', role: 'customer' as const, decision: 'approve' as const, comment: '', at: '' }],
    };
    expect(voteState(decided, { id: 20, role: 'portal' }).reason).toBe('Your organisation has approved this change.');
    // Still said once the change moved on.
    expect(voteState({ ...decided, status: 'approved' }, { id: 20, role: 'portal' }).reason).toBe(
      'Your organisation has approved this change.',
    );
    expect(awaitsCustomer(change)).toBe(true);
    expect(awaitsCustomer(decided)).toBe(false);
    expect(awaitsCustomer({ ...change, status: 'approved' })).toBe(false);
  });
});

describe('the change form', () => {
  const filled = {
    ...EMPTY_DRAFT,
    customer_id: '3',
    title: '  Replace the core switch ',
    ticket_id: '#40',
    description: 'Swap it.',
    risk: 'high' as const,
    cost: '1,200.50',
    ci_ids: [77, 78],
    reviewer_ids: [4],
    quorum: '1',
    planned_start: '2026-12-12T22:00',
    planned_end: '2026-12-13T02:00',
  };

  it('refuses only what is wrong (a draft may be incomplete)', () => {
    expect(validateChangeDraft(filled, 'create')).toEqual({});
    expect(validateChangeDraft({ ...EMPTY_DRAFT, customer_id: '3', title: 'x' }, 'create')).toEqual({});
    const e = validateChangeDraft(
      { ...EMPTY_DRAFT, ticket_id: 'abc', cost: '12.345', quorum: '0', planned_start: '2026-12-12T22:00', planned_end: '2026-12-12T21:00' },
      'create',
    );
    expect(Object.keys(e).sort()).toEqual(['cost', 'customer_id', 'planned_end', 'quorum', 'ticket_id', 'title']);
    expect(validateChangeDraft({ ...filled, planned_end: '2026-12-28T22:00' }, 'create').planned_end).toMatch(/14 days/);
    expect(validateChangeDraft({ ...filled, customer_id: '' }, 'edit')).toEqual({});
  });

  it('sends what was filled in, money in cents and times in UTC', () => {
    const body = newChangeBody(filled);
    expect(body).toMatchObject({
      customer_id: 3,
      title: 'Replace the core switch',
      type: 'normal',
      ticket_id: 40,
      description: 'Swap it.',
      risk: 'high',
      cost_estimate_cents: 120050,
      ci_ids: [77, 78],
      reviewer_ids: [4],
      quorum: 1,
      customer_approval: false,
      planned_start: localInputToIso('2026-12-12T22:00'),
      planned_end: localInputToIso('2026-12-13T02:00'),
    });
    expect(body).not.toHaveProperty('reason');
    expect(body).not.toHaveProperty('impact');
  });

  it('round-trips a change and patches only what changed', () => {
    const d = draftFromChange(change);
    expect(d.cost).toBe('450.00');
    expect(d.ci_ids).toEqual([77]);
    expect(d.reviewer_ids).toEqual([4, 5]);
    expect(draftPatch(d, change)).toEqual({});
    const edited = { ...d, reason: '', risk: 'high' as const, reviewer_ids: [4], cost: '' };
    expect(draftPatch(edited, change)).toEqual({ reason: '', risk: 'high', reviewer_ids: [4], cost_estimate_cents: null });
  });
});

describe('the watch after a change', () => {
  const base = {
    starts_at: '2026-11-28T22:45:00Z',
    ends_at: '2026-12-01T22:45:00Z',
    checked_at: '2026-11-29T00:45:00Z',
    baseline_incidents: 28,
    expected_incidents: 0.1,
    spike_threshold: 3,
    problem_id: null,
  };
  it('says what it has seen against the baseline', () => {
    const w = watchHeadline({ ...base, state: 'watching', observed_incidents: 1 });
    expect(w.tone).toBe('info');
    expect(w.text).toBe('Watching: 1 incident so far (0.1 expected from the last 28 days; 3 would be a spike)');
  });
  it('marks a spike bad and a quiet end good', () => {
    expect(watchHeadline({ ...base, state: 'spike', observed_incidents: 3, problem_id: 7 })).toEqual({
      text: 'Spike: 3 incidents on its CIs (0.1 expected from the last 28 days; 3 is a spike)',
      tone: 'bad',
    });
    expect(watchHeadline({ ...base, state: 'quiet', observed_incidents: 0 }).tone).toBe('good');
  });
});
