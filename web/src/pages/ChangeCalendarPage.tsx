// The change calendar (SPEC §6): the coming weeks' approved, scheduled and
// implemented changes day by day, with the freezes that cover each day;
// the calendar's keepers (owners, service managers, change managers)
// declare a freeze for one customer or all of them, and lift one.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useChangeCalendar, useCreateFreeze, useDeleteFreeze } from '../api/changes';
import type { Freeze } from '../api/changes';
import { useCustomers } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { canManageFreezes, canRequestChanges } from '../auth/roles';
import { ChangeStatusBadge, ChangeTypeBadge, ChangeWriteError, RatingBadge } from '../components/ChangeBits';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { calendarRange, dayKey, fieldErrorText, formatWindow, groupCalendar, localInputToIso } from '../lib/changes';
import { formatDateTime, formatDay } from '../lib/format';
import { useNow } from '../lib/useNow';
import { ChangeTabs } from './ChangePages';

const DAYS = 28;

function freezeScope(f: Freeze): string {
  return f.customer_id == null ? 'all customers' : f.customer_name || `customer #${f.customer_id}`;
}

function FreezeList({ freezes, canEdit }: { freezes: Freeze[]; canEdit: boolean }) {
  const remove = useDeleteFreeze();
  const [confirming, setConfirming] = useState<number | null>(null);
  if (freezes.length === 0) return <Empty>No freeze in this period.</Empty>;
  return (
    <>
      <ul className="list" aria-label="Freezes">
        {freezes.map((f) => (
          <li key={f.id} data-freeze={f.id}>
            <strong>{f.name}</strong> <span className="badge tone-info">{freezeScope(f)}</span>
            <div className="muted small">
              {formatDateTime(f.starts_at)} – {formatDateTime(f.ends_at)}
            </div>
            {canEdit &&
              (confirming === f.id ? (
                <span className="inline-confirm">
                  Lift “{f.name}”?{' '}
                  <button type="button" className="btn small danger" disabled={remove.isPending} onClick={() => remove.mutate(f.id)}>
                    Lift freeze
                  </button>{' '}
                  <button type="button" className="btn small" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" className="btn small" onClick={() => setConfirming(f.id)} aria-label={`Lift ${f.name}…`}>
                  Lift…
                </button>
              ))}
          </li>
        ))}
      </ul>
      <ChangeWriteError error={remove.error} action="lift the freeze" />
    </>
  );
}

function NewFreezeForm() {
  const create = useCreateFreeze();
  const customers = useCustomers();
  const [customer, setCustomer] = useState('');
  const [name, setName] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const err = create.error instanceof ApiError ? create.error : null;
  const serverField = err?.field && ['name', 'starts_at', 'ends_at', 'customer_id'].includes(err.field) ? err.field : null;
  const errorOf = (f: string) => invalid[f] ?? (serverField === f && err ? fieldErrorText(f, err.message) : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const s = localInputToIso(start);
    const t = localInputToIso(end);
    const bad: Record<string, string> = {};
    if (!name.trim()) bad.name = 'Name the freeze, e.g. Year-end close.';
    if (!s) bad.starts_at = 'Enter the start.';
    if (!t) bad.ends_at = 'Enter the end.';
    else if (s && t <= s) bad.ends_at = 'The end must be after the start.';
    setInvalid(bad);
    if (Object.keys(bad).length) return;
    try {
      const f = await create.mutateAsync({ customer_id: customer ? Number(customer) : null, name: name.trim(), starts_at: s!, ends_at: t! });
      const chosen = (customers.data?.customers ?? []).find((c) => String(c.id) === customer);
      setDone(`Freeze “${f.name}” declared for ${chosen ? chosen.name : freezeScope(f)}.`);
      setName('');
      setStart('');
      setEnd('');
    } catch {
      // shown below
    }
  }

  const row = (id: string, f: string, label: string, input: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
      {errorOf(f) && (
        <span className="field-error" id={`${id}-error`}>
          {errorOf(f)}
        </span>
      )}
    </div>
  );
  const a11y = (id: string, f: string) => ({
    id,
    'aria-invalid': errorOf(f) ? true : undefined,
    'aria-describedby': errorOf(f) ? `${id}-error` : undefined,
  });
  return (
    <form onSubmit={submit} noValidate aria-label="New freeze" className="stack">
      {row(
        'fz-customer',
        'customer_id',
        'For',
        <select {...a11y('fz-customer', 'customer_id')} value={customer} onChange={(e) => setCustomer(e.target.value)}>
          <option value="">All customers</option>
          {(customers.data?.customers ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>,
      )}
      {row('fz-name', 'name', 'Name', <input {...a11y('fz-name', 'name')} value={name} onChange={(e) => setName(e.target.value)} />)}
      {row(
        'fz-start',
        'starts_at',
        'Starts',
        <input {...a11y('fz-start', 'starts_at')} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />,
      )}
      {row('fz-end', 'ends_at', 'Ends', <input {...a11y('fz-end', 'ends_at')} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />)}
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={create.isPending}>
          Declare freeze
        </button>
      </div>
      {done && !create.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {create.error != null && !serverField && <ChangeWriteError error={create.error} action="declare the freeze" />}
    </form>
  );
}

export function ChangeCalendarPage() {
  const user = useUser();
  const keeper = canManageFreezes(user.role);
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get('offset') ?? '0') || 0;
  const customerParam = Number(params.get('customer') ?? '');
  const customerId = Number.isInteger(customerParam) && customerParam > 0 ? customerParam : undefined;
  const now = useNow(60_000);
  // Whole days from today's midnight, four weeks at a time.
  const base = calendarRange(now, 0).from;
  const { from, to } = calendarRange(Date.parse(base) + offset * DAYS * 86_400_000 + 12 * 3600_000, DAYS);
  const cal = useChangeCalendar(from, to, customerId);
  const customers = useCustomers();
  const days = cal.data ? groupCalendar(cal.data.changes, cal.data.freezes, from, to) : [];
  const today = dayKey(now);

  function set(next: Record<string, string | undefined>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v && v !== '0') p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  }

  const lastDay = new Date(Date.parse(to) - 1);
  return (
    <>
      <PageHeader
        title="Change calendar"
        subtitle="Approved, scheduled and implemented changes and the freezes, day by day (your browser’s time)"
        actions={
          canRequestChanges(user.role) && (
            <Link className="btn primary" to="/changes/new">
              New change
            </Link>
          )
        }
      />
      <ChangeTabs current="calendar" />
      <Card>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Calendar filters">
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
          <div className="row-gap cal-nav">
            <button type="button" className="btn" onClick={() => set({ offset: String(offset - 1) })}>
              ‹ Previous 4 weeks
            </button>
            <button type="button" className="btn" disabled={offset === 0} onClick={() => set({ offset: undefined })}>
              From today
            </button>
            <button type="button" className="btn" onClick={() => set({ offset: String(offset + 1) })}>
              Next 4 weeks ›
            </button>
          </div>
        </form>
      </Card>
      <div className="ticket-layout">
        <div className="ticket-main">
          <Card
            id="change-calendar"
            title={`${formatDay(from)} – ${formatDay(lastDay.toISOString())}`}
            actions={cal.data && <span className="muted small">{cal.data.changes.length} changes</span>}
          >
            {cal.isLoading ? (
              <Loading />
            ) : cal.error ? (
              <ErrorBox error={cal.error} />
            ) : days.length === 0 ? (
              <Empty>Nothing planned and no freeze in these four weeks.</Empty>
            ) : (
              <div className="cal-days">
                {days.map((d) => (
                  <section key={d.key} className={`cal-day ${d.key === today ? 'cal-today' : ''}`} aria-labelledby={`day-${d.key}`} data-day={d.key}>
                    <h3 id={`day-${d.key}`} className="cal-day-head">
                      {d.label}
                      {d.key === today && <span className="badge tone-info inline-badge">Today</span>}
                    </h3>
                    {d.freezes.map(({ freeze, starts }) => (
                      <p key={freeze.id} className="cal-freeze" data-freeze-day={freeze.id}>
                        <span className="badge tone-bad">Freeze</span> <strong>{freeze.name}</strong> ({freezeScope(freeze)})
                        {starts ? `, from ${formatDateTime(freeze.starts_at)}` : ''} until {formatDateTime(freeze.ends_at)}
                      </p>
                    ))}
                    {d.changes.length > 0 && (
                      <ul className="list cal-changes">
                        {d.changes.map((c) => (
                          <li key={c.id} data-change-id={c.id}>
                            <span className="cal-time nowrap">{formatWindow(c.planned_start, c.planned_end).replace(/^[^,]*, /, '')}</span>
                            <span className="cal-what">
                              <Link className="cell-title" to={`/changes/${c.id}`}>
                                {c.ref} {c.title}
                              </Link>
                              <span className="muted small"> · {c.customer_name}</span>
                            </span>
                            <span className="cal-badges">
                              <ChangeStatusBadge status={c.status} /> <ChangeTypeBadge type={c.type} /> <RatingBadge rating={c.risk} what="Risk" />
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                ))}
              </div>
            )}
          </Card>
        </div>
        <div className="ticket-side ticket-side-top">
          <Card title="Freezes" id="change-freezes">
            {cal.data ? <FreezeList freezes={cal.data.freezes} canEdit={keeper} /> : cal.isLoading ? <Loading /> : null}
          </Card>
          {keeper && (
            <Card title="Declare a freeze" id="change-freeze-new">
              <p className="muted small">No change may be scheduled during a freeze (emergency changes excepted).</p>
              <NewFreezeForm />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
