import { describe, expect, it } from 'vitest';
import { countdownFor, formatCountdown, isAtRisk, ticketCountdown } from './sla';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const base = {
  status: 'open' as const,
  sla_paused: false,
  first_response_at: null as string | null,
  response_due: null as string | null,
  resolution_due: null as string | null,
};

describe('formatCountdown', () => {
  it('ticks in minutes and seconds within the hour', () => {
    expect(formatCountdown(0)).toBe('0 min 00 s');
    expect(formatCountdown(59_999)).toBe('0 min 59 s');
    expect(formatCountdown(42 * MIN + 5_000)).toBe('42 min 05 s');
  });
  it('uses hours and minutes under a day, never a clock-like h:mm', () => {
    expect(formatCountdown(60 * MIN)).toBe('1 h 00 min');
    expect(formatCountdown(3 * 60 * MIN + 7 * MIN + 30_000)).toBe('3 h 07 min');
    expect(formatCountdown(-(61 * MIN))).toBe('1 h 01 min');
  });
  it('uses days and hours beyond a day', () => {
    expect(formatCountdown(24 * 60 * MIN)).toBe('1 d');
    expect(formatCountdown(2 * 24 * 60 * MIN + 5 * 60 * MIN + 30 * MIN)).toBe('2 d 5 h');
  });
});

describe('countdownFor', () => {
  it('is ok beyond the hour, at risk within it and breached once past', () => {
    expect(countdownFor(at(61 * MIN), 'Response', NOW).state).toBe('ok');
    expect(countdownFor(at(60 * MIN), 'Response', NOW).state).toBe('at_risk');
    expect(countdownFor(at(1_000), 'Response', NOW).state).toBe('at_risk');
    expect(countdownFor(at(0), 'Response', NOW).state).toBe('breached');
    const late = countdownFor(at(-90 * MIN), 'Resolution', NOW);
    expect(late.state).toBe('breached');
    expect(late.label).toBe('Resolution overdue by 1 h 30 min');
    expect(countdownFor(at(5 * MIN), 'Response', NOW).label).toBe('Response due in 5 min 00 s');
  });
  it('has no state without a due time', () => {
    expect(countdownFor(null, 'Resolution', NOW).state).toBe('none');
  });
});

describe('ticketCountdown', () => {
  it('runs the response target until the first response, then the resolution', () => {
    const t = { ...base, response_due: at(30 * MIN), resolution_due: at(5 * 60 * MIN) };
    expect(ticketCountdown(t, NOW)).toMatchObject({ target: 'Response', state: 'at_risk', clock: '30 min 00 s' });
    const answered = { ...t, first_response_at: at(-MIN) };
    expect(ticketCountdown(answered, NOW)).toMatchObject({ target: 'Resolution', state: 'ok', clock: '5 h 00 min' });
  });
  it("prefers the server's next_due", () => {
    const t = { ...base, response_due: at(30 * MIN), next_due: at(-MIN) };
    expect(ticketCountdown(t, NOW).state).toBe('breached');
  });
  it('shows paused and closed tickets without a clock', () => {
    expect(ticketCountdown({ ...base, sla_paused: true, status: 'hold_resolution', response_due: at(-MIN) }, NOW).state).toBe('paused');
    expect(ticketCountdown({ ...base, status: 'closed', response_due: at(-MIN) }, NOW).state).toBe('closed');
    expect(ticketCountdown({ ...base, first_response_at: at(-MIN) }, NOW).state).toBe('met');
    expect(ticketCountdown(base, NOW).state).toBe('none');
  });
  it('counts at risk as due within the hour or overdue, never paused', () => {
    expect(isAtRisk({ ...base, response_due: at(59 * MIN) }, NOW)).toBe(true);
    expect(isAtRisk({ ...base, response_due: at(-MIN) }, NOW)).toBe(true);
    expect(isAtRisk({ ...base, response_due: at(2 * 60 * MIN) }, NOW)).toBe(false);
    expect(isAtRisk({ ...base, sla_paused: true, response_due: at(-MIN) }, NOW)).toBe(false);
  });
});
