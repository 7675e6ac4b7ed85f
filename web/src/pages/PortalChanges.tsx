// The portal's changes: the customer sees the changes their provider plans
// on their systems and where each stands, and approves or rejects, with a
// comment, those that ask for the customer's approval. The API scopes
// every read to the contact's customer; another customer's change is a
// 404, shown as not found.
import { useQueries } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { getChange, useChange, useChanges } from '../api/changes';
import type { Change } from '../api/changes';
import { useUser } from '../auth/AuthContext';
import { ChangeStatusBadge, ChangeTable, ChangeTypeBadge } from '../components/ChangeBits';
import { AffectedCisCard, ApprovalsCard, ChangeDetailsCard, ChangeHistoryCard, WatchCard } from '../components/ChangeCards';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { whileActive } from '../lib/activity';
import { awaitsCustomer, formatWindow } from '../lib/changes';
import { formatDateTime } from '../lib/format';
import { useNow } from '../lib/useNow';

// The changes waiting for the customer: the list has no approval flags, so
// the submitted ones are read in full (there are few at a time).
export function useAwaitingCustomer(enabled = true) {
  const changes = useChanges({ status: 'submitted' }, { enabled, refetchInterval: whileActive(60_000) });
  const details = useQueries({
    queries: (changes.data ?? []).map((c) => ({
      queryKey: ['changes', 'one', c.id],
      queryFn: () => getChange(c.id),
      retry: false,
    })),
  });
  const waiting = details.map((q) => q.data).filter((c): c is Change => !!c && awaitsCustomer(c));
  return { waiting, isLoading: changes.isLoading || details.some((q) => q.isLoading), error: changes.error };
}

export function PortalChangeList() {
  const changes = useChanges({}, { refetchInterval: whileActive(60_000) });
  const awaiting = useAwaitingCustomer();
  const now = useNow();
  const list = changes.data ?? [];
  const open = list.filter((c) => c.status !== 'closed' && c.status !== 'rejected');
  const done = list.filter((c) => c.status === 'closed' || c.status === 'rejected');
  return (
    <>
      <PageHeader
        title="Changes"
        subtitle={
          awaiting.waiting.length
            ? `${awaiting.waiting.length} waiting for your approval`
            : 'Planned changes to your systems and where each stands'
        }
      />
      {changes.isLoading ? (
        <Loading />
      ) : changes.error ? (
        <ErrorBox error={changes.error} />
      ) : (
        <>
          <Card title={`Waiting for your approval (${awaiting.waiting.length})`} id="portal-change-approvals" className={awaiting.waiting.length ? 'card-accent' : ''}>
            {awaiting.isLoading ? (
              <Loading />
            ) : awaiting.waiting.length === 0 ? (
              <Empty>Nothing waits for your approval.</Empty>
            ) : (
              <ul className="list" aria-label="Changes waiting for your approval">
                {awaiting.waiting.map((c) => (
                  <li key={c.id} data-change-id={c.id}>
                    <Link className="cell-title" to={`/portal/changes/${c.id}`}>
                      {c.ref} {c.title}
                    </Link>{' '}
                    <ChangeTypeBadge type={c.type} />
                    <div className="muted small">
                      Planned {formatWindow(c.planned_start, c.planned_end)} · requested by {c.requested_by?.name ?? 'your provider'}
                    </div>
                    <div className="row-gap">
                      <Link className="btn small primary" to={`/portal/changes/${c.id}`}>
                        Review and decide
                      </Link>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={`In progress (${open.length})`} id="portal-changes-open">
            {open.length === 0 ? (
              <Empty>No change in progress.</Empty>
            ) : (
              <ChangeTable changes={open} now={now} basePath="/portal" showCustomer={false} label="Changes in progress" />
            )}
          </Card>
          <Card title={`Done (${done.length})`} id="portal-changes-done">
            {done.length === 0 ? (
              <Empty>No finished changes yet.</Empty>
            ) : (
              <ChangeTable changes={done} now={now} basePath="/portal" showCustomer={false} label="Finished changes" />
            )}
          </Card>
        </>
      )}
    </>
  );
}

function PortalChangeView({ id }: { id: number }) {
  const user = useUser();
  const change = useChange(id, { refetchInterval: whileActive(60_000) });
  const c = change.data;
  if (change.isLoading) return <Loading />;
  if (change.error || !c) return <ErrorBox error={change.error} />;
  const asks = awaitsCustomer(c);
  return (
    <>
      <PageHeader
        title={`${c.ref} ${c.title}`}
        subtitle={
          <>
            <ChangeStatusBadge status={c.status} /> <ChangeTypeBadge type={c.type} /> · planned {formatWindow(c.planned_start, c.planned_end)} ·
            updated {formatDateTime(c.updated_at)}
          </>
        }
        actions={
          <Link className="btn ghost" to="/portal/changes">
            All changes
          </Link>
        }
      />
      {asks && (
        <p className="notice" role="status">
          Your provider asks for your approval before this change goes ahead. Read it, then approve or reject it below.
        </p>
      )}
      <div className="ticket-layout">
        <div className="ticket-main">
          <ChangeDetailsCard c={c} portal />
          <ChangeHistoryCard c={c} />
        </div>
        <div className="ticket-side ticket-side-top">
          <WatchCard c={c} portal />
          {c.customer_approval && <ApprovalsCard c={c} user={user} />}
          <AffectedCisCard c={c} basePath="/portal" />
        </div>
      </div>
    </>
  );
}

export function PortalChange() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such change.')} />;
  return <PortalChangeView key={n} id={n} />;
}
