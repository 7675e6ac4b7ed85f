// The new-ticket form, for staff (any customer, contact, how it came in,
// tags) and for the portal (their own customer; the server fills in the
// contact). Everything SPEC §5 records: customer, contact, affected CIs,
// symptoms, steps to reproduce, recent changes.
import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useCis, useContacts, useCustomers } from '../api/queries';
import { useCreateTicket } from '../api/tickets';
import type { NewTicketBody } from '../api/tickets';
import type { Ticket } from '../api/types';
import { humanize } from '../lib/format';
import { Card, Loading } from './ui';

const PRIORITY_HELP: Record<string, string> = {
  critical: 'Critical — several systems or sites affected, production halted',
  high: 'High — one system or site, work stopped at one site',
  normal: 'Normal — one system, a performance issue or a non-critical request',
  low: 'Low — minor, limited scope',
};

export interface TicketDraft {
  customer_id: string;
  contact_id: string;
  source: string;
  subject: string;
  description: string;
  priority: string;
  symptoms: string;
  steps_to_reproduce: string;
  recent_changes: string;
  ci_ids: number[];
  tags: string;
}

export type DraftErrors = Partial<Record<keyof TicketDraft, string>>;

// Client-side checks, mirroring the server's (it judges again).
export function validateDraft(d: TicketDraft, portal: boolean): DraftErrors {
  const e: DraftErrors = {};
  if (!portal && !d.customer_id) e.customer_id = 'Choose the customer.';
  if (!d.subject.trim()) e.subject = 'Give the ticket a short subject.';
  else if (d.subject.trim().length > 200) e.subject = 'Keep the subject under 200 characters.';
  if (!d.description.trim()) e.description = 'Describe the problem or the request.';
  if (!d.priority) e.priority = 'Choose a priority.';
  const tags = parseTags(d.tags);
  if (tags.length > 20) e.tags = 'At most 20 tags.';
  else if (tags.some((t) => t.length > 50)) e.tags = 'Each tag must be at most 50 characters.';
  return e;
}

export function parseTags(s: string): string[] {
  return [...new Set(s.split(',').map((t) => t.trim()).filter(Boolean))];
}

export function draftBody(d: TicketDraft, portal: boolean): NewTicketBody {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const body: NewTicketBody = {
    subject: d.subject.trim(),
    description: d.description.trim(),
    priority: d.priority,
    symptoms: opt(d.symptoms),
    steps_to_reproduce: opt(d.steps_to_reproduce),
    recent_changes: opt(d.recent_changes),
  };
  if (d.ci_ids.length) body.ci_ids = d.ci_ids;
  if (!portal) {
    body.customer_id = Number(d.customer_id);
    if (d.contact_id) body.contact_id = Number(d.contact_id);
    if (d.source) body.source = d.source;
    const tags = parseTags(d.tags);
    if (tags.length) body.tags = tags;
  }
  return JSON.parse(JSON.stringify(body)) as NewTicketBody;
}

const EMPTY: TicketDraft = {
  customer_id: '',
  contact_id: '',
  source: 'phone',
  subject: '',
  description: '',
  priority: '',
  symptoms: '',
  steps_to_reproduce: '',
  recent_changes: '',
  ci_ids: [],
  tags: '',
};

function Row({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : hint ? (
        <small id={`${id}-hint`}>{hint}</small>
      ) : null}
    </div>
  );
}

export function TicketForm({
  portal,
  customerId,
  initialCustomerId,
  onCreated,
}: {
  portal: boolean;
  customerId?: number;
  initialCustomerId?: number;
  onCreated: (t: Ticket) => void;
}) {
  const [d, setD] = useState<TicketDraft>({ ...EMPTY, customer_id: initialCustomerId ? String(initialCustomerId) : '' });
  const [errors, setErrors] = useState<DraftErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreateTicket();
  const customers = useCustomers(undefined, { enabled: !portal });
  const cust = portal ? customerId ?? 0 : Number(d.customer_id) || 0;
  const contacts = useContacts(cust, { enabled: !portal && cust > 0 });
  const cis = useCis({ customer_id: cust }, { enabled: cust > 0 });

  const set = (k: keyof TicketDraft, v: string | number[]) => setD((x) => ({ ...x, [k]: v }));
  const a11y = (k: keyof TicketDraft, hint = false) => ({
    id: `nt-${k}`,
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `nt-${k}-error` : hint ? `nt-${k}-hint` : undefined,
  });

  function focusFirst(errs: DraftErrors) {
    const first = Object.keys(errs)[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`#nt-${first}`)?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(null);
    const errs = validateDraft(d, portal);
    setErrors(errs);
    if (Object.keys(errs).length) {
      focusFirst(errs);
      return;
    }
    try {
      onCreated(await create.mutateAsync(draftBody(d, portal)));
    } catch (err) {
      if (err instanceof ApiError && err.field && err.field in EMPTY) {
        const errs2 = { [err.field]: `${humanize(err.field)} ${err.message}` } as DraftErrors;
        setErrors(errs2);
        focusFirst(errs2);
      } else {
        setGeneral(err instanceof Error ? err.message : 'Could not open the ticket.');
      }
    }
  }

  const ciList = cis.data?.cis ?? [];
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="New ticket" className="ticket-form">
      {Object.keys(errors).length > 0 && (
        <p className="form-error" role="alert">
          Please correct the {Object.keys(errors).length === 1 ? 'field' : 'fields'} marked below.
        </p>
      )}
      {general && (
        <p className="form-error" role="alert">
          Could not open the ticket: {general}
        </p>
      )}
      <Card title="The request">
        {!portal && (
          <div className="form-grid">
            <Row id="nt-customer_id" label="Customer (required)" error={errors.customer_id}>
              <select
                {...a11y('customer_id')}
                value={d.customer_id}
                onChange={(e) => setD((x) => ({ ...x, customer_id: e.target.value, contact_id: '', ci_ids: [] }))}
              >
                <option value="">Choose a customer…</option>
                {(customers.data?.customers ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Row>
            <Row id="nt-contact_id" label="Contact" error={errors.contact_id}>
              <select {...a11y('contact_id')} value={d.contact_id} disabled={!cust} onChange={(e) => set('contact_id', e.target.value)}>
                <option value="">{cust ? 'Nobody in particular' : 'Choose the customer first'}</option>
                {(contacts.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.title ? ` — ${c.title}` : ''}
                  </option>
                ))}
              </select>
            </Row>
            <Row id="nt-source" label="Received by" error={errors.source}>
              <select {...a11y('source')} value={d.source} onChange={(e) => set('source', e.target.value)}>
                <option value="phone">Phone</option>
                <option value="email">E-mail</option>
                <option value="api">Other</option>
              </select>
            </Row>
          </div>
        )}
        <Row id="nt-subject" label="Subject (required)" error={errors.subject}>
          <input {...a11y('subject')} value={d.subject} maxLength={200} onChange={(e) => set('subject', e.target.value)} />
        </Row>
        <Row id="nt-description" label="Description (required)" error={errors.description} hint="What is wrong, or what you need.">
          <textarea {...a11y('description', true)} rows={5} value={d.description} onChange={(e) => set('description', e.target.value)} />
        </Row>
        <Row id="nt-priority" label="Priority (required)" error={errors.priority}>
          <select {...a11y('priority')} value={d.priority} onChange={(e) => set('priority', e.target.value)}>
            <option value="">Choose a priority…</option>
            {Object.entries(PRIORITY_HELP).map(([p, help]) => (
              <option key={p} value={p}>
                {help}
              </option>
            ))}
          </select>
        </Row>
      </Card>
      <Card title="Details that help us fix it faster">
        <Row id="nt-symptoms" label="Symptoms or error messages" error={errors.symptoms}>
          <textarea {...a11y('symptoms')} rows={3} value={d.symptoms} onChange={(e) => set('symptoms', e.target.value)} />
        </Row>
        <Row id="nt-steps_to_reproduce" label="Steps to reproduce" error={errors.steps_to_reproduce}>
          <textarea
            {...a11y('steps_to_reproduce')}
            rows={3}
            value={d.steps_to_reproduce}
            onChange={(e) => set('steps_to_reproduce', e.target.value)}
          />
        </Row>
        <Row
          id="nt-recent_changes"
          label="Changes around the time it began"
          error={errors.recent_changes}
          hint="Updates, new equipment, moves — anything that changed."
        >
          <textarea
            {...a11y('recent_changes', true)}
            rows={3}
            value={d.recent_changes}
            onChange={(e) => set('recent_changes', e.target.value)}
          />
        </Row>
        <fieldset className="ci-picker" aria-describedby={errors.ci_ids ? 'nt-ci_ids-error' : undefined}>
          <legend>{portal ? 'Affected devices' : 'Affected CIs'}</legend>
          {!cust ? (
            <p className="muted small">Choose the customer first.</p>
          ) : cis.isLoading ? (
            <Loading />
          ) : ciList.length === 0 ? (
            <p className="muted small">No devices recorded.</p>
          ) : (
            <div className="ci-options">
              {ciList.map((c) => (
                <label key={c.id} className="check">
                  <input
                    type="checkbox"
                    checked={d.ci_ids.includes(c.id)}
                    onChange={(e) =>
                      set('ci_ids', e.target.checked ? [...d.ci_ids, c.id] : d.ci_ids.filter((x) => x !== c.id))
                    }
                  />
                  {c.name} <span className="muted small">{humanize(c.kind)}</span>
                </label>
              ))}
            </div>
          )}
          {errors.ci_ids && (
            <span className="field-error" id="nt-ci_ids-error">
              {errors.ci_ids}
            </span>
          )}
        </fieldset>
        {!portal && (
          <Row id="nt-tags" label="Tags" error={errors.tags} hint="Comma-separated, e.g. email, vpn">
            <input {...a11y('tags', true)} value={d.tags} onChange={(e) => set('tags', e.target.value)} />
          </Row>
        )}
      </Card>
      <div className="form-actions">
        <button className="btn primary" type="submit" disabled={create.isPending}>
          {create.isPending ? 'Opening…' : portal ? 'Send request' : 'Open ticket'}
        </button>
      </div>
    </form>
  );
}
