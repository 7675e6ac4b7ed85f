// Small pieces every ticket screen shares: badges, the live SLA countdown
// and the queue table.
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { Ticket } from '../api/types';
import { formatDateTime, humanize, relativeTime } from '../lib/format';
import { countdownFor, ticketCountdown } from '../lib/sla';
import type { Countdown } from '../lib/sla';
import { priorityTone, statusLabel, statusTone } from '../lib/ticketStatus';
import { ticketRef } from '../lib/ticketQueue';
import { useTicker } from '../lib/useTicker';

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge tone-${priorityTone(priority)}`}>{humanize(priority)}</span>;
}

export function TicketStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge tone-${statusTone(status)}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}

function CountdownView({ c, compact, inField }: { c: Countdown; compact?: boolean; inField?: boolean }) {
  const title = c.due ? `${c.label} (due ${formatDateTime(c.due)})` : c.label;
  if (c.state === 'closed' || c.state === 'none' || c.state === 'met') {
    return (
      <span className="sla sla-none" data-sla={c.state} title={title}>
        {compact ? '—' : c.label}
      </span>
    );
  }
  if (c.state === 'paused') {
    return (
      <span className="sla sla-paused" data-sla="paused" title={title}>
        Paused
      </span>
    );
  }
  return (
    <span className={`sla sla-${c.state}`} data-sla={c.state} title={title}>
      <span className="sla-target">
        {inField ? (c.state === 'breached' ? 'Overdue by' : 'Due in') : c.state === 'breached' ? `${c.target} overdue` : c.target}
      </span>{' '}
      <span className="sla-clock">{c.clock}</span>
    </span>
  );
}

// The running target of a ticket, ticking every second.
export function SlaCountdown({ ticket, compact }: { ticket: Parameters<typeof ticketCountdown>[0]; compact?: boolean }) {
  const now = useTicker();
  return <CountdownView c={ticketCountdown(ticket, now)} compact={compact} />;
}

// One target (response or resolution) on the ticket page.
export function TargetCountdown({
  due,
  target,
  doneAt,
  paused,
}: {
  due: string | null;
  target: 'Response' | 'Resolution';
  doneAt?: string | null;
  paused?: boolean;
}) {
  const now = useTicker();
  if (doneAt) {
    return (
      <span className="sla sla-none" data-sla="met">
        Done {formatDateTime(doneAt)}
      </span>
    );
  }
  if (paused && due) {
    return (
      <span className="sla sla-paused" data-sla="paused" title={`Due ${formatDateTime(due)} before the pause`}>
        Paused
      </span>
    );
  }
  return <CountdownView c={countdownFor(due, target, now)} inField />;
}

// "Could not …: message (field)", for any write a screen makes.
export function ActionError({ error, action }: { error: unknown; action: string }) {
  if (error == null) return null;
  let text = 'Something went wrong.';
  if (error instanceof ApiError) {
    const field = error.field ? ` (${humanize(error.field)})` : '';
    text =
      error.status === 409
        ? `${error.message}${field}. The ticket has been reloaded.`
        : error.status === 404
          ? 'The ticket is gone, or you no longer have access to it.'
          : `${error.message}${field}`;
  } else if (error instanceof Error) {
    text = error.message;
  }
  return (
    <p className="form-error" role="alert">
      Could not {action}: {text}
    </p>
  );
}

export interface TicketTableProps {
  tickets: Ticket[];
  now: number;
  basePath?: string;
  customerName?: (id: number) => string | undefined;
  assigneeName?: (id: number) => string | undefined;
  selectedId?: number | null;
  showSla?: boolean;
}

export function TicketTable({
  tickets,
  now,
  basePath = '',
  customerName,
  assigneeName,
  selectedId = null,
  showSla = true,
}: TicketTableProps) {
  return (
    <div className="table-wrap">
      <table className="table tickets">
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Subject</th>
            {customerName && <th scope="col">Customer</th>}
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            {assigneeName && (
              <th scope="col" className="hide-narrow">
                Assignee
              </th>
            )}
            {showSla && <th scope="col">SLA</th>}
            {!showSla && <th scope="col">Updated</th>}
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr
              key={t.id}
              data-ticket-id={t.id}
              className={t.id === selectedId ? 'selected' : undefined}
              aria-current={t.id === selectedId ? 'true' : undefined}
            >
              <td className="nowrap muted">{ticketRef(t.id)}</td>
              <td>
                <Link className="cell-title" to={`${basePath}/tickets/${t.id}`}>
                  {t.subject}
                </Link>
                {t.breached && t.status !== 'closed' && <span className="badge tone-bad inline-badge">Breached</span>}
                <div className="muted small">
                  {humanize(t.source)} · opened{' '}
                  <time dateTime={t.created_at} title={formatDateTime(t.created_at)}>
                    {relativeTime(t.created_at, now)}
                  </time>
                </div>
              </td>
              {customerName && <td>{customerName(t.customer_id) ?? `#${t.customer_id}`}</td>}
              <td>
                <PriorityBadge priority={t.priority} />
              </td>
              <td>
                <TicketStatusBadge status={t.status} />
              </td>
              {assigneeName && <td className="hide-narrow nowrap">{assigneeName(t.assignee_id) ?? `#${t.assignee_id}`}</td>}
              {showSla && (
                <td className="nowrap">
                  <SlaCountdown ticket={t} compact />
                </td>
              )}
              {!showSla && (
                <td className="nowrap">
                  <time dateTime={t.updated_at} title={formatDateTime(t.updated_at)}>
                    {relativeTime(t.updated_at, now)}
                  </time>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
