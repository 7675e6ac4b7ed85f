import { describe, expect, it } from 'vitest';
import { describeTarget, rowsOf, termsOf } from './slaTerms';

describe('SLA terms', () => {
  it('describes targets in plain words', () => {
    expect(describeTarget({ minutes: 180 })).toBe('3 h');
    expect(describeTarget({ minutes: 90 })).toBe('1 h 30 min');
    expect(describeTarget({ minutes: 15 })).toBe('15 min');
    expect(describeTarget({ business_days: 1 })).toBe('end of next business day');
    expect(describeTarget({ business_days: 2 })).toBe('end of 2nd business day');
    expect(describeTarget({ business_days: 11 })).toBe('end of 11th business day');
    expect(describeTarget(null)).toBe('best effort');
    expect(describeTarget(undefined)).toBe('best effort');
  });

  it('round-trips the API form through the editor rows', () => {
    const terms = {
      critical: { response: { minutes: 180 }, resolution: null },
      high: { response: { minutes: 30 }, resolution: { business_days: 1 } },
      normal: { response: null, resolution: null },
      low: { response: { business_days: 2 }, resolution: null },
      escalation: [{ percent: 50, notify_role: 'service_manager' }],
    };
    const rows = rowsOf(terms);
    expect(rows.targets.critical.response).toEqual({ kind: 'hours', value: '3' });
    expect(rows.targets.high.response).toEqual({ kind: 'hours', value: '0.5' });
    expect(termsOf(rows)).toEqual({ terms });
  });

  it('refuses what the server would refuse, in words', () => {
    const rows = rowsOf(null);
    rows.targets.high.response = { kind: 'hours', value: 'three' };
    expect(termsOf(rows)).toEqual({ error: 'high response: enter hours, such as 3 or 0.5.' });
    rows.targets.high.response = { kind: 'business_days', value: '0' };
    expect('error' in termsOf(rows)).toBe(true);
    rows.targets.high.response = { kind: 'business_days', value: '2' };
    rows.escalation = [{ percent: '75.5', notify_role: 'owner' }];
    expect(termsOf(rows)).toEqual({ error: 'Escalation shares are whole percents from 1 to 300.' });
    rows.escalation = [{ percent: '', notify_role: 'owner' }];
    expect(termsOf(rows)).toMatchObject({ terms: { escalation: [] } });
  });
});
