// The cards of one change that staff and the portal share: its details,
// the reviewers with their votes and the vote form, the affected CIs and
// the history.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useVoteChange } from '../api/changes';
import { useCustomerWindows } from '../api/patching';
import type { Change, Vote } from '../api/changes';
import type { User } from '../api/types';
import { changeStatusLabel, formatWindow, tally, voteState, watchHeadline } from '../lib/changes';
import { formatCents, formatDateTime, humanize } from '../lib/format';
import { ChangeWriteError, OutcomeBadge, RatingBadge } from './ChangeBits';
import { Card, Empty, Field } from './ui';

// A window in the customer's time zone (their change windows run in it),
// when it is not the browser's; `always` says it even then.
export function InCustomerZone({
  customerId,
  start,
  end,
  always = false,
}: {
  customerId: number;
  start: string | null;
  end: string | null;
  always?: boolean;
}) {
  const q = useCustomerWindows(customerId, { enabled: !!start && !!end });
  const zone = q.data?.time_zone;
  if (!zone || !start || !end) return null;
  const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone === mine && !always) return null;
  return (
    <span className="zone-time" data-zone={zone}>
      {zone === mine ? 'In the customer’s time zone' : 'Customer’s time'} ({zone}): {formatWindow(start, end, zone)}
    </span>
  );
}

function Text({ value }: { value: string | null | undefined }) {
  return value && value.trim() ? <div className="message-body">{value}</div> : <span className="muted">Not given</span>;
}

export function ChangeDetailsCard({ c, portal = false }: { c: Change; portal?: boolean }) {
  return (
    <Card title="The change" id="change-details">
      <dl className="kv-list change-kv">
        <Field label="Description">
          <Text value={c.description} />
        </Field>
        <Field label="Reason">
          <Text value={c.reason} />
        </Field>
        <Field label="Components">
          <Text value={c.components} />
        </Field>
        <Field label="Risk / impact">
          <span className="row-gap">
            <RatingBadge rating={c.risk} what="Risk" /> <span className="muted">risk</span> ·{' '}
            <RatingBadge rating={c.impact} what="Impact" /> <span className="muted">impact</span>
          </span>
        </Field>
        <Field label="Planned window">
          {formatWindow(c.planned_start, c.planned_end)}
          <div className="muted small">
            <InCustomerZone customerId={c.customer_id} start={c.planned_start} end={c.planned_end} />
          </div>
        </Field>
        <Field label="Back-out plan">
          <Text value={c.backout_plan} />
        </Field>
        <Field label="Test plan">
          <Text value={c.test_plan} />
        </Field>
        <Field label="Cost estimate">{c.cost_estimate_cents == null ? 'Not estimated' : formatCents(c.cost_estimate_cents)}</Field>
        {!portal && (
          <Field label="Review">
            {c.type === 'standard'
              ? 'Pre-authorised (standard change)'
              : `${c.type === 'emergency' ? 1 : c.quorum} approval${(c.type === 'emergency' ? 1 : c.quorum) === 1 ? '' : 's'} needed`}
            {c.customer_approval ? ', and the customer’s' : ''}
          </Field>
        )}
        {c.outcome && (
          <Field label="Outcome">
            <OutcomeBadge outcome={c.outcome} />
          </Field>
        )}
        {c.review && (
          <Field label="Post-implementation review">
            <Text value={c.review} />
          </Field>
        )}
      </dl>
    </Card>
  );
}

export function AffectedCisCard({ c, basePath }: { c: Change; basePath: string }) {
  return (
    <Card title={`Affected CIs (${c.cis.length})`} id="change-cis">
      {c.cis.length === 0 ? (
        <Empty>No CIs named yet.</Empty>
      ) : (
        <ul className="list compact">
          {c.cis.map((ci) => (
            <li key={ci.id}>
              <Link to={`${basePath}/devices/${ci.id}`}>{ci.name}</Link> <span className="muted small">{humanize(ci.kind)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function VoteBadge({ decision }: { decision: Vote | null }) {
  if (!decision) return <span className="badge tone-neutral">Waiting</span>;
  return decision === 'approve' ? (
    <span className="badge tone-good" data-vote="approve">
      Approved
    </span>
  ) : (
    <span className="badge tone-bad" data-vote="reject">
      Rejected
    </span>
  );
}

export function VoteForm({ changeId, portal }: { changeId: number; portal: boolean }) {
  const vote = useVoteChange(changeId);
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  async function send(decision: Vote, e?: FormEvent) {
    e?.preventDefault();
    setDone(null);
    // A rejection says why, so the requester can rework it.
    if (decision === 'reject' && !comment.trim()) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      await vote.mutateAsync({ decision, comment: comment.trim() });
      setComment('');
      setDone(decision === 'approve' ? 'Your approval is recorded.' : 'Your rejection is recorded.');
    } catch {
      // ChangeWriteError shows it
    }
  }
  return (
    <form onSubmit={(e) => void send('approve', e)} noValidate aria-label="Your decision" className="stack vote-form">
      <label className="field">
        <span>{portal ? 'Comment for your provider (required to reject)' : 'Comment (required to reject)'}</span>
        <textarea
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'vote-error' : undefined}
        />
        {invalid && (
          <span className="field-error" id="vote-error">
            Say why you reject it, so it can be reworked.
          </span>
        )}
      </label>
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={vote.isPending}>
          Approve
        </button>
        <button type="button" className="btn danger" disabled={vote.isPending} onClick={() => void send('reject')}>
          Reject
        </button>
      </div>
      {done && !vote.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <ChangeWriteError error={vote.error} action="record your decision" />
    </form>
  );
}

export function ApprovalsCard({ c, user, note }: { c: Change; user: Pick<User, 'id' | 'role'>; note?: ReactNode }) {
  const t = tally(c);
  const state = voteState(c, user);
  const byUser = new Map(c.approvals.filter((a) => a.role === 'reviewer').map((a) => [a.user_id, a]));
  const named = new Set(c.reviewers.map((r) => r.user_id));
  // Votes of change managers and owners who were not named.
  const others = c.approvals.filter((a) => a.role === 'reviewer' && !named.has(a.user_id ?? -1));
  const customer = c.approvals.find((a) => a.role === 'customer');
  const rows = [
    ...c.reviewers.map((r) => ({ key: `r${r.user_id}`, name: r.name, vote: byUser.get(r.user_id) ?? null, who: '' })),
    ...others.map((a) => ({ key: `o${a.id}`, name: a.name, vote: a, who: 'change authority' })),
  ];
  return (
    <Card title="Approvals" id="change-approvals">
      {note}
      {c.type === 'standard' ? (
        <p className="muted">A standard change is pre-authorised: submitting it approves it.</p>
      ) : (
        <p data-tally={`${t.approvals}/${t.quorum}`}>
          <strong>
            {t.approvals} of {t.quorum}
          </strong>{' '}
          approval{t.quorum === 1 ? '' : 's'}
          {c.customer_approval && <> · customer: {t.customer === 'pending' ? 'waiting' : humanize(t.customer)}</>}
          {t.rejected && <span className="badge tone-bad inline-badge">Rejected</span>}
        </p>
      )}
      {rows.length === 0 && !c.customer_approval ? (
        c.type !== 'standard' && <Empty>No reviewers named.</Empty>
      ) : (
        <ul className="list approvals" aria-label="Votes">
          {rows.map((r) => (
            <li key={r.key} data-reviewer={r.name}>
              <div className="row-between">
                <span>
                  <strong>{r.name}</strong> {r.who && <span className="muted small">{r.who}</span>}
                </span>
                <VoteBadge decision={r.vote?.decision ?? null} />
              </div>
              {r.vote && (
                <div className="small">
                  <span className="muted">{formatDateTime(r.vote.at)}</span>
                  {r.vote.comment && <> — {r.vote.comment}</>}
                </div>
              )}
            </li>
          ))}
          {c.customer_approval && (
            <li data-reviewer="customer">
              <div className="row-between">
                <span>
                  <strong>{customer ? customer.name : c.customer_name}</strong> <span className="muted small">customer</span>
                </span>
                <VoteBadge decision={customer?.decision ?? null} />
              </div>
              {customer && (
                <div className="small">
                  <span className="muted">{formatDateTime(customer.at)}</span>
                  {customer.comment && <> — {customer.comment}</>}
                </div>
              )}
            </li>
          )}
        </ul>
      )}
      {state.canVote ? (
        <>
          <h3 className="subhead">Your decision</h3>
          <VoteForm changeId={c.id} portal={user.role === 'portal'} />
        </>
      ) : (
        state.reason && <p className="muted small">{state.reason}</p>
      )}
    </Card>
  );
}

export function ChangeHistoryCard({ c }: { c: Change }) {
  const events = [...c.events].reverse();
  return (
    <Card title="History" id="change-history">
      {events.length === 0 ? (
        <Empty>No history yet.</Empty>
      ) : (
        <ul className="list compact" aria-label="Change history">
          {events.map((e, i) => (
            <li key={i}>
              <span className="muted small">{formatDateTime(e.at)}</span>{' '}
              {e.from ? (
                <>
                  {changeStatusLabel(e.from)} → <strong>{changeStatusLabel(e.to)}</strong>
                </>
              ) : (
                <strong>{e.to ? changeStatusLabel(e.to) : 'Created'}</strong>
              )}{' '}
              <span className="muted small">— {e.actor || 'system'}</span>
              {e.note && <div className="small history-text">{e.note}</div>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

// The 72 hours after the change: incidents on its CIs against their
// baseline, and (staff only) the problem a spike opened.
export function WatchCard({ c, portal = false }: { c: Change; portal?: boolean }) {
  const w = c.watch;
  if (!w) return null;
  const head = watchHeadline(w);
  return (
    <Card title="After the change" id="change-watch">
      <p>
        <span className={`badge tone-${head.tone}`} data-watch={w.state}>
          {w.state === 'spike' ? 'Incident spike' : w.state === 'quiet' ? 'Quiet' : 'Watching'}
        </span>
      </p>
      <p className="small">{head.text}.</p>
      <p className="muted small">
        Watched {formatDateTime(w.starts_at)} – {formatDateTime(w.ends_at)}
        {w.checked_at && <> · checked {formatDateTime(w.checked_at)}</>}
      </p>
      {!portal && w.problem_id != null && (
        <p>
          <Link to={`/problems/${w.problem_id}`} data-watch-problem={w.problem_id}>
            PRB-{w.problem_id}
          </Link>{' '}
          was opened for the spike.
        </p>
      )}
    </Card>
  );
}
