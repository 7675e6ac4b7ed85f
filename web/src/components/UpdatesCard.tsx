// A device's updates (issue 14): every update its last scan reported, soonest
// deadline first as the server sorts them, with the class, the deadline and
// the clock (ok, warning, overdue; approved or rejected once a decision is
// in force). "Show installed" adds the history. Owners, service managers and
// change managers approve or reject an update no person has decided yet,
// with an optional note; the row then shows what the server answered.
import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useDecideUpdate, useDeviceUpdates } from '../api/patching';
import type { Decision, DeviceUpdate, UpdateClock } from '../api/patching';
import { useUser } from '../auth/AuthContext';
import { canDecideUpdates } from '../auth/roles';
import { formatDateTime, formatDay, humanize, relativeTime } from '../lib/format';
import { useNow } from '../lib/useNow';
import { Card, Empty, ErrorBox, Loading } from './ui';

const CLOCK_LABEL: Record<UpdateClock, string> = {
  ok: 'OK',
  warning: 'Warning',
  overdue: 'Overdue',
  approved: 'Approved',
  rejected: 'Rejected',
};

const CLOCK_TONE: Record<UpdateClock, string> = {
  ok: 'good',
  warning: 'warn',
  overdue: 'bad',
  approved: 'good',
  rejected: 'neutral',
};

// The CVEs of an update, under its package: the first three, then how many
// more (all in the title).
const CVES_SHOWN = 3;

export function UpdateClockBadge({ update }: { update: DeviceUpdate }) {
  if (update.status === 'installed' || !update.clock) {
    return (
      <span className="badge tone-neutral" data-clock="installed">
        Installed
      </span>
    );
  }
  return (
    <span className={`badge tone-${CLOCK_TONE[update.clock] ?? 'neutral'}`} data-clock={update.clock}>
      {CLOCK_LABEL[update.clock] ?? humanize(update.clock)}
    </span>
  );
}

// Who decided, when it is not plain from the badge: the policy, a delayed
// automatic approval, a person's note.
function approvalLine(u: DeviceUpdate): string | null {
  const a = u.approval;
  if (u.status !== 'pending' || a.decision === 'pending') return null;
  if (a.decision === 'approved' && a.in_force === 'pending' && a.at) {
    return `Approved by policy from ${formatDateTime(a.at)}`;
  }
  if (!a.by_person) return 'By policy';
  return a.note || null;
}

// A person may still decide what the policy decided (or left pending);
// a person's decision stands.
export function canDecide(u: DeviceUpdate): boolean {
  return u.status === 'pending' && !u.approval.by_person;
}

function DecisionForm({
  update,
  decision,
  columns,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  update: DeviceUpdate;
  decision: Decision;
  columns: number;
  busy: boolean;
  error: string | null;
  onSubmit: (note: string) => void;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const approve = decision === 'approve';
  const id = `update-${update.id}-note`;
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit(note.trim());
  }
  return (
    <tr className="decision-row">
      <td colSpan={columns}>
        <form
          className="filters decision-form"
          onSubmit={submit}
          aria-label={`${approve ? 'Approve' : 'Reject'} ${update.package}`}
        >
          <label className="grow" htmlFor={id}>
            <span>Note (optional)</span>
            <input
              id={id}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              placeholder={approve ? 'Change reference, maintenance window…' : 'Why it must not be installed'}
              autoFocus
            />
          </label>
          <div className="row-gap">
            <button type="submit" className={approve ? 'btn primary' : 'btn'} disabled={busy}>
              {busy ? 'Saving…' : approve ? 'Confirm approval' : 'Confirm rejection'}
            </button>
            <button type="button" className="btn" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
          </div>
          {error && (
            <p className="form-error full" role="alert">
              {error}
            </p>
          )}
        </form>
      </td>
    </tr>
  );
}

export function UpdatesCard({ deviceId }: { deviceId: number }) {
  const user = useUser();
  const now = useNow();
  const [history, setHistory] = useState(false);
  const updates = useDeviceUpdates(deviceId, history);
  const decide = useDecideUpdate(deviceId);
  const decider = canDecideUpdates(user.role);
  // The row whose decision form is open, and which decision it makes.
  const [open, setOpen] = useState<{ id: number; decision: Decision } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const list = updates.data ?? [];
  const pending = list.filter((u) => u.status === 'pending').length;
  const columns = decider ? 8 : 7;

  function start(id: number, decision: Decision) {
    setOpen({ id, decision });
    setError(null);
    setDone(null);
  }

  async function submit(u: DeviceUpdate, decision: Decision, note: string) {
    setError(null);
    try {
      const row = await decide.mutateAsync({ updateId: u.id, decision, ...(note ? { note } : {}) });
      setOpen(null);
      setDone(`${row.package} ${row.approval.decision === 'rejected' ? 'rejected' : 'approved'}.`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The decision was not saved.');
    }
  }

  return (
    <Card
      title="Updates"
      id="dev-updates"
      actions={
        <>
          {updates.data && <span className="muted small">{pending} pending</span>}
          <label className="check">
            <input type="checkbox" checked={history} onChange={(e) => setHistory(e.target.checked)} />
            Show installed
          </label>
        </>
      }
    >
      {updates.isLoading ? (
        <Loading />
      ) : updates.error ? (
        <ErrorBox error={updates.error} />
      ) : list.length === 0 ? (
        <Empty>{history ? 'No updates reported.' : 'No pending updates reported.'}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table updates-table">
            <thead>
              <tr>
                <th scope="col">Package</th>
                <th scope="col">Version</th>
                <th scope="col">Class</th>
                <th scope="col">First seen</th>
                <th scope="col">Deadline</th>
                <th scope="col">Status</th>
                <th scope="col">Reboot</th>
                {decider && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((u) => {
                const line = approvalLine(u);
                const form = open && open.id === u.id ? open : null;
                return (
                  <Fragment key={u.id}>
                    <tr data-update-id={u.id} data-package={u.package}>
                      <td>
                        <span className="cell-title nowrap" title={u.origin || undefined}>
                          {u.package}
                        </span>
                        {u.cves.length > 0 && (
                          <ul className="cves" aria-label="CVEs" title={u.cves.length > CVES_SHOWN ? u.cves.join(', ') : undefined}>
                            {u.cves.slice(0, CVES_SHOWN).map((c) => (
                              <li key={c}>{c}</li>
                            ))}
                            {u.cves.length > CVES_SHOWN && <li>+{u.cves.length - CVES_SHOWN} more</li>}
                          </ul>
                        )}
                      </td>
                      <td className="version">
                        {u.installed_version && <div>{u.installed_version}</div>}
                        <div>
                          {u.installed_version && (
                            <>
                              <span aria-hidden="true">→ </span>
                              <span className="sr-only">to </span>
                            </>
                          )}
                          {u.candidate_version}
                        </div>
                      </td>
                      <td>{humanize(u.class)}</td>
                      <td className="nowrap">
                        <time dateTime={u.first_seen_at} title={formatDateTime(u.first_seen_at)}>
                          {relativeTime(u.first_seen_at, now)}
                        </time>
                      </td>
                      <td className="nowrap">
                        <time dateTime={u.deadline} title={formatDateTime(u.deadline)}>
                          {formatDay(u.deadline)}
                        </time>
                      </td>
                      <td>
                        <UpdateClockBadge update={u} />
                        {u.status === 'installed' && u.resolved_at && (
                          <div className="muted small nowrap">
                            <time dateTime={u.resolved_at} title={formatDateTime(u.resolved_at)}>
                              {formatDay(u.resolved_at)}
                            </time>
                          </div>
                        )}
                        {line && <div className="muted small approval-note">{line}</div>}
                      </td>
                      <td className="nowrap">{u.reboot_suggested ? 'Suggested' : '—'}</td>
                      {decider && (
                        <td className="actions">
                          {canDecide(u) && (
                            <div className="row-gap update-actions">
                              <button
                                type="button"
                                className="btn small"
                                aria-label={`Approve ${u.package}`}
                                aria-expanded={form?.decision === 'approve'}
                                disabled={decide.isPending}
                                onClick={() => start(u.id, 'approve')}
                              >
                                Approve
                              </button>
                              <button
                                type="button"
                                className="btn small"
                                aria-label={`Reject ${u.package}`}
                                aria-expanded={form?.decision === 'reject'}
                                disabled={decide.isPending}
                                onClick={() => start(u.id, 'reject')}
                              >
                                Reject
                              </button>
                            </div>
                          )}
                        </td>
                      )}
                    </tr>
                    {form && (
                      <DecisionForm
                        key={`${u.id}-${form.decision}`}
                        update={u}
                        decision={form.decision}
                        columns={columns}
                        busy={decide.isPending}
                        error={error}
                        onSubmit={(note) => submit(u, form.decision, note)}
                        onCancel={() => setOpen(null)}
                      />
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {done && (
        <p className="notice updates-done" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}
