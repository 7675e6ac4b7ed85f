import { describe, expect, it } from 'vitest';
import { buildRRule, describeWindow, formatDuration, formatInZone } from './changeWindows';

describe('change windows in words', () => {
  it('describes weekly, monthly and daily rules', () => {
    expect(describeWindow('FREQ=WEEKLY;BYDAY=SA', '2026-11-28T22:00', 240)).toBe('Every Saturday at 22:00 for 4 h');
    expect(describeWindow('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR', '2026-11-30T06:00', 90)).toBe(
      'Every 2 weeks on Monday, Wednesday and Friday at 06:00 for 1 h 30 min',
    );
    expect(describeWindow('FREQ=MONTHLY;BYDAY=2TU', '2026-12-01T20:00', 180)).toBe(
      'The second Tuesday of every month at 20:00 for 3 h',
    );
    expect(describeWindow('FREQ=MONTHLY;BYDAY=-1FR', '2026-12-01T18:00', 60)).toBe(
      'The last Friday of every month at 18:00 for 1 h',
    );
    expect(describeWindow('FREQ=MONTHLY;BYMONTHDAY=31', '2027-01-31T22:00', 45)).toBe(
      'Day 31 of every month at 22:00 for 45 min',
    );
    expect(describeWindow('FREQ=MONTHLY', '2027-01-15T22:00', 60)).toBe('Day 15 of every month at 22:00 for 1 h');
    expect(describeWindow('FREQ=DAILY;UNTIL=20271231', '2026-12-01T01:00', 60)).toBe(
      'Every day at 01:00 for 1 h, until 2027-12-31',
    );
    expect(describeWindow('FREQ=WEEKLY', '2026-12-05T22:00', 60)).toBe('Every Saturday at 22:00 for 1 h');
    expect(describeWindow('FREQ=YEARLY', '2026-12-05T22:00', 60)).toBe('FREQ=YEARLY');
  });

  it('builds the rule from the form', () => {
    const base = { weekdays: ['SA'], ordinal: '2', weekday: 'TU', monthDay: '31' };
    expect(buildRRule({ ...base, repeat: 'weekly' })).toEqual({ rrule: 'FREQ=WEEKLY;BYDAY=SA' });
    expect(buildRRule({ ...base, repeat: 'weekly', weekdays: [] })).toEqual({ error: 'Tick at least one day.' });
    expect(buildRRule({ ...base, repeat: 'monthly_weekday' })).toEqual({ rrule: 'FREQ=MONTHLY;BYDAY=2TU' });
    expect(buildRRule({ ...base, repeat: 'monthly_weekday', ordinal: '-1', weekday: 'FR' })).toEqual({
      rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
    });
    expect(buildRRule({ ...base, repeat: 'monthly_day' })).toEqual({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' });
    expect(buildRRule({ ...base, repeat: 'monthly_day', monthDay: '32' })).toHaveProperty('error');
    expect(buildRRule({ ...base, repeat: 'daily' })).toEqual({ rrule: 'FREQ=DAILY' });
  });

  it('shows an instant in the customer zone', () => {
    expect(formatInZone('2026-11-29T03:00:00Z', 'America/New_York')).toMatch(/Sat, Nov 28,? 22:00 EST/);
    expect(formatDuration(240)).toBe('4 h');
  });
});
