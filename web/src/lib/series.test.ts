import { describe, expect, it } from 'vitest';
import { alignSeries, formatAxisValue, formatMetricValue, rangeQuery, RANGES, seriesLabel } from './series';

const p = (ts: string, value: number) => ({ ts, value, min: value, max: value, count: 1 });

describe('alignSeries', () => {
  it('merges timestamps of all series and leaves gaps as null', () => {
    const data = alignSeries([
      { labels: { mount: '/' }, points: [p('2026-11-23T09:00:00Z', 1), p('2026-11-23T09:15:00Z', 2)] },
      { labels: { mount: '/data' }, points: [p('2026-11-23T09:15:00Z', 5), p('2026-11-23T09:30:00Z', 6)] },
    ]);
    const t0 = Date.parse('2026-11-23T09:00:00Z') / 1000;
    expect(data[0]).toEqual([t0, t0 + 900, t0 + 1800]);
    expect(data[1]).toEqual([1, 2, null]);
    expect(data[2]).toEqual([null, 5, 6]);
  });
  it('handles no series at all', () => {
    expect(alignSeries([])).toEqual([[]]);
  });
});

describe('labels and values', () => {
  it('names a series by its mount and hides the system flag', () => {
    expect(seriesLabel('volume.free_bytes', { mount: '/srv/data', system: 'false' })).toBe('/srv/data');
    expect(seriesLabel('cpu.used_percent', {})).toBe('cpu.used_percent');
    expect(seriesLabel('backup.success', { job: 'nightly' })).toBe('job=nightly');
  });
  it('formats by unit', () => {
    expect(formatMetricValue('cpu.used_percent', 42.123)).toBe('42.1 %');
    expect(formatMetricValue('volume.free_bytes', 2 * 1024 ** 3)).toBe('2.0 GB');
    expect(formatMetricValue('av.detections', 3)).toBe('3');
    expect(formatMetricValue('cpu.used_percent', null)).toBe('—');
  });
  it('keeps axis ticks short', () => {
    expect(formatAxisValue('cpu.used_percent', 25)).toBe('25%');
    expect(formatAxisValue('volume.free_bytes', 1024 ** 4)).toBe('1 TB');
    expect(formatAxisValue('backup.success', 0.5)).toBe('0.5');
  });
});

describe('rangeQuery', () => {
  it('ends at the next whole minute and spans the range', () => {
    const now = Date.parse('2026-11-23T09:00:30Z');
    const week = RANGES.find((r) => r.key === '7d')!;
    expect(rangeQuery(week, now)).toEqual({
      from: '2026-11-16T09:01:00.000Z',
      to: '2026-11-23T09:01:00.000Z',
      step: 3600,
    });
  });
});
