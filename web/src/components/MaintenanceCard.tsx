// Maintenance windows of a customer (or of one device): while one is
// active, monitoring raises no new alerts there. Technicians and managers
// schedule and cancel them here.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError, withQuery } from '../api/client';
import { useUser } from '../auth/AuthContext';
import { canAcknowledge } from '../auth/roles';
import { formatDateTime, parseTime } from '../lib/format';
import { useNow } from '../lib/useNow';
import { Card, Empty, ErrorBox, Loading, StatusBadge } from './ui';

export interface MaintenanceWindow {
  id: number;
  customer_id: number;
  device_id: number | null;
  starts_at: string;
  ends_at: string;
  reason: string;
}

const DURATIONS = [
  { hours: 1, label: '1 hour' },
  { hours: 2, label: '2 hours' },
  { hours: 4, label: '4 hours' },
  { hours: 8, label: '8 hours' },
  { hours: 24, label: '1 day' },
];

// "2026-11-23T09:00" in local time, for <input type="datetime-local">.
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function windowState(w: MaintenanceWindow, now: number): 'active' | 'scheduled' | 'ended' {
  const start = parseTime(w.starts_at) ?? 0;
  const end = parseTime(w.ends_at) ?? 0;
  if (now >= end) return 'ended';
  return now >= start ? 'active' : 'scheduled';
}

export function MaintenanceCard({ customerId, deviceId }: { customerId: number; deviceId?: number }) {
  const user = useUser();
  const now = useNow();
  const qc = useQueryClient();
  const writer = canAcknowledge(user.role);
  const key = ['maintenance', customerId];
  const list = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<{ maintenance_windows: MaintenanceWindow[] }>(
        withQuery('/api/v1/maintenance-windows', { customer_id: customerId }),
      ),
    select: (d) =>
      d.maintenance_windows.filter((w) => deviceId === undefined || w.device_id === null || w.device_id === deviceId),
  });
  const [start, setStart] = useState(() => toLocalInput(Math.ceil(Date.now() / 300_000) * 300_000));
  const [hours, setHours] = useState(2);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<MaintenanceWindow>('/api/v1/maintenance-windows', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: (id: number) => api.del(`/api/v1/maintenance-windows/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const startMs = new Date(start).getTime();
    if (Number.isNaN(startMs)) {
      setError('Pick a start time.');
      return;
    }
    try {
      await create.mutateAsync({
        customer_id: customerId,
        ...(deviceId !== undefined ? { device_id: deviceId } : {}),
        starts_at: new Date(startMs).toISOString(),
        ends_at: new Date(startMs + hours * 3600_000).toISOString(),
        reason: reason.trim(),
      });
      setReason('');
    } catch (err) {
      setError(
        err instanceof ApiError ? `${err.message}${err.field ? ` (${err.field})` : ''}` : 'Could not schedule it.',
      );
    }
  }

  const windows = (list.data ?? []).filter((w) => windowState(w, now) !== 'ended');
  return (
    <Card title="Maintenance windows" id={deviceId ? 'dev-maintenance' : 'cust-maintenance'}>
      {list.isLoading ? (
        <Loading />
      ) : list.error ? (
        <ErrorBox error={list.error} />
      ) : windows.length === 0 ? (
        <Empty>No maintenance scheduled: alerts are raised as usual.</Empty>
      ) : (
        <ul className="list">
          {windows.map((w) => (
            <li key={w.id} className="row-between">
              <div>
                <StatusBadge status={windowState(w, now)} /> <strong>{w.reason}</strong>
                <div className="muted small">
                  {formatDateTime(w.starts_at)} – {formatDateTime(w.ends_at)}
                  {w.device_id === null ? ' · whole customer' : ''}
                </div>
              </div>
              {writer && (
                <button
                  type="button"
                  className="btn small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(w.id)}
                  aria-label={`Cancel maintenance: ${w.reason}`}
                >
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {writer && (
        <form className="filters maintenance-form" onSubmit={submit} aria-label="Schedule maintenance">
          <label>
            <span>Starts</span>
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
          </label>
          <label>
            <span>Duration</span>
            <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {DURATIONS.map((d) => (
                <option key={d.hours} value={d.hours}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            <span>Reason</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. firmware update"
              required
              maxLength={500}
            />
          </label>
          <button className="btn primary" type="submit" disabled={create.isPending || !reason.trim()}>
            Schedule
          </button>
          {error && (
            <p className="form-error full" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </Card>
  );
}
