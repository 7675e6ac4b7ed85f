// The portal's tickets: the customer raises one, follows it, replies, and
// confirms or rejects a resolution. The API scopes every read to the
// contact's customer and never sends internal notes; a ticket of another
// customer is a 404 here, shown as "not found".
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCis } from '../api/queries';
import { useConfirmResolution, useTicket, useTickets } from '../api/tickets';
import { AttachmentsCard, KnowledgeCard } from '../components/KnowledgeCards';
import { Conversation } from '../components/Conversation';
import { ActionError, PriorityBadge, TicketStatusBadge, TicketTable } from '../components/TicketBits';
import { TicketForm } from '../components/TicketForm';
import { Card, Empty, ErrorBox, Field, Loading, PageHeader } from '../components/ui';
import { whileActive } from '../lib/activity';
import { formatDateTime } from '../lib/format';
import { ticketRef } from '../lib/ticketQueue';
import { useNow } from '../lib/useNow';
import { TicketDescription } from './TicketPage';

export function PortalTicketList() {
  const tickets = useTickets({ limit: 500 }, { refetchInterval: whileActive(60_000) });
  const now = useNow();
  const list = tickets.data ?? [];
  const open = list.filter((t) => t.status !== 'closed');
  const closed = list.filter((t) => t.status === 'closed');
  const waiting = open.filter((t) => t.status === 'hold_resolution').length;
  return (
    <>
      <PageHeader
        title="Your tickets"
        subtitle={waiting ? `${waiting} waiting for your confirmation` : 'Requests you and your colleagues raised'}
        actions={
          <Link className="btn primary" to="/portal/tickets/new">
            Raise a ticket
          </Link>
        }
      />
      {tickets.isLoading ? (
        <Loading />
      ) : tickets.error ? (
        <ErrorBox error={tickets.error} />
      ) : (
        <>
          <Card title={`Open (${open.length})`} id="portal-open-tickets">
            {open.length === 0 ? (
              <Empty>No open tickets. Need help? Raise a ticket.</Empty>
            ) : (
              <TicketTable tickets={open} now={now} basePath="/portal" showSla={false} />
            )}
          </Card>
          <Card title={`Closed (${closed.length})`} id="portal-closed-tickets">
            {closed.length === 0 ? (
              <Empty>No closed tickets yet.</Empty>
            ) : (
              <TicketTable tickets={closed} now={now} basePath="/portal" showSla={false} />
            )}
          </Card>
        </>
      )}
    </>
  );
}

export function PortalNewTicket({ customerId }: { customerId: number }) {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Raise a ticket" subtitle="Tell us what is wrong; we answer within your service level" />
      <TicketForm portal customerId={customerId} onCreated={(t) => navigate(`/portal/tickets/${t.id}`, { replace: true })} />
    </>
  );
}

export function ConfirmCard({ ticketId, resolution }: { ticketId: number; resolution: string | null }) {
  const confirm = useConfirmResolution(ticketId);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState(false);

  async function answer(resolved: boolean, e?: FormEvent) {
    e?.preventDefault();
    if (!resolved && !comment.trim()) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      await confirm.mutateAsync(resolved ? { resolved } : { resolved, comment: comment.trim() });
    } catch {
      // ActionError shows it
    }
  }

  return (
    <Card title="Is it fixed?" id="portal-confirm" className="card-accent">
      <p>We believe this is resolved:</p>
      <p className="note">{resolution ?? '—'}</p>
      {!rejecting ? (
        <div className="row-gap form-actions">
          <button type="button" className="btn primary" disabled={confirm.isPending} onClick={() => void answer(true)}>
            Yes, it is resolved
          </button>
          <button type="button" className="btn" disabled={confirm.isPending} onClick={() => setRejecting(true)}>
            No, it is not fixed
          </button>
        </div>
      ) : (
        <form onSubmit={(e) => void answer(false, e)} noValidate aria-label="Not resolved">
          <label className="field">
            <span>What is still wrong? (required)</span>
            <textarea
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? 'reject-error' : undefined}
            />
            {invalid && (
              <span className="field-error" id="reject-error">
                Tell us what is still wrong so we can carry on.
              </span>
            )}
          </label>
          <div className="row-gap">
            <button type="submit" className="btn primary" disabled={confirm.isPending}>
              Send: not resolved
            </button>
            <button type="button" className="btn ghost" onClick={() => setRejecting(false)}>
              Back
            </button>
          </div>
        </form>
      )}
      <ActionError error={confirm.error} action="send your answer" />
    </Card>
  );
}

function PortalTicketView({ id }: { id: number }) {
  const ticket = useTicket(id, { refetchInterval: whileActive(30_000) });
  const t = ticket.data;
  const cis = useCis({ customer_id: t?.customer_id }, { enabled: !!t });
  if (ticket.isLoading) return <Loading />;
  if (ticket.error || !t) return <ErrorBox error={ticket.error} />;
  const ciNames = new Map((cis.data?.cis ?? []).map((c) => [c.id, c.name]));
  const closed = t.status === 'closed';
  return (
    <>
      <PageHeader
        title={t.subject}
        subtitle={
          <>
            <span className="ticket-ref">{ticketRef(t.id)}</span> · <PriorityBadge priority={t.priority} />{' '}
            <TicketStatusBadge status={t.status} /> · raised {formatDateTime(t.created_at)}
          </>
        }
        actions={
          <Link className="btn ghost" to="/portal/tickets">
            All tickets
          </Link>
        }
      />
      {t.status === 'hold_resolution' && <ConfirmCard ticketId={t.id} resolution={t.resolution} />}
      {closed && (
        <p className="notice" role="status">
          Closed {formatDateTime(t.closed_at)}. Thank you for confirming.
        </p>
      )}
      <div className="ticket-layout">
        <div className="ticket-main">
          <Card title="Conversation" id="portal-conversation">
            <Conversation
              ticketId={t.id}
              replies={t.replies}
              canReply={!closed}
              allowInternal={false}
              closed={closed}
              emptyText="No replies yet: we will answer here."
            />
          </Card>
          <AttachmentsCard ticketId={t.id} staff={false} canUpload={!closed} closed={closed} />
        </div>
        <div className="ticket-side ticket-side-top">
          <KnowledgeCard ticket={t} canWork={false} basePath="/portal" />
          <TicketDescription ticket={t} ciNames={ciNames} basePath="/portal" />
          <Card title="Service level" id="portal-sla">
            <dl className="kv-list">
              <Field label="First response">
                {t.first_response_at ? formatDateTime(t.first_response_at) : t.response_due ? `by ${formatDateTime(t.response_due)}` : null}
              </Field>
              {t.sla_paused && <Field label="Clock">Paused while we wait for you</Field>}
            </dl>
          </Card>
        </div>
      </div>
    </>
  );
}

export function PortalTicket() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such ticket.')} />;
  return <PortalTicketView key={n} id={n} />;
}
