// One ticket, for staff: who and what, the conversation with internal
// notes, and everything to work it — status (only the moves valid now),
// responsibility, priority, the live SLA, time, escalation, history, the RFC,
// the closure record, attachments, knowledge suggestions and the problem.
import { Link, useParams } from 'react-router-dom';
import { useCis, useContacts, useCustomer } from '../api/queries';
import { useStaff, useTicket } from '../api/tickets';
import type { TicketDetail } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { canDrawFlex, canRequestChanges, canWorkTickets } from '../auth/roles';
import { HoursCard } from '../components/BillingCards';
import { ChangeStatusBadge } from '../components/ChangeBits';
import { Conversation } from '../components/Conversation';
import { AttachmentsCard, KnowledgeCard, ProblemCard } from '../components/KnowledgeCards';
import { PriorityBadge, SlaCountdown, TicketStatusBadge } from '../components/TicketBits';
import {
  AssignmentCard,
  ClosureCard,
  EscalationCard,
  HistoryCard,
  SlaCard,
  StatusCard,
  TimeCard,
} from '../components/TicketCards';
import { Card, ErrorBox, Field, Loading, PageHeader } from '../components/ui';
import { formatDateTime, humanize } from '../lib/format';
import { whileActive } from '../lib/activity';
import { ticketRef } from '../lib/ticketQueue';

export function TicketDescription({ ticket, ciNames, basePath }: { ticket: TicketDetail; ciNames: Map<number, string>; basePath: string }) {
  return (
    <Card title="Description" id="ticket-description">
      <div className="message-body">{ticket.description || <span className="muted">No description.</span>}</div>
      <dl className="kv-list kv-spaced">
        {ticket.symptoms && <Field label="Symptoms">{ticket.symptoms}</Field>}
        {ticket.steps_to_reproduce && <Field label="Steps to reproduce">{ticket.steps_to_reproduce}</Field>}
        {ticket.recent_changes && <Field label="Recent changes">{ticket.recent_changes}</Field>}
        {ticket.ci_ids.length > 0 && (
          <Field label="Affected CIs">
            {ticket.ci_ids.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <Link to={`${basePath}/devices/${id}`}>{ciNames.get(id) ?? `CI #${id}`}</Link>
              </span>
            ))}
          </Field>
        )}
        {ticket.tags.length > 0 && (
          <Field label="Tags">
            <span className="row-gap">
              {ticket.tags.map((t) => (
                <span key={t} className="badge tone-neutral">
                  {t}
                </span>
              ))}
            </span>
          </Field>
        )}
        {ticket.resolution && <Field label="Resolution">{ticket.resolution}</Field>}
      </dl>
    </Card>
  );
}

function TicketView({ id }: { id: number }) {
  const user = useUser();
  const ticket = useTicket(id, { refetchInterval: whileActive(30_000) });
  const t = ticket.data;
  const customer = useCustomer(t?.customer_id ?? 0, { enabled: !!t });
  const staff = useStaff();
  const contacts = useContacts(t?.customer_id ?? 0, { enabled: !!t });
  const cis = useCis({ customer_id: t?.customer_id }, { enabled: !!t });
  const worker = canWorkTickets(user.role);

  if (ticket.isLoading) return <Loading />;
  if (ticket.error || !t) return <ErrorBox error={ticket.error} />;
  const people = new Map((staff.data ?? []).map((s) => [s.id, s.name]));
  const names = (uid: number | null | undefined) => (uid == null ? '—' : people.get(uid) ?? `user #${uid}`);
  const contact = (contacts.data ?? []).find((c) => c.id === t.contact_id);
  const ciNames = new Map((cis.data?.cis ?? []).map((c) => [c.id, c.name]));

  return (
    <>
      <PageHeader
        title={t.subject}
        subtitle={
          <>
            <span className="sub-line">
              <span className="ticket-ref">{ticketRef(t.id)}</span> · <PriorityBadge priority={t.priority} />{' '}
              <TicketStatusBadge status={t.status} /> · <SlaCountdown ticket={t} />
            </span>
            <span className="sub-line">
              <Link to={`/customers/${t.customer_id}`}>{customer.data?.name ?? `Customer #${t.customer_id}`}</Link>
              {contact && (
                <>
                  {' '}
                  · {contact.name}
                  {contact.email ? ` <${contact.email}>` : ''}
                </>
              )}{' '}
              · {humanize(t.source)}, {formatDateTime(t.created_at)} · responsible:{' '}
              <strong data-assignee={t.assignee_id}>{names(t.assignee_id)}</strong>
            </span>
          </>
        }
      />
      <div className="ticket-layout">
        <div className="ticket-main">
          <TicketDescription ticket={t} ciNames={ciNames} basePath="" />
          {t.alert_id && (
            <p className="notice">
              Opened by <Link to={`/alerts/${t.alert_id}`}>alert #{t.alert_id}</Link>.
            </p>
          )}
          <Card title={`Conversation (${t.replies.length})`} id="ticket-conversation">
            <Conversation
              ticketId={t.id}
              replies={t.replies}
              authorName={(r) => (r.author_user_id && people.get(r.author_user_id)) || r.author}
              canReply={worker}
              allowInternal={worker}
              closed={t.status === 'closed'}
            />
          </Card>
          <AttachmentsCard ticketId={t.id} staff canUpload={worker} closed={t.status === 'closed'} />
          <KnowledgeCard ticket={t} canWork={worker} basePath="" />
          <HistoryCard ticket={t} names={names} />
        </div>
        <div className="ticket-side ticket-side-top">
          {worker && <StatusCard ticket={t} />}
          <SlaCard ticket={t} />
          {worker && <AssignmentCard ticket={t} staff={staff.data ?? []} meId={user.id} />}
        </div>
        <div className="ticket-side ticket-side-bottom">
          {t.rfc ? (
            <Card title="Request for change" id="ticket-rfc">
              <p>
                <Link to={`/changes/${t.rfc.id}`}>RFC-{t.rfc.id}</Link> <ChangeStatusBadge status={t.rfc.status} />
              </p>
              {canRequestChanges(user.role) && t.status !== 'closed' && (t.rfc.status === 'closed' || t.rfc.status === 'rejected') && (
                <p className="small">
                  <Link to={`/changes/new?customer_id=${t.customer_id}&ticket_id=${t.id}`}>Raise another change</Link>
                </p>
              )}
            </Card>
          ) : (
            canRequestChanges(user.role) &&
            t.status !== 'closed' && (
              <Card title="Request for change" id="ticket-rfc">
                <p className="muted small">Does the fix need a change to the customer’s systems?</p>
                <Link className="btn small" to={`/changes/new?customer_id=${t.customer_id}&ticket_id=${t.id}`}>
                  Raise a change
                </Link>
              </Card>
            )
          )}
          <ProblemCard ticket={t} canWork={worker} />
          <ClosureCard ticket={t} names={names} contactName={contact?.name} />
          <HoursCard customerId={t.customer_id} ticketId={t.id} compact canDraw={canDrawFlex(user.role)} id="ticket-hours" />
          <TimeCard ticketId={t.id} names={names} canLog={worker} meId={user.id} />
          <EscalationCard ticket={t} staff={staff.data ?? []} names={names} canEscalate={worker} />
        </div>
      </div>
    </>
  );
}

export function TicketPage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such ticket.')} />;
  return <TicketView key={n} id={n} />;
}
