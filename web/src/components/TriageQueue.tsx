// The mail triage queue: e-mails from senders the intake could not match to
// a contact or a customer's domain. A dispatcher picks the customer and the
// message becomes a ticket (the server moves its attachments along and
// acknowledges the sender).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTriage, useTriageToTicket } from '../api/knowledge';
import type { MailMessage } from '../api/knowledge';
import type { Customer } from '../api/types';
import { formatDateTime } from '../lib/format';
import { ticketRef } from '../lib/ticketQueue';
import { WriteError, isMissingRoute } from './KnowledgeCards';
import { Empty, ErrorBox, Loading } from './ui';

function TriageRow({
  m,
  customers,
  onOpened,
}: {
  m: MailMessage;
  customers: Customer[];
  onOpened: (ticketId: number) => void;
}) {
  const [customer, setCustomer] = useState('');
  const toTicket = useTriageToTicket();
  const selectId = `triage-customer-${m.id}`;
  return (
    <li className="triage-item">
      <div className="row-between">
        <span>
          <strong>{m.subject || '(no subject)'}</strong>
          <span className="muted small">
            {' '}
            · {m.from_name ? `${m.from_name} <${m.from_address}>` : m.from_address} · {formatDateTime(m.received_at)}
          </span>
        </span>
        {(m.attachments ?? []).length > 0 && (
          <span className="badge tone-neutral">{m.attachments!.length} attachment(s)</span>
        )}
      </div>
      {m.reason && <p className="muted small">{m.reason}</p>}
      <p className="snippet">{m.body.length > 300 ? `${m.body.slice(0, 300)}…` : m.body}</p>
      <form
        className="filters"
        aria-label={`Assign “${m.subject}” to a customer`}
        onSubmit={async (e) => {
          e.preventDefault();
          if (!customer) return;
          try {
            const t = await toTicket.mutateAsync({ messageId: m.id, customerId: Number(customer) });
            onOpened(t.id);
          } catch {
            // WriteError shows it
          }
        }}
      >
        <label htmlFor={selectId}>
          <span>Customer</span>
          <select id={selectId} value={customer} onChange={(e) => setCustomer(e.target.value)}>
            <option value="">Choose a customer…</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn primary" disabled={!customer || toTicket.isPending}>
          Open ticket
        </button>
      </form>
      <WriteError error={toTicket.error} action="open the ticket" />
    </li>
  );
}

// The confirmation lives here, not in the row: once the message is a
// ticket it leaves the queue (and its row) on the next refresh.
export function TriageQueue({ customers }: { customers: Customer[] }) {
  const triage = useTriage();
  const [opened, setOpened] = useState<{ ticketId: number; subject: string } | null>(null);
  const list = triage.data ?? [];
  return (
    <>
      {opened && (
        <p className="notice" role="status">
          Opened <Link to={`/tickets/${opened.ticketId}`}>{ticketRef(opened.ticketId)}</Link> from “{opened.subject}”.
        </p>
      )}
      {triage.isLoading ? (
        <Loading />
      ) : isMissingRoute(triage.error) ? (
        <Empty>This server has no mail intake.</Empty>
      ) : triage.error ? (
        <ErrorBox error={triage.error} />
      ) : list.length === 0 ? (
        <Empty>No e-mail waits for triage: every sender was recognised.</Empty>
      ) : (
        <ul className="list triage-list" aria-label="Unknown senders">
          {list.map((m) => (
            <TriageRow
              key={m.id}
              m={m}
              customers={customers}
              onOpened={(ticketId) => setOpened({ ticketId, subject: m.subject || '(no subject)' })}
            />
          ))}
        </ul>
      )}
    </>
  );
}
