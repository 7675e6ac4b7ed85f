// The billing cards of other screens: a customer's contract (term end, the
// last day to give notice, the monthly charge) and their hours (included
// time left this month, billable time, the flex balance and when it expires),
// with a flex draw for the roles that may make one. The ticket page shows the
// hours card in its compact form.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useContract, useContracts, useDrawFlex, useHours } from '../api/billing';
import type { Hours } from '../api/billing';
import { FLEX_BLOCK_MINUTES, isFlexDraw, isoDate } from '../lib/billing';
import { formatCents, formatDate, formatDateTime, formatHours, formatMonth } from '../lib/format';
import { BillingError, NotAvailable, isMissingRoute } from './BillingBits';
import { Card, Empty, ErrorBox, Field, Loading } from './ui';

// The flex expiry may come as a date or a timestamp.
function expiry(at: string | null): string {
  if (!at) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(at) ? formatDate(at) : formatDateTime(at);
}

function HoursFacts({ h }: { h: Hours }) {
  const used = Math.max(0, h.included_minutes - h.included_left_minutes);
  const pct = h.included_minutes > 0 ? Math.min(100, Math.round((used / h.included_minutes) * 100)) : 0;
  return (
    <>
      <dl className="kv-list">
        <Field label="Included left">
          <span data-hours="included-left">{formatHours(h.included_left_minutes)}</span>
          <span className="muted small"> of {formatHours(h.included_minutes)}</span>
        </Field>
        <Field label="Billable">
          <span data-hours="billable">{formatHours(h.billable_minutes)}</span>
        </Field>
        <Field label="Flex balance">
          <span data-hours="flex">{formatHours(h.flex_balance_minutes)}</span>
          {h.flex_balance_minutes > 0 && <span className="muted small"> · expires {expiry(h.flex_expires_at)}</span>}
        </Field>
      </dl>
      {h.included_minutes > 0 && (
        <div className="meter" aria-hidden="true" title={`${pct} % of the included time used`}>
          <span style={{ width: `${pct}%` }} className={pct >= 100 ? 'meter-full' : undefined} />
        </div>
      )}
    </>
  );
}

function FlexDrawForm({ customerId, ticketId, balance }: { customerId: number; ticketId?: number; balance: number }) {
  const draw = useDrawFlex(customerId);
  const [hours, setHours] = useState('4');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const idp = `flex-${ticketId ?? customerId}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const minutes = Number(hours) * 60;
    if (!isFlexDraw(minutes) || minutes > balance) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      const after = await draw.mutateAsync({
        minutes,
        ...(ticketId ? { ticket_id: ticketId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setDone(`Drew ${formatHours(minutes)} of flex time; ${formatHours(after.flex_balance_minutes)} left.`);
      setNote('');
    } catch {
      // BillingError shows it
    }
  }

  return (
    <form className="filters flex-form" onSubmit={submit} aria-label="Draw flex hours" noValidate>
      <label>
        <span>Flex hours</span>
        <input
          id={`${idp}-hours`}
          type="number"
          inputMode="numeric"
          min={4}
          step={4}
          className="narrow"
          value={hours}
          onChange={(e) => setHours(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={`${idp}-hint`}
        />
      </label>
      <label className="grow">
        <span>Note</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <button className="btn" type="submit" disabled={draw.isPending || balance < FLEX_BLOCK_MINUTES}>
        Draw flex
      </button>
      <p className={invalid ? 'field-error full' : 'muted small full'} id={`${idp}-hint`}>
        {invalid
          ? `Draw 4, 8, 12 … hours, at most the balance of ${formatHours(balance)}.`
          : 'In blocks of 4 hours, for support or on-site project work.'}
      </p>
      <BillingError error={draw.error} action="draw flex hours" />
      {done && !draw.error && (
        <p className="notice full" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

export function HoursCard({
  customerId,
  ticketId,
  canDraw = false,
  compact = false,
  id = 'cust-hours',
  basePath = '',
}: {
  customerId: number;
  ticketId?: number;
  canDraw?: boolean;
  compact?: boolean;
  id?: string;
  // Where ticket links go: '' for staff, '/portal' in the portal.
  basePath?: string;
}) {
  const hours = useHours(customerId);
  const h = hours.data;
  // The ticket's compact card opens the draw form on demand.
  const [drawing, setDrawing] = useState(false);
  return (
    <Card title="Support hours" id={id} actions={h ? <span className="muted small">{formatMonth(h.month)}</span> : undefined}>
      {hours.isLoading ? (
        <Loading />
      ) : hours.error ? (
        isMissingRoute(hours.error) ? (
          <NotAvailable>Hours are not available on this server yet.</NotAvailable>
        ) : (
          <ErrorBox error={hours.error} />
        )
      ) : !h ? null : (
        <>
          <HoursFacts h={h} />
          {!compact && h.flex_ledger.length > 0 && (
            <>
              <h3 className="subhead">Flex ledger {h.flex_year}</h3>
              <ul className="list compact flex-ledger">
                {h.flex_ledger.slice(-6).reverse().map((e) => (
                  <li key={e.id}>
                    <strong>
                      {e.kind === 'draw' ? '−' : '+'}
                      {formatHours(Math.abs(e.minutes))}
                    </strong>{' '}
                    {e.kind === 'earn' ? `earned ${formatMonth(e.earned_month)}` : 'drawn'}
                    {e.ticket_id ? (
                      <>
                        {' '}
                        for <Link to={`${basePath}/tickets/${e.ticket_id}`}>ticket #{e.ticket_id}</Link>
                      </>
                    ) : null}
                    <div className="muted small">
                      {formatDateTime(e.created_at)}
                      {e.note ? ` · ${e.note}` : ''}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
          {canDraw &&
            (compact && !drawing ? (
              <button type="button" className="btn small flex-open" onClick={() => setDrawing(true)}>
                Draw flex hours…
              </button>
            ) : (
              <FlexDrawForm customerId={customerId} ticketId={ticketId} balance={h.flex_balance_minutes} />
            ))}
        </>
      )}
    </Card>
  );
}

// The customer's contract in force today (newest first if there are
// several); a renewal signed for a later term shows once it starts.
export function ContractCard({ customerId, basePath = '/billing' }: { customerId: number; basePath?: string | null }) {
  const contracts = useContracts(customerId);
  const today = isoDate(new Date());
  const activeOnes = (contracts.data ?? []).filter((c) => c.status === 'active');
  const active = activeOnes.find((c) => c.start_date <= today) ?? activeOnes[0];
  const detail = useContract(active?.id ?? 0, { enabled: !!active });
  const d = detail.data;
  return (
    <Card
      title="Contract"
      id="cust-contract"
      actions={
        active && basePath != null ? <Link to={`${basePath}/contracts/${active.id}`}>Contract #{active.id}</Link> : undefined
      }
    >
      {contracts.isLoading ? (
        <Loading />
      ) : contracts.error ? (
        <ErrorBox error={contracts.error} />
      ) : !active ? (
        <Empty>No active contract.</Empty>
      ) : detail.isLoading ? (
        <Loading />
      ) : detail.error || !d ? (
        <ErrorBox error={detail.error} />
      ) : (
        <dl className="kv-list">
          <Field label="Term">
            {d.term_months} months from {formatDate(d.start_date)}
          </Field>
          <Field label="Term ends">{formatDate(d.term.end)}</Field>
          <Field label="Notice by">
            <span data-contract="notice-by">{formatDate(d.term.notice_by)}</span>
            {d.renewed_by != null ? (
              <span className="muted small"> · renewed from {formatDate(d.ends_on)}</span>
            ) : d.ends_on ? (
              <span className="muted small"> · ends {formatDate(d.ends_on)}</span>
            ) : (
              d.auto_renew && <span className="muted small"> · renews {formatDate(d.term.renews_on)}</span>
            )}
          </Field>
          <Field label="This month">
            <strong data-contract="monthly">{formatCents(d.this_month.total_cents)}</strong>
          </Field>
        </dl>
      )}
    </Card>
  );
}
