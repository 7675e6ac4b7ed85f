// The alert thresholds in force for a device (defaults with the global,
// customer, group and device overrides applied) and, for owners and service
// managers, an editor for the device's own override.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { Role } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { Card, ErrorBox, Loading } from './ui';

type Policy = Record<string, number | string[] | null>;

interface StoredPolicy {
  id: number;
  scope: string;
  scope_id: number | null;
  settings: Policy;
}

// One row per condition: the threshold, how long it must hold, where it clears.
export const THRESHOLD_ROWS: Array<{
  label: string;
  fields: Array<{ key: string; unit: string; label: string; max: number; step: number }>;
}> = [
  {
    label: 'CPU',
    fields: [
      { key: 'cpu_percent', unit: '%', label: 'above', max: 100, step: 1 },
      { key: 'cpu_minutes', unit: 'min', label: 'for', max: 1440, step: 1 },
      { key: 'cpu_clear_percent', unit: '%', label: 'clears below', max: 100, step: 1 },
    ],
  },
  {
    label: 'Memory',
    fields: [
      { key: 'memory_percent', unit: '%', label: 'above', max: 100, step: 1 },
      { key: 'memory_minutes', unit: 'min', label: 'for', max: 1440, step: 1 },
      { key: 'memory_clear_percent', unit: '%', label: 'clears below', max: 100, step: 1 },
    ],
  },
  {
    label: 'System volume',
    fields: [
      { key: 'system_volume_min_gb', unit: 'GB', label: 'free below', max: 1e6, step: 0.5 },
      { key: 'system_volume_clear_gb', unit: 'GB', label: 'clears above', max: 1e6, step: 0.5 },
    ],
  },
  {
    label: 'Data volume',
    fields: [
      { key: 'data_volume_min_percent', unit: '%', label: 'free below', max: 100, step: 1 },
      { key: 'data_volume_clear_percent', unit: '%', label: 'clears above', max: 100, step: 1 },
    ],
  },
  {
    label: 'Backup',
    fields: [{ key: 'backup_max_age_hours', unit: 'h', label: 'older than', max: 24 * 31, step: 1 }],
  },
];

// Integer-valued settings (the API refuses 2.5 minutes).
const INTEGER_KEYS = new Set(['cpu_minutes', 'memory_minutes', 'backup_max_age_hours']);

export function canEditPolicy(role: Role): boolean {
  return role === 'owner' || role === 'service_manager';
}

// The settings that differ from the policy in force, as the API wants them.
export function changedSettings(current: Policy, draft: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, text] of Object.entries(draft)) {
    if (text.trim() === '') continue;
    const v = Number(text);
    if (Number.isNaN(v) || v === current[key]) continue;
    out[key] = INTEGER_KEYS.has(key) ? Math.round(v) : v;
  }
  return out;
}

export function ThresholdsCard({ deviceId }: { deviceId: number }) {
  const user = useUser();
  const qc = useQueryClient();
  const editor = canEditPolicy(user.role);
  const effective = useQuery({
    queryKey: ['devices', 'policy', deviceId],
    queryFn: () => api.get<{ policy: Policy }>(`/api/v1/devices/${deviceId}/policy`),
    select: (d) => d.policy,
    retry: false,
  });
  const stored = useQuery({
    queryKey: ['policies'],
    queryFn: () => api.get<{ policies: StoredPolicy[] }>('/api/v1/monitoring/policies'),
    select: (d) => d.policies.find((p) => p.scope === 'device' && p.scope_id === deviceId),
    retry: false,
  });
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invalidate = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['devices', 'policy', deviceId] }),
      qc.invalidateQueries({ queryKey: ['policies'] }),
    ]);
  const save = useMutation({
    mutationFn: (settings: Record<string, unknown>) =>
      api.post('/api/v1/monitoring/policies', { scope: 'device', scope_id: deviceId, settings }),
    onSuccess: invalidate,
  });
  const reset = useMutation({
    mutationFn: (id: number) => api.del(`/api/v1/monitoring/policies/${id}`),
    onSuccess: invalidate,
  });

  if (effective.isLoading) return <Card title="Alert thresholds"><Loading /></Card>;
  if (effective.error || !effective.data) return <Card title="Alert thresholds"><ErrorBox error={effective.error} /></Card>;
  const policy = effective.data;
  const override = stored.data;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setError(null);
    // A device override replaces the previous one: keep its other settings.
    const settings = { ...(override?.settings ?? {}), ...changedSettings(policy, draft) };
    try {
      await save.mutateAsync(settings);
      setDraft(null);
    } catch (err) {
      setError(err instanceof ApiError ? `${err.message}${err.field ? ` (${err.field})` : ''}` : 'Could not save.');
    }
  }

  const actions = editor ? (
    <div className="row-gap">
      {override && !draft && (
        <button type="button" className="btn small" disabled={reset.isPending} onClick={() => reset.mutate(override.id)}>
          Use inherited thresholds
        </button>
      )}
      {!draft && (
        <button
          type="button"
          className="btn small"
          onClick={() =>
            setDraft(
              Object.fromEntries(
                THRESHOLD_ROWS.flatMap((r) => r.fields).map((f) => [f.key, String(policy[f.key] ?? '')]),
              ),
            )
          }
        >
          Edit thresholds
        </button>
      )}
    </div>
  ) : undefined;

  return (
    <Card title="Alert thresholds" id="dev-thresholds" actions={actions}>
      <p className="muted small">
        {override ? 'This device has its own thresholds.' : 'Inherited from the customer and global policies.'}
      </p>
      <form onSubmit={submit} aria-label="Alert thresholds">
        <table className="table thresholds">
          <thead>
            <tr>
              <th scope="col">Condition</th>
              <th scope="col">Alert when</th>
            </tr>
          </thead>
          <tbody>
            {THRESHOLD_ROWS.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>
                  {row.fields.map((f) => (
                    <span key={f.key} className="threshold">
                      <span className="muted">{f.label}</span>{' '}
                      {draft ? (
                        <input
                          type="number"
                          min={0}
                          max={f.max}
                          step={f.step}
                          value={draft[f.key]}
                          aria-label={`${row.label} ${f.label} (${f.unit})`}
                          onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                        />
                      ) : (
                        <strong data-setting={f.key}>{String(policy[f.key])}</strong>
                      )}{' '}
                      {f.unit}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {draft && (
          <div className="row-gap form-actions">
            <button type="submit" className="btn primary" disabled={save.isPending}>
              Save for this device
            </button>
            <button type="button" className="btn ghost" onClick={() => setDraft(null)}>
              Discard
            </button>
          </div>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Card>
  );
}
