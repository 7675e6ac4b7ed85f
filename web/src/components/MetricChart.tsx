// One metric of one device over a range, drawn with uPlot. All series of
// the metric (e.g. one per volume) share the chart.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useMetricSeries } from '../api/queries';
import { alignSeries, formatAxisValue, formatMetricValue, metricUnit, seriesLabel } from '../lib/series';
import { humanize } from '../lib/format';
import { Empty, ErrorBox, Loading } from './ui';

const COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#a855f7', '#ef4444', '#14b8a6'];

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

export function MetricChart({
  deviceId,
  metric,
  range,
  theme,
}: {
  deviceId: number;
  metric: string;
  range: { from: string; to: string; step?: number };
  theme: string;
}) {
  const q = useMetricSeries(deviceId, metric, range);
  const box = useRef<HTMLDivElement>(null);
  const series = q.data?.series ?? [];
  const points = series.reduce((n, s) => n + s.points.length, 0);

  useEffect(() => {
    const el = box.current;
    if (!el || points === 0) return;
    const data = alignSeries(series);
    const axisColor = cssVar('--text-muted', '#667');
    const gridColor = cssVar('--border', '#ddd');
    const unit = metricUnit(metric);
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 200,
      legend: { show: series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      // The x axis always spans the picked range, so a sparse series (one
      // backup result a day) sits where it belongs in time.
      scales: {
        x: { time: true, range: [Date.parse(range.from) / 1000, Date.parse(range.to) / 1000] },
        ...(unit === 'percent' ? { y: { range: [0, 100] } } : {}),
      },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } },
        {
          stroke: axisColor,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor },
          size: unit === 'bytes' ? 72 : 56,
          values: (_u, vals) => vals.map((v) => formatAxisValue(metric, v)),
        },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: seriesLabel(metric, s.labels),
          stroke: COLORS[i % COLORS.length],
          width: 2,
          fill: series.length === 1 ? COLORS[i % COLORS.length] + '22' : undefined,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatMetricValue(metric, v),
        })),
      ],
    };
    const plot = new uPlot(opts, data as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 200 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
    // `series` changes with q.data; a theme switch re-reads the colours.
  }, [q.data, metric, theme, points, range.from, range.to]);

  const last = series.map((s) => s.points[s.points.length - 1]?.value);
  return (
    <figure className="chart" data-metric={metric} data-points={points}>
      <figcaption>
        <span className="chart-title">{humanize(metric.replace('.', ' '))}</span>
        {q.data && (
          <span className="muted small">
            {series.length === 1 && last[0] !== undefined ? `now ${formatMetricValue(metric, last[0])} · ` : ''}
            {q.data.resolution} resolution
          </span>
        )}
      </figcaption>
      {q.isLoading ? (
        <Loading label="Loading chart…" />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : points === 0 ? (
        <Empty>No data in this range.</Empty>
      ) : (
        <div ref={box} className="chart-canvas" role="img" aria-label={`${humanize(metric)} chart, ${points} points`} />
      )}
    </figure>
  );
}
