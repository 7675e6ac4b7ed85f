import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCents,
  formatDate,
  formatDay,
  formatDuration,
  formatHours,
  formatMonth,
  humanize,
  isOffline,
  parseDollars,
  relativeTime,
  slaStatus,
} from './format';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const MIN = 60_000;

describe('formatDuration', () => {
  it('keeps two units at most', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * MIN)).toBe('12 min');
    expect(formatDuration(3 * 60 * MIN + 5 * MIN)).toBe('3 h 5 min');
    expect(formatDuration(2 * 24 * 60 * MIN + 4 * 60 * MIN + 59 * MIN)).toBe('2 d 4 h');
    expect(formatDuration(-90 * MIN)).toBe('1 h 30 min');
  });
});

describe('relativeTime', () => {
  it('says ago for the past and in for the future', () => {
    expect(relativeTime(at(-5 * MIN), NOW)).toBe('5 min ago');
    expect(relativeTime(at(2 * 60 * MIN), NOW)).toBe('in 2 h');
    expect(relativeTime(at(-10_000), NOW)).toBe('just now');
  });
  it('shows a dash for missing or malformed times', () => {
    expect(relativeTime(null, NOW)).toBe('—');
    expect(relativeTime('yesterday-ish', NOW)).toBe('—');
  });
});

describe('slaStatus', () => {
  it('is ok more than an hour before the due time', () => {
    expect(slaStatus(at(90 * MIN), NOW)).toEqual({ state: 'ok', label: 'Due in 1 h 30 min' });
  });
  it('is at risk within the last hour, including exactly one hour', () => {
    expect(slaStatus(at(60 * MIN), NOW).state).toBe('at_risk');
    expect(slaStatus(at(59 * MIN), NOW)).toEqual({ state: 'at_risk', label: 'Due in 59 min' });
  });
  it('is breached at and after the due time', () => {
    expect(slaStatus(at(0), NOW).state).toBe('breached');
    expect(slaStatus(at(-125 * MIN), NOW)).toEqual({ state: 'breached', label: 'Breached 2 h 5 min ago' });
  });
  it('has no state without a due time', () => {
    expect(slaStatus(null, NOW).state).toBe('none');
  });
});

describe('formatBytes and humanize', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 ** 3)).toBe('250 GB');
    expect(formatBytes(null)).toBe('—');
  });
  it('turns API words into labels', () => {
    expect(humanize('cpu_high')).toBe('CPU high');
    expect(humanize('system_volume_low')).toBe('System volume low');
    expect(humanize('ups')).toBe('UPS');
  });
});

describe('isOffline', () => {
  it('counts a device offline after ten minutes of silence or without any check-in', () => {
    expect(isOffline(at(-9 * MIN), NOW)).toBe(false);
    expect(isOffline(at(-11 * MIN), NOW)).toBe(true);
    expect(isOffline(null, NOW)).toBe(true);
  });
});

describe('money', () => {
  it('formats integer cents as dollars with thousands separators', () => {
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(100000000)).toBe('$1,000,000.00');
    expect(formatCents(-120000)).toBe('-$1,200.00');
    expect(formatCents(null)).toBe('—');
  });
  it('reads typed dollars into cents without floating-point error', () => {
    expect(parseDollars('1,234.56')).toBe(123456);
    expect(parseDollars('$80')).toBe(8000);
    expect(parseDollars('0.1')).toBe(10);
    expect(parseDollars('.5')).toBe(50);
    expect(parseDollars('19.99')).toBe(1999);
    expect(parseDollars(' 1234.5 ')).toBe(123450);
    expect(parseDollars('-12')).toBe(-1200);
  });
  it('refuses what is not an amount', () => {
    expect(parseDollars('')).toBeNull();
    expect(parseDollars('abc')).toBeNull();
    expect(parseDollars('1.234')).toBeNull();
    expect(parseDollars('1e3')).toBeNull();
    expect(parseDollars('12.3.4')).toBeNull();
  });
});

describe('hours, months and dates', () => {
  it('shows minutes as hours', () => {
    expect(formatHours(135)).toBe('2 h 15 min');
    expect(formatHours(45)).toBe('45 min');
    expect(formatHours(240)).toBe('4 h');
    expect(formatHours(0)).toBe('0 h');
    expect(formatHours(-60)).toBe('-1 h');
  });
  it('names months and calendar dates without a time zone shift', () => {
    expect(formatMonth('2027-01')).toBe('January 2027');
    expect(formatMonth('soon')).toBe('soon');
    expect(formatDate('2027-01-14')).toBe('14 Jan 2027');
    expect(formatDate(null)).toBe('—');
  });
  it('shows the day of a timestamp', () => {
    expect(formatDay('2026-12-02T02:00:00Z', 'UTC')).toBe('2 Dec 2026');
    expect(formatDay('2026-12-02T02:00:00Z', 'America/Los_Angeles')).toBe('1 Dec 2026');
    expect(formatDay(null)).toBe('—');
  });
});
