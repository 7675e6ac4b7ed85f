// The ticket queues: mine, unassigned (new), per customer, SLA at risk,
// breached, all open and closed, in the API's order (priority, then the
// next due time), with a live SLA countdown per row. Keys as in the alert
// list: j/k move, Enter opens; n opens the new-ticket form.
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useCustomers } from '../api/queries';
import { useStaff, useTickets } from '../api/tickets';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { TicketTable } from '../components/TicketBits';
import { TriageQueue } from '../components/TriageQueue';
import { useUser } from '../auth/AuthContext';
import { canWorkTickets } from '../auth/roles';
import { whileActive } from '../lib/activity';
import { isTyping, moveSelection, useListShortcuts } from '../lib/shortcuts';
import type { ListAction } from '../lib/shortcuts';
import { QUEUES, isQueueId, matchesText, queueFilter, queueParams } from '../lib/ticketQueue';
import type { QueueId } from '../lib/ticketQueue';
import { useNow } from '../lib/useNow';

const EMPTY: Record<QueueId, string> = {
  mine: 'Nothing on your plate: no open tickets are assigned to you.',
  unassigned: 'Every new ticket has been taken up.',
  customer: 'This customer has no open tickets.',
  at_risk: 'No ticket is due within the hour. Nice.',
  breached: 'No open ticket has missed its SLA.',
  open: 'No open tickets.',
  closed: 'No closed tickets yet.',
};

export function TicketsPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('queue');
  // The mail triage queue is its own tab for those who work tickets.
  const worker = canWorkTickets(useUser().role);
  const triage = worker && raw === 'triage';
  const queue: QueueId = isQueueId(raw) ? raw : 'mine';
  const customerParam = Number(params.get('customer') ?? '');
  const customerId = Number.isInteger(customerParam) && customerParam > 0 ? customerParam : undefined;
  const text = params.get('q') ?? '';
  const now = useNow(30_000);
  const customers = useCustomers();
  const staff = useStaff();
  const needsCustomer = queue === 'customer' && !customerId;
  const tickets = useTickets(queueParams(queue, customerId), {
    enabled: !needsCustomer && !triage,
    refetchInterval: whileActive(30_000),
  });

  function set(next: Record<string, string | undefined>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  }

  const names = new Map((customers.data?.customers ?? []).map((c) => [c.id, c.name]));
  const people = new Map((staff.data ?? []).map((s) => [s.id, s.name]));
  const rows = (tickets.data ?? []).filter(queueFilter(queue, now)).filter((t) => matchesText(t, text));

  const navigate = useNavigate();
  const [selected, setSelected] = useState(-1);
  useEffect(() => setSelected(-1), [queue, customerId]);
  const selectedTicket = selected >= 0 ? rows[selected] : undefined;
  // Focus follows the selection, so Enter (and screen readers) act on the
  // selected ticket's link even when focus was on a tab before.
  useEffect(() => {
    const row = document.querySelector('tr.selected');
    row?.scrollIntoView?.({ block: 'nearest' });
    row?.querySelector<HTMLElement>('a.cell-title')?.focus({ preventScroll: true });
  }, [selected]);
  const onShortcut = useCallback(
    (action: ListAction, e: KeyboardEvent) => {
      if (action === 'next' || action === 'previous') {
        e.preventDefault();
        setSelected((i) => moveSelection(i, action, rows.length));
      } else if (action === 'open' && selectedTicket) {
        navigate(`/tickets/${selectedTicket.id}`);
      }
    },
    [rows.length, selectedTicket, navigate],
  );
  useListShortcuts(onShortcut);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'n' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        navigate('/tickets/new');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const def = QUEUES.find((q) => q.id === queue)!;
  return (
    <>
      <PageHeader
        title="Tickets"
        subtitle={
          <>
            Highest priority first, then the next due time · keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd>{' '}
            opens, <kbd>n</kbd> new ticket
          </>
        }
        actions={
          <Link className="btn primary" to="/tickets/new" aria-keyshortcuts="n">
            New ticket
          </Link>
        }
      />
      <nav className="tabs" aria-label="Queues">
        {QUEUES.map((q) => (
          <Link
            key={q.id}
            to={`/tickets?queue=${q.id}${q.id === 'customer' && customerId ? `&customer=${customerId}` : ''}`}
            className={`tab ${q.id === queue && !triage ? 'active' : ''}`}
            aria-current={q.id === queue && !triage ? 'page' : undefined}
            replace
          >
            {q.label}
          </Link>
        ))}
        {worker && (
          <Link
            to="/tickets?queue=triage"
            className={`tab ${triage ? 'active' : ''}`}
            aria-current={triage ? 'page' : undefined}
            replace
          >
            Triage (e-mail)
          </Link>
        )}
      </nav>
      {triage ? (
        <Card id="triage" title="Triage: e-mail from unknown senders" actions={<span className="muted small">Choose the customer to open a ticket</span>}>
          <TriageQueue customers={customers.data?.customers ?? []} />
        </Card>
      ) : (
        <>
          <Card>
            <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Ticket filters">
              {queue === 'customer' && (
                <label>
                  <span>Customer</span>
                  <select value={customerId ?? ''} onChange={(e) => set({ customer: e.target.value })}>
                    <option value="">Choose a customer…</option>
                    {(customers.data?.customers ?? []).map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="grow">
                <span>Subject or reference</span>
                <input type="search" value={text} onChange={(e) => set({ q: e.target.value })} placeholder="Filter…" />
              </label>
            </form>
          </Card>
          <Card
            id="ticket-list"
            title={
              tickets.data && !needsCustomer ? `${def.label}: ${rows.length} ticket${rows.length === 1 ? '' : 's'}` : def.label
            }
            actions={<span className="muted small">{def.description}</span>}
          >
            {needsCustomer ? (
              <Empty>Choose a customer to see their tickets.</Empty>
            ) : tickets.isLoading ? (
              <Loading />
            ) : tickets.error ? (
              <ErrorBox error={tickets.error} />
            ) : rows.length === 0 ? (
              <Empty>{text ? 'No tickets match this filter.' : EMPTY[queue]}</Empty>
            ) : (
              <TicketTable
                tickets={rows}
                now={now}
                customerName={queue === 'customer' ? undefined : (id) => names.get(id)}
                assigneeName={(id) => people.get(id)}
                selectedId={selectedTicket?.id ?? null}
                showSla={queue !== 'closed'}
              />
            )}
          </Card>
        </>
      )}
    </>
  );
}
