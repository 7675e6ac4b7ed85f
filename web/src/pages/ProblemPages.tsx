// Problem management for staff: the problem list with the candidates the
// server finds (repeating incidents sharing a CI or a symptom → "create
// problem", prefilled), and one problem with its root cause, workaround,
// known-error flag, status and linked incidents.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  useCreateProblem,
  useLinkIncident,
  useProblem,
  useProblemSuggestions,
  useProblems,
  useUnlinkIncident,
  useUpdateProblem,
} from '../api/knowledge';
import type { Problem, ProblemGroup } from '../api/knowledge';
import { useCustomers } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { canWorkTickets } from '../auth/roles';
import { WriteError } from '../components/KnowledgeCards';
import { TicketStatusBadge } from '../components/TicketBits';
import { Card, Empty, ErrorBox, Field, Loading, PageHeader } from '../components/ui';
import { formatDateTime, humanize } from '../lib/format';
import { isTyping } from '../lib/shortcuts';
import { ticketRef } from '../lib/ticketQueue';

export const PROBLEM_STATUSES = ['open', 'known_error', 'resolved', 'closed'] as const;

// The server's transitions (problems.cc): only these are offered.
export function problemMoves(status: string): string[] {
  return (
    ({ open: ['known_error', 'resolved'], known_error: ['open', 'resolved'], resolved: ['open', 'closed'], closed: [] } as Record<
      string,
      string[]
    >)[status] ?? []
  );
}

export function groupTitle(g: ProblemGroup): string {
  return g.kind === 'ci' ? `Repeated incidents on ${g.ci_name ?? `CI #${g.ci_id}`}` : `Repeated: ${g.symptom ?? 'same symptom'}`;
}

// "1, 2, #3" → [1, 2, 3]; anything else is refused with its text.
export function parseTicketIds(s: string): { ids: number[]; bad: string[] } {
  const ids: number[] = [];
  const bad: string[] = [];
  for (const part of s.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(?:#|T-?)?(\d{1,12})$/i.exec(part);
    if (m && Number(m[1]) > 0) ids.push(Number(m[1]));
    else bad.push(part);
  }
  return { ids: [...new Set(ids)], bad };
}

function ProblemStatusBadge({ p }: { p: Pick<Problem, 'status' | 'known_error'> }) {
  const tone = p.status === 'open' ? 'bad' : p.status === 'known_error' ? 'warn' : p.status === 'resolved' ? 'good' : 'neutral';
  return <span className={`badge tone-${tone}`}>{humanize(p.status)}</span>;
}

function NewProblemForm({ initialTitle, initialIds, onDone }: { initialTitle: string; initialIds: string; onDone: () => void }) {
  const [title, setTitle] = useState(initialTitle);
  const [ids, setIds] = useState(initialIds);
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useCreateProblem();
  const navigate = useNavigate();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseTicketIds(ids);
    if (!title.trim()) return setInvalid('Give the problem a title.');
    if (parsed.bad.length) return setInvalid(`Not a ticket number: ${parsed.bad.join(', ')}`);
    if (!parsed.ids.length) return setInvalid('Name at least one incident.');
    setInvalid(null);
    try {
      const p = await create.mutateAsync({ title: title.trim(), ticket_ids: parsed.ids });
      onDone();
      navigate(`/problems/${p.id}`);
    } catch {
      // WriteError shows it
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label="New problem" className="stack">
      <label className="field">
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="field">
        <span>Incidents (ticket numbers)</span>
        <input value={ids} onChange={(e) => setIds(e.target.value)} placeholder="e.g. 12, 15, 17" />
      </label>
      {invalid && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={create.isPending}>
          Create problem
        </button>
        <button type="button" className="btn ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
      <WriteError error={create.error} action="create the problem" />
    </form>
  );
}

export function ProblemsPage() {
  const user = useUser();
  const worker = canWorkTickets(user.role);
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const problems = useProblems(status || undefined);
  const suggestions = useProblemSuggestions();
  const customers = useCustomers();
  const names = new Map((customers.data?.customers ?? []).map((c) => [c.id, c.name]));
  // The form, prefilled from a suggestion or empty.
  const [draft, setDraft] = useState<{ title: string; ids: string; key: number } | null>(null);
  const list = problems.data ?? [];
  const groups = suggestions.data?.groups ?? [];
  // The form opens at the top: bring it into view and put the focus in it.
  useEffect(() => {
    if (!draft) return;
    const card = document.getElementById('problem-new');
    card?.scrollIntoView?.({ block: 'start' });
    card?.querySelector<HTMLInputElement>('input')?.focus({ preventScroll: true });
  }, [draft]);
  // "n" opens an empty form, as "n" opens the new-ticket form in the queue.
  useEffect(() => {
    if (!worker) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'n' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        setDraft({ title: '', ids: '', key: Date.now() });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [worker]);
  return (
    <>
      <PageHeader
        title="Problems"
        subtitle={
          <>
            The causes behind repeating incidents: root cause, workaround, known errors
            {worker && (
              <>
                {' '}
                · key: <kbd>n</kbd> new problem
              </>
            )}
          </>
        }
        actions={
          worker && (
            <button
              type="button"
              className="btn primary"
              aria-keyshortcuts="n"
              onClick={() => setDraft({ title: '', ids: '', key: Date.now() })}
            >
              New problem
            </button>
          )
        }
      />
      {draft && (
        <Card title="New problem" id="problem-new">
          <NewProblemForm key={draft.key} initialTitle={draft.title} initialIds={draft.ids} onDone={() => setDraft(null)} />
        </Card>
      )}
      <div className="ticket-layout">
        <div className="ticket-main">
          <Card>
            <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Problem filters">
              <label>
                <span>Status</span>
                <select
                  value={status}
                  onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}
                >
                  <option value="">All</option>
                  {PROBLEM_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {humanize(s)}
                    </option>
                  ))}
                </select>
              </label>
            </form>
          </Card>
          <Card title={problems.data ? `Problems (${list.length})` : 'Problems'} id="problem-list">
            {problems.isLoading ? (
              <Loading />
            ) : problems.error ? (
              <ErrorBox error={problems.error} />
            ) : list.length === 0 ? (
              <Empty>No problems{status ? ` with status ${humanize(status)}` : ''}.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Problem</th>
                      <th scope="col">Status</th>
                      <th scope="col">Known error</th>
                      <th scope="col">Incidents</th>
                      <th scope="col">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <Link className="cell-title" to={`/problems/${p.id}`}>
                            PRB-{p.id} {p.title}
                          </Link>
                        </td>
                        <td>
                          <ProblemStatusBadge p={p} />
                        </td>
                        <td>{p.known_error ? <span className="badge tone-warn">Known error</span> : '—'}</td>
                        <td>{p.incident_count ?? p.incidents?.length ?? '—'}</td>
                        <td>{formatDateTime(p.updated_at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>
        <div className="ticket-side ticket-side-top">
          <Card title="Suggested problems" id="problem-suggestions">
            {suggestions.isLoading ? (
              <Loading />
            ) : suggestions.error ? (
              <ErrorBox error={suggestions.error} />
            ) : groups.length === 0 ? (
              <Empty>No repeating incidents right now.</Empty>
            ) : (
              <>
                <p className="muted small">
                  At least {suggestions.data!.min_incidents} incidents within {suggestions.data!.window_days} days sharing a CI or a
                  symptom, not yet in a problem.
                </p>
                <ul className="list group-list">
                  {groups.map((g) => (
                    <li key={`${g.kind}-${g.ci_id ?? g.symptom}`}>
                      <strong>{groupTitle(g)}</strong>
                      <p className="small">
                        {g.count} incidents:{' '}
                        {g.ticket_ids.map((t, i) => (
                          <span key={t}>
                            {i > 0 && ', '}
                            <Link to={`/tickets/${t}`}>{ticketRef(t)}</Link>
                          </span>
                        ))}
                        {g.customer_ids.length > 0 && (
                          <span className="muted"> · {g.customer_ids.map((c) => names.get(c) ?? `customer #${c}`).join(', ')}</span>
                        )}
                      </p>
                      {worker && (
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => {
                            setDraft({ title: groupTitle(g), ids: g.ticket_ids.join(', '), key: Date.now() });
                          }}
                        >
                          Create problem
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

function AnalysisCard({ p, canEdit }: { p: Problem; canEdit: boolean }) {
  const update = useUpdateProblem(p.id);
  const [rootCause, setRootCause] = useState(p.root_cause ?? '');
  const [workaround, setWorkaround] = useState(p.workaround ?? '');
  const [knownError, setKnownError] = useState(p.known_error);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    // The server's rule: a known error needs a workaround.
    if (knownError && !workaround.trim()) {
      setInvalid('A known error needs a workaround.');
      return;
    }
    setInvalid(null);
    try {
      await update.mutateAsync({
        root_cause: rootCause,
        workaround,
        known_error: knownError,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setNote('');
      setDone('Saved.');
    } catch {
      // WriteError shows it
    }
  }
  if (!canEdit) {
    return (
      <Card title="Analysis" id="problem-analysis">
        <dl className="kv-list kv-spaced">
          <Field label="Root cause">{p.root_cause}</Field>
          <Field label="Workaround">{p.workaround}</Field>
          <Field label="Known error">{p.known_error ? 'Yes' : 'No'}</Field>
        </dl>
      </Card>
    );
  }
  return (
    <Card title="Analysis" id="problem-analysis">
      <form onSubmit={submit} noValidate aria-label="Analysis" className="stack">
        <label className="field">
          <span>Root cause</span>
          <textarea rows={3} value={rootCause} onChange={(e) => setRootCause(e.target.value)} />
        </label>
        <label className="field">
          <span>Workaround</span>
          <textarea
            rows={3}
            value={workaround}
            onChange={(e) => setWorkaround(e.target.value)}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? 'workaround-error' : undefined}
          />
          {invalid && (
            <span className="field-error" id="workaround-error">
              {invalid}
            </span>
          )}
        </label>
        <label className="check">
          <input type="checkbox" checked={knownError} onChange={(e) => setKnownError(e.target.checked)} />
          <span>Known error (the cause is known and a workaround exists)</span>
        </label>
        <label className="field">
          <span>Note for the history (optional)</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="row-gap">
          <button type="submit" className="btn primary" disabled={update.isPending}>
            Save analysis
          </button>
        </div>
        {done && !update.error && (
          <p className="notice" role="status">
            {done}
          </p>
        )}
        <WriteError error={update.error} action="save the analysis" />
      </form>
    </Card>
  );
}

function ProblemStatusCard({ p }: { p: Problem }) {
  const update = useUpdateProblem(p.id);
  const moves = problemMoves(p.status);
  const [to, setTo] = useState('');
  if (moves.length === 0) {
    return (
      <Card title="Status" id="problem-status">
        <p className="muted">Closed is final.</p>
      </Card>
    );
  }
  return (
    <Card title="Status" id="problem-status">
      <form
        aria-label="Change problem status"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!to) return;
          try {
            await update.mutateAsync({ status: to });
            setTo('');
          } catch {
            // WriteError shows it
          }
        }}
        className="stack"
      >
        <label className="field">
          <span>Move to</span>
          <select value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Choose…</option>
            {moves.map((m) => (
              <option key={m} value={m}>
                {humanize(m)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn" disabled={!to || update.isPending}>
          Change status
        </button>
        <WriteError error={update.error} action="change the status" />
      </form>
    </Card>
  );
}

function IncidentsCard({ p, canEdit }: { p: Problem; canEdit: boolean }) {
  const link = useLinkIncident(p.id);
  const unlink = useUnlinkIncident(p.id);
  const [ticket, setTicket] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const incidents = p.incidents ?? [];
  const closed = p.status === 'closed';
  return (
    <Card title={`Incidents (${incidents.length})`} id="problem-incidents">
      {incidents.length === 0 ? (
        <Empty>No incidents linked.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Linked incidents">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Status</th>
                <th scope="col">Opened</th>
                {canEdit && !closed && <th scope="col"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {incidents.map((t) => (
                <tr key={t.ticket_id}>
                  <td>
                    <Link className="cell-title" to={`/tickets/${t.ticket_id}`}>
                      {ticketRef(t.ticket_id)} {t.subject}
                    </Link>
                  </td>
                  <td>
                    <TicketStatusBadge status={t.status as never} />
                  </td>
                  <td>{formatDateTime(t.created_at)}</td>
                  {canEdit && !closed && (
                    <td>
                      <button
                        type="button"
                        className="btn small ghost"
                        disabled={unlink.isPending}
                        onClick={() => unlink.mutate(t.ticket_id)}
                        aria-label={`Unlink ${ticketRef(t.ticket_id)}`}
                      >
                        Unlink
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && !closed && (
        <form
          className="filters"
          aria-label="Link an incident"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const { ids, bad } = parseTicketIds(ticket);
            if (bad.length || ids.length !== 1) {
              setInvalid('Enter one ticket number.');
              return;
            }
            setInvalid(null);
            try {
              await link.mutateAsync(ids[0]);
              setTicket('');
            } catch {
              // WriteError shows it
            }
          }}
        >
          <label className="grow">
            <span>Link incident (ticket number)</span>
            <input
              value={ticket}
              onChange={(e) => setTicket(e.target.value)}
              aria-invalid={invalid ? true : undefined}
              aria-describedby={invalid ? 'incident-error' : undefined}
            />
          </label>
          <button type="submit" className="btn" disabled={link.isPending}>
            Link
          </button>
        </form>
      )}
      {invalid && (
        <p className="field-error" id="incident-error" role="alert">
          {invalid}
        </p>
      )}
      <WriteError error={link.error} action="link the incident" />
      <WriteError error={unlink.error} action="unlink the incident" />
    </Card>
  );
}

function ProblemView({ id }: { id: number }) {
  const user = useUser();
  const worker = canWorkTickets(user.role);
  const problem = useProblem(id);
  const p = problem.data;
  if (problem.isLoading) return <Loading />;
  if (problem.error || !p) return <ErrorBox error={problem.error} />;
  return (
    <>
      <PageHeader
        title={`PRB-${p.id} ${p.title}`}
        subtitle={
          <>
            <ProblemStatusBadge p={p} /> {p.known_error && p.status !== 'known_error' && <span className="badge tone-warn">Known error</span>} · opened{' '}
            {formatDateTime(p.created_at)} · updated {formatDateTime(p.updated_at)}
            {p.change_id != null && (
              <>
                {' '}
                · opened by the watch after{' '}
                <Link to={`/changes/${p.change_id}`} data-problem-change={p.change_id}>
                  RFC-{p.change_id}
                </Link>
              </>
            )}
          </>
        }
        actions={
          <Link className="btn ghost" to="/problems">
            All problems
          </Link>
        }
      />
      <div className="ticket-layout">
        <div className="ticket-main">
          {p.description && (
            <Card title="Description" id="problem-description">
              <div className="message-body">{p.description}</div>
            </Card>
          )}
          
          <AnalysisCard key={p.id} p={p} canEdit={worker && p.status !== 'closed'} />
          <IncidentsCard p={p} canEdit={worker} />
        </div>
        <div className="ticket-side ticket-side-top">
          {worker && <ProblemStatusCard key={p.status} p={p} />}
          <Card title="History" id="problem-history">
            {(p.history ?? []).length === 0 ? (
              <Empty>No history.</Empty>
            ) : (
              <ul className="list compact">
                {p.history!.map((h, i) => (
                  <li key={i}>
                    <span className="muted small">{formatDateTime(h.at)}</span> {humanize(h.kind)}
                    {h.new_value ? `: ${h.new_value}` : ''} <span className="muted small">— {h.actor}</span>
                    {h.note && <div className="small">{h.note}</div>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

export function ProblemPage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such problem.')} />;
  return <ProblemView key={n} id={n} />;
}
