// The working parts of the staff ticket page: status (only the moves valid
// now), responsibility and priority, SLA, time entries, technical
// escalation, history and the closure record.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAddTime, useEscalate, useTimeEntries, useUpdateTicket, useUpdateTime } from '../api/tickets';
import type { StaffMember, TicketDetail, TicketStatus, TimeEntry } from '../api/types';
import { workTypeLabel } from '../lib/billing';
import { formatDate, formatDateTime, humanize, relativeTime } from '../lib/format';
import { allowedTransitions, needsResolution, statusLabel, transitionLabel } from '../lib/ticketStatus';
import { PRIORITIES } from '../lib/ticketStatus';
import { useNow } from '../lib/useNow';
import { ActionError, TargetCountdown } from './TicketBits';
import { parseTags } from './TicketForm';
import { Card, Empty, ErrorBox, Field, Loading } from './ui';

type Names = (id: number | null | undefined) => string;

export function StatusCard({ ticket }: { ticket: TicketDetail }) {
  const update = useUpdateTicket(ticket.id);
  const moves = allowedTransitions(ticket.status);
  const [to, setTo] = useState<TicketStatus | ''>('');
  const [resolution, setResolution] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const target = to && moves.includes(to) ? to : '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setInvalid(null);
    if (!target) {
      setInvalid('status');
      return;
    }
    if (needsResolution(target) && !resolution.trim()) {
      setInvalid('resolution');
      return;
    }
    try {
      await update.mutateAsync({
        status: target,
        ...(needsResolution(target) ? { resolution: resolution.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setDone(`Moved to ${statusLabel(target)}.`);
      setTo('');
      setResolution('');
      setNote('');
    } catch {
      // ActionError shows it
    }
  }

  return (
    <Card title="Status" id="ticket-status">
      {moves.length === 0 ? (
        <p className="muted">Closed is final: only internal notes and time entries can be added.</p>
      ) : (
        <form onSubmit={submit} aria-label="Change status" noValidate>
          <label className="field">
            <span>Move to</span>
            <select
              value={target}
              onChange={(e) => {
                setTo(e.target.value as TicketStatus);
                setInvalid(null);
              }}
              aria-invalid={invalid === 'status' || undefined}
              aria-describedby={invalid === 'status' ? 'status-error' : undefined}
            >
              <option value="">Choose the next step…</option>
              {moves.map((m) => (
                <option key={m} value={m}>
                  {transitionLabel(m)}
                </option>
              ))}
            </select>
          </label>
          {invalid === 'status' && (
            <p className="field-error" id="status-error">
              Choose where the ticket goes next.
            </p>
          )}
          {target && needsResolution(target) && (
            <label className="field">
              <span>Resolution — what was done (required)</span>
              <textarea
                rows={4}
                value={resolution}
                onChange={(e) => setResolution(e.target.value)}
                aria-invalid={invalid === 'resolution' || undefined}
                aria-describedby={invalid === 'resolution' ? 'resolution-error' : 'resolution-hint'}
                maxLength={20000}
              />
              {invalid === 'resolution' ? (
                <span className="field-error" id="resolution-error">
                  Describe the resolution: the customer is asked to confirm it.
                </span>
              ) : (
                <small id="resolution-hint">The customer sees it and is asked to confirm; the SLA clock pauses.</small>
              )}
            </label>
          )}
          {target && (
            <label className="field">
              <span>Note for the history (optional)</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
            </label>
          )}
          <button className="btn primary" type="submit" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Change status'}
          </button>
        </form>
      )}
      <ActionError error={update.error} action="change the status" />
      {done && !update.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}

export function AssignmentCard({
  ticket,
  staff,
  meId,
}: {
  ticket: TicketDetail;
  staff: StaffMember[];
  meId: number;
}) {
  const update = useUpdateTicket(ticket.id);
  const [done, setDone] = useState<string | null>(null);
  const [tags, setTags] = useState(ticket.tags.join(', '));
  const closed = ticket.status === 'closed';
  const known = staff.some((s) => s.id === ticket.assignee_id);

  async function change(body: { assignee_id?: number; priority?: string; tags?: string[] }, message: string) {
    setDone(null);
    try {
      await update.mutateAsync(body);
      setDone(message);
    } catch {
      // ActionError shows it
    }
  }

  return (
    <Card title="Responsibility and priority" id="ticket-assignment">
      <label className="field">
        <span>Responsible</span>
        <select
          value={ticket.assignee_id}
          disabled={closed || update.isPending}
          onChange={(e) => {
            const id = Number(e.target.value);
            const who = staff.find((s) => s.id === id)?.name ?? `#${id}`;
            void change({ assignee_id: id }, `${who} is now responsible.`);
          }}
        >
          {!known && <option value={ticket.assignee_id}>#{ticket.assignee_id}</option>}
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} — {humanize(s.role)}
              {s.on_call ? ' (on call)' : ''}
            </option>
          ))}
        </select>
      </label>
      {!closed && ticket.assignee_id !== meId && (
        <button
          type="button"
          className="btn"
          disabled={update.isPending}
          onClick={() => void change({ assignee_id: meId }, 'You are now responsible.')}
        >
          Assign to me
        </button>
      )}
      <label className="field field-spaced">
        <span>Priority</span>
        <select
          value={ticket.priority}
          disabled={closed || update.isPending}
          onChange={(e) => void change({ priority: e.target.value }, `Priority set to ${e.target.value}; due times recomputed.`)}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {humanize(p)}
            </option>
          ))}
        </select>
      </label>
      <form
        className="row-gap field-spaced"
        aria-label="Tags"
        onSubmit={(e) => {
          e.preventDefault();
          void change({ tags: parseTags(tags) }, 'Tags saved.');
        }}
      >
        <label className="field grow-field">
          <span>Tags</span>
          <input value={tags} disabled={closed} onChange={(e) => setTags(e.target.value)} placeholder="Comma-separated" />
        </label>
        <button className="btn" type="submit" disabled={closed || update.isPending}>
          Save tags
        </button>
      </form>
      <ActionError error={update.error} action="save the change" />
      {done && !update.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}

export function SlaCard({ ticket }: { ticket: TicketDetail }) {
  const closed = ticket.status === 'closed';
  return (
    <Card title="SLA" id="ticket-sla" actions={<span className="muted small">{humanize(ticket.sla_policy)} policy</span>}>
      {ticket.sla_paused && (
        <p className="notice" role="status">
          The clock is paused while the ticket waits on the customer; the due times move on when work resumes.
        </p>
      )}
      <dl className="kv-list">
        <Field label="First response">
          <TargetCountdown
            due={ticket.response_due}
            target="Response"
            doneAt={ticket.first_response_at}
            paused={ticket.sla_paused}
          />
        </Field>
        <Field label="Resolution">
          {closed ? (
            <span className="sla sla-none">Closed {formatDateTime(ticket.closed_at)}</span>
          ) : (
            <TargetCountdown
              due={ticket.resolution_due}
              target="Resolution"
              paused={ticket.sla_paused}
            />
          )}
        </Field>
      </dl>
      {ticket.breaches.length > 0 && (
        <>
          <h3 className="subhead">Breaches</h3>
          <ul className="list compact">
            {ticket.breaches.map((b) => (
              <li key={b.kind + b.at}>
                <span className="badge tone-bad">{humanize(b.kind)} missed</span>{' '}
                <span className="small">
                  due {formatDateTime(b.due)}, recorded {formatDateTime(b.at)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {ticket.escalations.length > 0 && (
        <>
          <h3 className="subhead">Escalations</h3>
          <ul className="list compact">
            {ticket.escalations.map((e) => (
              <li key={e.level}>
                <span className="badge tone-warn">Level {e.level}</span>{' '}
                <span className="small">
                  {humanize(e.notified)}s notified {formatDateTime(e.at)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

const WORK_TYPES = ['remote', 'phone', 'on_site', 'after_hours', 'emergency', 'emergency_onsite'];


// Today as YYYY-MM-DD in the browser's time zone: the default work date.
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The work type, billable flag and note of a time entry: the same fields when
// logging time and when changing an entry.
function TimeEntryExtras(props: {
  workType: string;
  setWorkType: (v: string) => void;
  billable: boolean;
  setBillable: (v: boolean) => void;
  note: string;
  setNote: (v: string) => void;
}) {
  return (
    <>
      <label>
        <span>Work type</span>
        <select value={props.workType} onChange={(e) => props.setWorkType(e.target.value)}>
          {WORK_TYPES.map((w) => (
            <option key={w} value={w}>
              {workTypeLabel(w)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={props.billable}
          onChange={(e) => props.setBillable(e.target.checked)}
        />
        Billable
      </label>
      <label className="grow">
        <span>Note</span>
        <input value={props.note} onChange={(e) => props.setNote(e.target.value)} maxLength={2000} />
      </label>
    </>
  );
}

// Changes one's own entry (the server allows only its author, and only
// until billing has invoiced it).
function TimeEntryEdit({ ticketId, entry, onDone }: { ticketId: number; entry: TimeEntry; onDone: (msg: string) => void }) {
  const update = useUpdateTime(ticketId);
  const [minutes, setMinutes] = useState(String(entry.minutes));
  const [workType, setWorkType] = useState(entry.work_type);
  const [billable, setBillable] = useState(entry.billable);
  const [note, setNote] = useState(entry.note ?? '');
  const [invalid, setInvalid] = useState(false);
  const idp = `time-${entry.id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > 1440) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      const saved = await update.mutateAsync({ entryId: entry.id, minutes: n, work_type: workType, billable, note: note.trim() });
      onDone(`Entry saved: ${saved.minutes} min.`);
    } catch {
      // ActionError shows it
    }
  }

  return (
    <form className="filters time-edit" onSubmit={submit} aria-label="Change time entry" noValidate>
      <label>
        <span>Minutes</span>
        <input
          id={`${idp}-minutes`}
          type="number"
          min={1}
          max={1440}
          className="narrow"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${idp}-error` : undefined}
        />
      </label>
      <TimeEntryExtras
        workType={workType}
        setWorkType={setWorkType}
        billable={billable}
        setBillable={setBillable}
        note={note}
        setNote={setNote}
      />
      <button className="btn primary" type="submit" disabled={update.isPending}>
        Save entry
      </button>
      <button className="btn ghost" type="button" onClick={() => onDone('')}>
        Cancel
      </button>
      {invalid && (
        <p className="field-error full" id={`${idp}-error`}>
          Enter whole minutes between 1 and 1440.
        </p>
      )}
      <ActionError error={update.error} action="change the entry" />
    </form>
  );
}

export function TimeCard({
  ticketId,
  names,
  canLog,
  meId,
}: {
  ticketId: number;
  names: Names;
  canLog: boolean;
  meId?: number;
}) {
  const [editing, setEditing] = useState<number | null>(null);
  const list = useTimeEntries(ticketId);
  const add = useAddTime(ticketId);
  const [minutes, setMinutes] = useState('');
  const [workType, setWorkType] = useState('remote');
  const [workDate, setWorkDate] = useState(today);
  const [billable, setBillable] = useState(true);
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > 1440 || !/^\d{4}-\d{2}-\d{2}$/.test(workDate)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      const entry = await add.mutateAsync({
        minutes: n,
        work_type: workType,
        billable,
        work_date: workDate,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      const covered = entry.included_minutes ? ` ${entry.included_minutes} min from the included hours.` : '';
      setDone(
        (entry.minutes === n
          ? `Logged ${entry.minutes} min.`
          : `Logged ${entry.minutes} min (${n} rounded up to a 15-minute step).`) + covered,
      );
      setMinutes('');
      setNote('');
    } catch {
      // ActionError shows it
    }
  }

  const entries = list.data?.entries ?? [];
  return (
    <Card
      title="Time"
      id="ticket-time"
      actions={list.data ? <span className="small">Total {list.data.total_minutes} min</span> : undefined}
    >
      {list.isLoading ? (
        <Loading />
      ) : list.error ? (
        <ErrorBox error={list.error} />
      ) : entries.length === 0 ? (
        <Empty>No time logged yet.</Empty>
      ) : (
        <ul className="list compact time-list">
          {entries.map((t) => (
            <li key={t.id} data-time-id={t.id}>
              <strong>{t.minutes} min</strong> {workTypeLabel(t.work_type)} · {t.billable ? 'billable' : 'covered by contract'}
              {t.billable && t.included_minutes ? ` (${t.included_minutes} min included)` : ''}
              {(t.invoiced_at || t.invoice_id) && <span className="badge tone-good inline-badge">Invoiced</span>}
              <div className="muted small">
                {names(t.user_id)} · {t.work_date ? `worked ${formatDate(t.work_date)}` : formatDateTime(t.created_at)}
                {t.note ? ` · ${t.note}` : ''}
              </div>
              {canLog && t.user_id === meId && !t.invoiced_at && !t.invoice_id && editing !== t.id && (
                <button
                  type="button"
                  className="btn ghost small"
                  onClick={() => {
                    setDone(null);
                    setEditing(t.id);
                  }}
                >
                  Change<span className="sr-only"> the entry of {t.minutes} min</span>
                </button>
              )}
              {editing === t.id && (
                <TimeEntryEdit
                  ticketId={ticketId}
                  entry={t}
                  onDone={(msg) => {
                    setEditing(null);
                    setDone(msg || null);
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canLog && (
        <form className="filters time-form" onSubmit={submit} aria-label="Log time" noValidate>
          <label>
            <span>Minutes</span>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? 'time-minutes-error' : 'time-minutes-hint'}
              className="narrow"
            />
          </label>
          <label>
            <span>Work date</span>
            <input type="date" value={workDate} max={today()} onChange={(e) => setWorkDate(e.target.value)} required />
          </label>
          <TimeEntryExtras
            workType={workType}
            setWorkType={setWorkType}
            billable={billable}
            setBillable={setBillable}
            note={note}
            setNote={setNote}
          />
          <button className="btn" type="submit" disabled={add.isPending}>
            Log time
          </button>
          {invalid ? (
            <p className="field-error full" id="time-minutes-error">
              Enter whole minutes between 1 and 1440, and the day of the work.
            </p>
          ) : (
            <p className="muted small full" id="time-minutes-hint">
              Stored rounded up to 15-minute steps.
            </p>
          )}
        </form>
      )}
      <ActionError error={add.error} action="log the time" />
      {done && !add.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}

export function EscalationCard({
  ticket,
  staff,
  names,
  canEscalate,
}: {
  ticket: TicketDetail;
  staff: StaffMember[];
  names: Names;
  canEscalate: boolean;
}) {
  const escalate = useEscalate(ticket.id);
  const [toUser, setToUser] = useState('');
  const [vendor, setVendor] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = ticket.technical_escalations ?? [];
  const closed = ticket.status === 'closed';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (!toUser && !vendor.trim()) return setInvalid('Name a more senior technician or a vendor.');
    if (!note.trim()) return setInvalid('Say why: the note goes with the hand-over.');
    setInvalid(null);
    try {
      await escalate.mutateAsync({
        ...(toUser ? { to_user_id: Number(toUser) } : {}),
        ...(vendor.trim() ? { vendor: vendor.trim() } : {}),
        note: note.trim(),
      });
      setDone(toUser ? `Handed to ${names(Number(toUser))}.` : `Vendor case recorded.`);
      setToUser('');
      setVendor('');
      setNote('');
    } catch {
      // ActionError shows it
    }
  }

  return (
    <Card title="Technical escalation" id="ticket-escalation">
      {list.length === 0 ? (
        <Empty>Not escalated.</Empty>
      ) : (
        <ul className="list compact">
          {list.map((e, i) => (
            <li key={i}>
              <strong>
                {[e.to_user_id ? names(Number(e.to_user_id)) : null, e.vendor].filter(Boolean).join(' · ')}
              </strong>
              <div className="muted small">
                {formatDateTime(e.at)}
                {e.note ? ` · ${e.note}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canEscalate && !closed && (
        <form onSubmit={submit} aria-label="Escalate" noValidate className="escalate-form">
          <label className="field">
            <span>Hand to</span>
            <select value={toUser} onChange={(e) => setToUser(e.target.value)}>
              <option value="">Nobody (vendor only)</option>
              {staff
                .filter((s) => s.id !== ticket.assignee_id)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} — {humanize(s.role)}
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            <span>Vendor case</span>
            <input value={vendor} onChange={(e) => setVendor(e.target.value)} placeholder="e.g. Fortinet TAC" maxLength={200} />
          </label>
          <label className="field">
            <span>Note</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          </label>
          {invalid && (
            <p className="field-error" role="alert">
              {invalid}
            </p>
          )}
          <button className="btn" type="submit" disabled={escalate.isPending}>
            Escalate
          </button>
        </form>
      )}
      <ActionError error={escalate.error} action="escalate" />
      {done && !escalate.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </Card>
  );
}

function eventText(e: TicketDetail['history'][number], names: Names): string {
  const user = (v: string | null) => (v ? names(Number(v)) : 'nobody');
  switch (e.kind) {
    case 'status':
      return `Status: ${statusLabel(e.old_value ?? '')} → ${statusLabel(e.new_value ?? '')}`;
    case 'assignee':
      return e.old_value ? `Responsible: ${user(e.old_value)} → ${user(e.new_value)}` : `Received; responsible: ${user(e.new_value)}`;
    case 'priority':
      return `Priority: ${humanize(e.old_value)} → ${humanize(e.new_value)}`;
    case 'technical_escalation':
      return `Escalated${e.new_value ? ` to ${user(e.new_value)}` : ''}${e.old_value ? ` (vendor: ${e.old_value})` : ''}`;
    case 'escalation':
      return `Administrative escalation, level ${e.new_value ?? '?'}`;
    default:
      return `${humanize(e.kind)}${e.new_value ? `: ${e.new_value}` : ''}`;
  }
}

export function HistoryCard({ ticket, names }: { ticket: TicketDetail; names: Names }) {
  const now = useNow();
  const events = [...ticket.history].reverse();
  return (
    <Card title="History" id="ticket-history">
      {events.length === 0 ? (
        <Empty>No changes yet.</Empty>
      ) : (
        <ol className="timeline">
          {events.map((e, i) => (
            <li key={i} className={e.kind === 'status' && e.new_value === 'closed' ? 'tl-resolved' : ''} data-kind={e.kind}>
              <span className="tl-dot" aria-hidden="true" />
              <div className="tl-body">
                <div className="history-text">{eventText(e, names)}</div>
                <div className="muted small">
                  <time dateTime={e.at} title={formatDateTime(e.at)}>
                    {relativeTime(e.at, now)}
                  </time>
                  {e.actor ? ` · ${e.actor}` : ''}
                  {e.note ? ` · ${e.note}` : ''}
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

export function ClosureCard({ ticket, names, contactName }: { ticket: TicketDetail; names: Names; contactName?: string }) {
  const c = ticket.closure;
  if (!c) return null;
  const hours = Math.floor(c.minutes_to_resolve / 60);
  const minutes = c.minutes_to_resolve % 60;
  return (
    <Card title="Closure record" id="ticket-closure">
      <dl className="kv-list">
        <Field label="Reported">{formatDateTime(c.reported_at)}</Field>
        <Field label="Reported by">{c.reported_by ? names(c.reported_by) : null}</Field>
        <Field label="Contact">{contactName ?? (c.contact_id ? `#${c.contact_id}` : null)}</Field>
        <Field label="Actions taken">{c.actions_taken}</Field>
        <Field label="Resolved by">{c.resolved_by ? names(c.resolved_by) : null}</Field>
        <Field label="Resolved">{formatDateTime(c.resolved_at)}</Field>
        <Field label="Closed">{formatDateTime(c.closed_at)}</Field>
        <Field label="Time to resolve">{hours ? `${hours} h ${minutes} min` : `${minutes} min`}</Field>
        <Field label="SLA">
          {c.sla_met ? <span className="badge tone-good">Met</span> : <span className="badge tone-bad">Breached</span>}
        </Field>
      </dl>
    </Card>
  );
}
