// Change management for staff (SPEC §6): the list of requests for change
// (status and customer filters), the new-change form, and one change — its
// fields (editable while a draft), what submitting still needs, the moves
// the server allows now (submit, withdraw, schedule with a conflict
// preview, implemented, close with outcome and review), the patch
// deployments of its updates, the reviewers' votes and the vote form, the
// affected CIs and the history.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useChange, useChanges, useConflicts, useCreateChange, useNextWindow, useUpdateChange } from '../api/changes';
import type { Change, ChangeStatus, Outcome } from '../api/changes';
import { useCustomers } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { canReadDeployments, canRequestChanges } from '../auth/roles';
import { ChangeStatusBadge, ChangeTable, ChangeTypeBadge, ChangeWriteError, RatingBadge } from '../components/ChangeBits';
import { AffectedCisCard, ApprovalsCard, ChangeDetailsCard, ChangeHistoryCard, InCustomerZone, WatchCard } from '../components/ChangeCards';
import { ChangeForm } from '../components/ChangeForm';
import { DeploymentsCard } from '../components/DeploymentsCard';
import { ReleaseCard, ReleaseHoldNote } from '../components/ReleaseCard';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { whileActive } from '../lib/activity';
import {
  CHANGE_STATUSES,
  EMPTY_DRAFT,
  changeStatusLabel,
  capitalize,
  closeOutcomes,
  conflictKindLabel,
  draftFromChange,
  draftPatch,
  fieldErrorText,
  isoToLocalInput,
  localInputToIso,
  missingLabel,
  moveKind,
  moveLabel,
  newChangeBody,
  orderMoves,
  outcomeLabel,
  readableTimes,
  roundUp,
} from '../lib/changes';
import type { ChangeDraft } from '../lib/changes';
import { formatInZone } from '../lib/changeWindows';
import { formatDateTime } from '../lib/format';
import { isTyping } from '../lib/shortcuts';
import { useNow } from '../lib/useNow';

export function ChangeTabs({ current }: { current: 'list' | 'calendar' }) {
  return (
    <nav className="tabs" aria-label="Change management">
      <Link to="/changes" className={`tab ${current === 'list' ? 'active' : ''}`} aria-current={current === 'list' ? 'page' : undefined}>
        Requests
      </Link>
      <Link
        to="/changes/calendar"
        className={`tab ${current === 'calendar' ? 'active' : ''}`}
        aria-current={current === 'calendar' ? 'page' : undefined}
      >
        Calendar
      </Link>
    </nav>
  );
}

export function ChangesPage() {
  const user = useUser();
  const canCreate = canRequestChanges(user.role);
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const customerParam = Number(params.get('customer') ?? '');
  const customerId = Number.isInteger(customerParam) && customerParam > 0 ? customerParam : undefined;
  const changes = useChanges({ status: status || undefined, customer_id: customerId }, { refetchInterval: whileActive(60_000) });
  const customers = useCustomers();
  const now = useNow();
  const navigate = useNavigate();
  const list = changes.data ?? [];

  function set(next: Record<string, string | undefined>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  }

  // "n" opens the new-change form, as in the ticket queue.
  useEffect(() => {
    if (!canCreate) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'n' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        navigate('/changes/new');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canCreate, navigate]);

  return (
    <>
      <PageHeader
        title="Changes"
        subtitle={
          <>
            Requests for change: review, approval, schedule and outcome
            {canCreate && (
              <>
                {' '}
                · key: <kbd>n</kbd> new change
              </>
            )}
          </>
        }
        actions={
          canCreate && (
            <Link className="btn primary" to="/changes/new" aria-keyshortcuts="n">
              New change
            </Link>
          )
        }
      />
      <ChangeTabs current="list" />
      <Card>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Change filters">
          <label>
            <span>Status</span>
            <select value={status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">All</option>
              {CHANGE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {changeStatusLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Customer</span>
            <select value={customerId ?? ''} onChange={(e) => set({ customer: e.target.value })}>
              <option value="">All customers</option>
              {(customers.data?.customers ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </form>
      </Card>
      <Card id="change-list" title={changes.data ? `Changes (${list.length})` : 'Changes'}>
        {changes.isLoading ? (
          <Loading />
        ) : changes.error ? (
          <ErrorBox error={changes.error} />
        ) : list.length === 0 ? (
          <Empty>{status || customerId ? 'No changes match these filters.' : 'No requests for change yet.'}</Empty>
        ) : (
          <ChangeTable changes={list} now={now} />
        )}
      </Card>
    </>
  );
}

export function NewChangePage() {
  const user = useUser();
  const create = useCreateChange();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initial: ChangeDraft = {
    ...EMPTY_DRAFT,
    customer_id: params.get('customer_id') ?? '',
    ticket_id: params.get('ticket_id') ?? '',
  };
  return (
    <>
      <PageHeader
        title="New change"
        subtitle="A draft may be saved incomplete; submitting it needs every field"
        actions={
          <Link className="btn ghost" to="/changes">
            All changes
          </Link>
        }
      />
      <ChangeForm
        mode="create"
        initial={initial}
        requesterId={user.id}
        submitLabel="Create draft"
        pendingLabel="Creating…"
        onSave={async (d) => {
          const c = await create.mutateAsync(newChangeBody(d));
          navigate(`/changes/${c.id}`);
        }}
        onCancel={() => navigate('/changes')}
      />
    </>
  );
}

// ---------- one change ----------

function Checklist({ c }: { c: Change }) {
  if (c.status !== 'draft') return null;
  const missing = c.missing_for_submit ?? [];
  return (
    <div className="checklist" id="change-checklist">
      <h3 className="subhead">Before submitting</h3>
      {missing.length === 0 ? (
        <p className="check-done" data-ready="true">
          Everything needed is filled in.
        </p>
      ) : (
        <ul className="list compact missing-list" aria-label="Still missing">
          {missing.map((f) => (
            <li key={f} data-missing={f}>
              <span className="missing-mark" aria-hidden="true">
                ○
              </span>{' '}
              {missingLabel(f)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ActionsCard({ c, onOpen }: { c: Change; onOpen: (form: 'schedule' | 'close') => void }) {
  const update = useUpdateChange(c.id);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const moves = orderMoves(c.allowed_moves ?? []);
  const plain = moves.filter((m) => moveKind(m) === 'plain');
  const missing = c.status === 'draft' ? c.missing_for_submit ?? [] : [];
  // The step the change is waiting for is the primary button.
  const forward = (m: string) =>
    m === 'submitted' || m === 'scheduled' || m === 'implemented' || (m === 'closed' && c.status === 'implemented');

  async function move(to: string) {
    setDone(null);
    try {
      const after = await update.mutateAsync({ status: to as ChangeStatus, ...(note.trim() ? { note: note.trim() } : {}) });
      setNote('');
      setDone(
        after.status === to
          ? `Moved to ${changeStatusLabel(after.status)}.`
          : `Moved to ${changeStatusLabel(after.status)}${after.type === 'standard' ? ' (a standard change is pre-authorised)' : ''}.`,
      );
    } catch {
      // ChangeWriteError shows it
    }
  }

  return (
    <Card title="Status" id="change-actions">
      <p>
        <ChangeStatusBadge status={c.status} />
        {c.outcome && <> · {outcomeLabel(c.outcome)}</>}
      </p>
      <Checklist c={c} />
      {moves.length === 0 ? (
        <p className="muted">{c.status === 'rejected' ? 'Rejected is final: raise a new change to try again.' : 'Closed is final.'}</p>
      ) : (
        <>
          {plain.length > 0 && (
            <label className="field field-spaced">
              <span>Note for the history (optional)</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
          )}
          <div className="row-gap move-buttons">
            {[...moves.filter((m) => m !== 'closed'), ...(c.status === 'scheduled' ? ['reschedule'] : []), ...moves.filter((m) => m === 'closed')].map((m) => {
              if (m === 'reschedule') {
                return (
                  <button key={m} type="button" className="btn" onClick={() => onOpen('schedule')} data-move="reschedule">
                    Reschedule…
                  </button>
                );
              }
              const kind = moveKind(m);
              // The server marks a change implemented once its window has begun.
              const early = m === 'implemented' && !!c.planned_start && Date.parse(c.planned_start) > Date.now();
              const blocked = (m === 'submitted' && missing.length > 0) || early;
              return (
                <button
                  key={m}
                  type="button"
                  className={`btn ${forward(m) ? 'primary' : m === 'closed' ? 'ghost' : ''}`}
                  disabled={update.isPending || blocked}
                  title={early ? `Its window begins ${formatDateTime(c.planned_start)}` : blocked ? 'Fill in what the checklist names first' : undefined}
                  data-move={m}
                  onClick={() => (kind === 'plain' ? void move(m) : onOpen(kind === 'schedule' ? 'schedule' : 'close'))}
                >
                  {moveLabel(c.status, m, c.type)}
                </button>
              );
            })}
          </div>
          {c.status === 'submitted' && <p className="muted small">Approval and rejection come from the reviewers’ votes.</p>}
          {c.status === 'scheduled' && c.planned_start && Date.parse(c.planned_start) > Date.now() && (
            <p className="muted small">It can be marked implemented once its window begins ({formatDateTime(c.planned_start)}).</p>
          )}
        </>
      )}
      {done && !update.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <ChangeWriteError error={update.error} action="change the status" />
    </Card>
  );
}

// The next change window of the change's first device (servers and
// workstations have windows of their own), to fill the form with.
function NextWindow({ c, onUse }: { c: Change; onUse: (start: string, end: string) => void }) {
  const ci = c.cis.find((x) => x.kind === 'server' || x.kind === 'workstation');
  const [after, setAfter] = useState<string | null>(null);
  const q = useNextWindow(ci?.id ?? 0, after, { enabled: !!ci });
  if (!ci || !q.data) return null;
  const d = q.data;
  if (d.level == null) return <p className="muted small">{ci.name} has no change window: changes are not restricted.</p>;
  if (!d.next) return <p className="muted small">{ci.name}’s change windows do not occur again.</p>;
  const next = d.next;
  const open = Date.parse(next.start) <= Date.now();
  return (
    <div className="next-window" data-next-window={next.start}>
      <p className="small">
        {open ? 'Open now' : after ? 'Following window' : 'Next change window'} for <strong>{ci.name}</strong>:{' '}
        {formatInZone(next.start, d.time_zone)} – {formatInZone(next.end, d.time_zone)}{' '}
        <span className="muted">({d.time_zone})</span>
      </p>
      <div className="row-gap">
        <button
          type="button"
          className="btn small"
          onClick={() => {
            // A window open now starts in a few minutes (not in the past).
            const start = open ? new Date(roundUp(Date.now() + 5 * 60_000)).toISOString() : next.start;
            onUse(start, next.end);
          }}
        >
          Use this window
        </button>
        <button type="button" className="btn small ghost" onClick={() => setAfter(next.end)}>
          Later window
        </button>
      </div>
    </div>
  );
}

// Debounced: ask for the conflicts once the times stop changing.
function useSettled<T>(value: T, ms = 400): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function ScheduleForm({ c, onDone }: { c: Change; onDone: (message: string) => void }) {
  const update = useUpdateChange(c.id);
  const rescheduling = c.status === 'scheduled';
  const future = c.planned_start && Date.parse(c.planned_start) > Date.now();
  const [start, setStart] = useState(future ? isoToLocalInput(c.planned_start) : '');
  const [end, setEnd] = useState(future ? isoToLocalInput(c.planned_end) : '');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<{ start?: string; end?: string }>({});
  const startIso = localInputToIso(start);
  const endIso = localInputToIso(end);
  const settled = useSettled(`${startIso ?? ''}|${endIso ?? ''}`);
  const [sStart, sEnd] = settled.split('|');
  const valid = !!sStart && !!sEnd && Date.parse(sStart) < Date.parse(sEnd);
  const conflicts = useConflicts(c.id, valid ? sStart : null, valid ? sEnd : null);
  const checking = valid && (conflicts.isFetching || settled !== `${startIso ?? ''}|${endIso ?? ''}`);
  const found = conflicts.data ?? [];
  // An emergency change is only warned of windows and freezes.
  const blocking = found.filter((k) => k.blocking !== false);
  const field = update.error instanceof ApiError ? update.error.field : null;
  const startError = invalid.start ?? (field === 'planned_start' && update.error instanceof ApiError ? fieldErrorText(field, update.error.message) : undefined);
  const endError = invalid.end ?? (field === 'planned_end' && update.error instanceof ApiError ? fieldErrorText(field, update.error.message) : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad: { start?: string; end?: string } = {};
    if (!startIso) bad.start = 'Enter the start.';
    else if (Date.parse(startIso) < Date.now()) bad.start = 'The start is in the past.';
    if (!endIso) bad.end = 'Enter the end.';
    else if (startIso && Date.parse(endIso) <= Date.parse(startIso)) bad.end = 'The end must be after the start.';
    setInvalid(bad);
    if (bad.start || bad.end) return;
    try {
      // A scheduled change's window moves without a status move (and
      // without a note, which goes with a move).
      await update.mutateAsync(
        rescheduling
          ? { planned_start: startIso, planned_end: endIso }
          : { status: 'scheduled', planned_start: startIso, planned_end: endIso, ...(note.trim() ? { note: note.trim() } : {}) },
      );
      onDone(rescheduling ? 'Rescheduled.' : 'Scheduled.');
    } catch {
      // shown below
    }
  }

  const describedStart = startError ? 'sched-start-error' : undefined;
  const describedEnd = endError ? 'sched-end-error' : undefined;
  return (
    <form onSubmit={submit} noValidate aria-label="Schedule the change" className="stack">
      <NextWindow
        c={c}
        onUse={(s, e2) => {
          setStart(isoToLocalInput(s));
          setEnd(isoToLocalInput(e2));
        }}
      />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="sched-start">Start</label>
          <input
            id="sched-start"
            type="datetime-local"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            aria-invalid={startError ? true : undefined}
            aria-describedby={describedStart}
          />
          {startError && (
            <span className="field-error" id="sched-start-error">
              {startError}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="sched-end">End</label>
          <input
            id="sched-end"
            type="datetime-local"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
            aria-invalid={endError ? true : undefined}
            aria-describedby={describedEnd}
          />
          {endError && (
            <span className="field-error" id="sched-end-error">
              {endError}
            </span>
          )}
        </div>
        {!rescheduling && (
          <div className="field">
            <label htmlFor="sched-note">Note (optional)</label>
            <input id="sched-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        )}
      </div>
      {startIso && endIso && Date.parse(startIso) < Date.parse(endIso) && (
        <p className="muted small">
          <InCustomerZone customerId={c.customer_id} start={startIso} end={endIso} always />
        </p>
      )}
      <div className="conflict-preview" aria-live="polite" id="change-conflicts">
        {!valid ? (
          <p className="muted small">Choose the start and the end to check for conflicts.</p>
        ) : checking ? (
          <p className="muted small">Checking for conflicts…</p>
        ) : conflicts.error ? (
          <p className="muted small">Could not check for conflicts: the server checks again when you schedule.</p>
        ) : found.length === 0 ? (
          <p className="notice" data-conflicts="0">
            No conflicts: inside the change windows, outside any freeze, no overlapping change on these CIs.
          </p>
        ) : (
          <div className={blocking.length ? 'form-error' : 'conflict-warn'} data-conflicts={found.length} data-blocking={blocking.length}>
            <strong>
              {blocking.length
                ? `${blocking.length} conflict${blocking.length === 1 ? '' : 's'}:`
                : 'Warnings (an emergency change may go ahead):'}
            </strong>
            <ul className="conflict-list">
              {found.map((k, i) => (
                <li key={i} data-conflict={k.kind}>
                  <span className={`badge ${k.blocking === false ? 'tone-warn' : 'tone-bad'}`}>{conflictKindLabel(k.kind)}</span>{' '}
                  {capitalize(readableTimes(k.message))}
                  {k.change_id ? (
                    <>
                      {' '}
                      <Link to={`/changes/${k.change_id}`} aria-label={`Open RFC-${k.change_id}`}>
                        open
                      </Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={update.isPending || (valid && !checking && blocking.length > 0)}>
          {update.isPending ? 'Scheduling…' : rescheduling ? 'Move the window' : 'Schedule'}
        </button>
        {valid && !checking && blocking.length > 0 && (
          <span className="muted small">Pick a time without conflicts.</span>
        )}
      </div>
      {update.error != null && !(field === 'planned_start' || field === 'planned_end') && (
        <ChangeWriteError error={update.error} action="schedule the change" />
      )}
    </form>
  );
}

function CloseForm({ c, onDone }: { c: Change; onDone: (message: string) => void }) {
  const update = useUpdateChange(c.id);
  const outcomes = closeOutcomes(c.status);
  const [outcome, setOutcome] = useState<Outcome | ''>(outcomes.length === 1 ? outcomes[0] : '');
  const [review, setReview] = useState('');
  const [invalid, setInvalid] = useState<{ outcome?: string; review?: string }>({});
  const ran = c.status === 'implemented';
  const field = update.error instanceof ApiError ? update.error.field : null;
  const serverMsg = update.error instanceof ApiError ? fieldErrorText(field, update.error.message) : undefined;
  const outcomeError = invalid.outcome ?? (field === 'outcome' ? serverMsg : undefined);
  const reviewError = invalid.review ?? (field === 'review' ? serverMsg : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad: { outcome?: string; review?: string } = {};
    if (!outcome) bad.outcome = 'Say how it went.';
    if (!review.trim()) bad.review = ran ? 'Write the review: what happened and what was learnt.' : 'Say why it is withdrawn.';
    setInvalid(bad);
    if (bad.outcome || bad.review) return;
    try {
      await update.mutateAsync({ status: 'closed', outcome: outcome as Outcome, review: review.trim() });
      onDone(`Closed: ${outcomeLabel(outcome)}.`);
    } catch {
      // shown below
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={ran ? 'Close the change' : 'Withdraw the change'} className="stack">
      {outcomes.length > 1 ? (
        <fieldset className="outcome-picks" aria-describedby={outcomeError ? 'close-outcome-error' : undefined}>
          <legend>Outcome</legend>
          {outcomes.map((o) => (
            <label key={o} className="check">
              <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
              {outcomeLabel(o)}
            </label>
          ))}
          {outcomeError && (
            <span className="field-error" id="close-outcome-error">
              {outcomeError}
            </span>
          )}
        </fieldset>
      ) : (
        <p>
          Outcome: <strong>{outcomeLabel(outcomes[0])}</strong> — the change did not run.
        </p>
      )}
      <div className="field">
        <label htmlFor="close-review">{ran ? 'Post-implementation review' : 'Why it is withdrawn'}</label>
        <textarea
          id="close-review"
          rows={4}
          value={review}
          onChange={(e) => setReview(e.target.value)}
          aria-invalid={reviewError ? true : undefined}
          aria-describedby={reviewError ? 'close-review-error' : undefined}
        />
        {reviewError && (
          <span className="field-error" id="close-review-error">
            {reviewError}
          </span>
        )}
      </div>
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={update.isPending}>
          {ran ? 'Close the change' : 'Withdraw and close'}
        </button>
      </div>
      {update.error != null && field !== 'outcome' && field !== 'review' && (
        <ChangeWriteError error={update.error} action="close the change" />
      )}
    </form>
  );
}

function DraftEditor({ c }: { c: Change }) {
  const update = useUpdateChange(c.id);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <ChangeForm
        key={c.updated_at}
        mode="edit"
        initial={draftFromChange(c)}
        customerName={c.customer_name}
        requesterId={c.requested_by?.id}
        submitLabel="Save draft"
        pendingLabel="Saving…"
        onSave={async (d) => {
          setSaved(null);
          const patch = draftPatch(d, c);
          if (Object.keys(patch).length === 0) {
            setSaved('Nothing to save: no field changed.');
            return;
          }
          const after = await update.mutateAsync(patch);
          const left = after.missing_for_submit?.length ?? 0;
          setSaved(left ? `Saved. ${left} field${left === 1 ? '' : 's'} still needed before submitting.` : 'Saved. Ready to submit.');
        }}
      />
      {saved && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
    </>
  );
}

// A change has deployments only once approved: the card waits till then.
const NOT_YET_DEPLOYABLE: ChangeStatus[] = ['draft', 'submitted', 'rejected'];

function ChangeView({ id }: { id: number }) {
  const user = useUser();
  const worker = canRequestChanges(user.role);
  const change = useChange(id, { refetchInterval: whileActive(60_000) });
  const [form, setForm] = useState<'schedule' | 'close' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const c = change.data;
  // A form for a move the change no longer offers goes away.
  useEffect(() => {
    if (!c || !form) return;
    const wanted = form === 'schedule' ? 'scheduled' : 'closed';
    const rescheduling = form === 'schedule' && c.status === 'scheduled';
    if (!rescheduling && !(c.allowed_moves ?? []).includes(wanted as ChangeStatus)) setForm(null);
  }, [c, form]);
  useEffect(() => {
    if (form) document.getElementById('change-move-form')?.scrollIntoView?.({ block: 'start' });
  }, [form]);
  if (change.isLoading) return <Loading />;
  if (change.error || !c) return <ErrorBox error={change.error} />;
  const editable = worker && c.status === 'draft';
  return (
    <>
      <PageHeader
        title={`${c.ref} ${c.title}`}
        subtitle={
          <>
            <span className="sub-line">
              <ChangeStatusBadge status={c.status} /> <ChangeTypeBadge type={c.type} /> risk <RatingBadge rating={c.risk} what="Risk" /> ·
              impact <RatingBadge rating={c.impact} what="Impact" />
            </span>
            <span className="sub-line">
              <Link to={`/customers/${c.customer_id}`}>{c.customer_name}</Link>
              {c.ticket_id && (
                <>
                  {' '}
                  · ticket <Link to={`/tickets/${c.ticket_id}`}>#{c.ticket_id}</Link>
                </>
              )}{' '}
              · requested by {c.requested_by?.name ?? 'someone'} {formatDateTime(c.created_at)} · updated {formatDateTime(c.updated_at)}
            </span>
          </>
        }
        actions={
          <>
            <Link className="btn ghost" to="/changes/calendar">
              Calendar
            </Link>
            <Link className="btn ghost" to="/changes">
              All changes
            </Link>
          </>
        }
      />
      {message && (
        <p className="notice page-notice" role="status">
          {message}
        </p>
      )}
      <div className="ticket-layout">
        <div className="ticket-main">
          {form && (
            <Card
              title={form === 'schedule' ? (c.status === 'scheduled' ? 'Reschedule' : 'Schedule') : c.status === 'implemented' ? 'Close with review' : 'Withdraw and close'}
              id="change-move-form"
              className="card-accent"
              actions={
                <button type="button" className="btn small ghost" onClick={() => setForm(null)}>
                  Cancel
                </button>
              }
            >
              {form === 'schedule' ? (
                <ScheduleForm
                  c={c}
                  onDone={(m) => {
                    setForm(null);
                    setMessage(m);
                  }}
                />
              ) : (
                <CloseForm
                  c={c}
                  onDone={(m) => {
                    setForm(null);
                    setMessage(m);
                  }}
                />
              )}
            </Card>
          )}
          {canReadDeployments(user.role) && <ReleaseCard c={c} />}
          {canReadDeployments(user.role) && !NOT_YET_DEPLOYABLE.includes(c.status) && <DeploymentsCard c={c} />}
          {editable ? <DraftEditor c={c} /> : <ChangeDetailsCard c={c} />}
          <ChangeHistoryCard c={c} />
        </div>
        <div className="ticket-side ticket-side-top">
          {worker && (
            <ActionsCard
              c={c}
              onOpen={(f) => {
                setMessage(null);
                setForm(f);
              }}
            />
          )}
          <WatchCard c={c} />
          <ApprovalsCard c={c} user={user} note={<ReleaseHoldNote c={c} />} />
          <AffectedCisCard c={c} basePath="" />
        </div>
      </div>
    </>
  );
}

export function ChangePage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such change.')} />;
  return <ChangeView key={n} id={n} />;
}
