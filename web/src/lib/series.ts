// Turns the API's metric series into uPlot's columnar data: one shared,
// sorted x axis (Unix seconds) and one y column per series, null where a
// series has no point at that time.
import type { MetricSeries } from '../api/types';
import { formatBytes } from './format';

export type AlignedData = [number[], ...(number | null)[][]];

export function alignSeries(series: MetricSeries[]): AlignedData {
  const xs = new Set<number>();
  for (const s of series) for (const p of s.points) xs.add(Math.floor(Date.parse(p.ts) / 1000));
  const x = [...xs].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array(x.length).fill(null);
    for (const p of s.points) col[index.get(Math.floor(Date.parse(p.ts) / 1000))!] = p.value;
    return col;
  });
  return [x, ...ys];
}

export function seriesLabel(metric: string, labels: Record<string, string> | undefined): string {
  const parts = Object.entries(labels ?? {})
    .filter(([k]) => k !== 'system')
    .map(([k, v]) => (k === 'mount' ? v : `${k}=${v}`));
  return parts.length ? parts.join(' ') : metric;
}

export function metricUnit(metric: string): 'percent' | 'bytes' | 'count' {
  if (metric.endsWith('_percent')) return 'percent';
  if (metric.endsWith('_bytes')) return 'bytes';
  return 'count';
}

export function formatMetricValue(metric: string, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  switch (metricUnit(metric)) {
    case 'percent':
      return `${v.toFixed(1)} %`;
    case 'bytes':
      return formatBytes(v);
    default:
      return Number.isInteger(v) ? String(v) : v.toFixed(2);
  }
}

export interface RangeOption {
  key: string;
  label: string;
  ms: number;
  step?: number;
}

export const RANGES: RangeOption[] = [
  { key: '6h', label: '6 hours', ms: 6 * 3600_000 },
  { key: '24h', label: '24 hours', ms: 24 * 3600_000, step: 900 },
  { key: '7d', label: '7 days', ms: 7 * 24 * 3600_000, step: 3600 },
  { key: '30d', label: '30 days', ms: 30 * 24 * 3600_000, step: 4 * 3600 },
];

export function rangeQuery(r: RangeOption, now: number): { from: string; to: string; step?: number } {
  // Rounded to the minute so the query key (and the cache) is stable.
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(to - r.ms).toISOString(), to: new Date(to).toISOString(), step: r.step };
}

// Axis tick labels: shorter than the values in the legend.
export function formatAxisValue(metric: string, v: number): string {
  switch (metricUnit(metric)) {
    case 'percent':
      return `${Math.round(v)}%`;
    case 'bytes':
      return formatBytes(v).replace('.0 ', ' ');
    default:
      return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }
}
