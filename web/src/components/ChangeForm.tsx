// The fields of a request for change, for a new one and for a draft's
// edits: what changes and why, the components and CIs it touches, risk,
// impact, cost, the back-out and test plans, when, and who reviews it. A
// draft may be saved incomplete; the change page lists what submitting
// still needs. The server checks again and names the field it refuses,
// which is shown under that field.
import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useCustomerWindows } from '../api/patching';
import { useCis, useCustomers } from '../api/queries';
import { useStaff } from '../api/tickets';
import type { ChangeType, Rating } from '../api/changes';
import { roleLabel } from '../auth/roles';
import type { Role } from '../api/types';
import {
  CHANGE_TYPES,
  RATINGS,
  TYPE_HELP,
  draftKeyOf,
  fieldErrorText,
  localInputToIso,
  ratingLabel,
  validateChangeDraft,
} from '../lib/changes';
import type { ChangeDraft, ChangeDraftErrors } from '../lib/changes';
import { describeWindow } from '../lib/changeWindows';
import { humanize } from '../lib/format';
import { InCustomerZone } from './ChangeCards';
import { Card, Loading } from './ui';

// Staff who review changes: the desk, the change managers and the account
// managers (who know the customer); not the billing desk.
const REVIEWER_ROLES = ['owner', 'service_manager', 'technician', 'change_manager', 'account_manager'];

// "Not rated" and the three ratings, for the risk and impact selects.
function RatingOptions() {
  return (
    <>
      <option value="">Not rated</option>
      {RATINGS.map((r) => (
        <option key={r} value={r}>
          {ratingLabel(r)}
        </option>
      ))}
    </>
  );
}

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
  hint?: ReactNode;
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

function WindowHint({ customerId }: { customerId: number }) {
  const q = useCustomerWindows(customerId, { enabled: customerId > 0 });
  if (!customerId || !q.data) return null;
  if (q.data.windows.length === 0) return <>No change window: changes are not restricted.</>;
  return (
    <>
      Change windows ({q.data.time_zone}):{' '}
      {q.data.windows
        .slice(0, 3)
        .map((w) => `${w.name} — ${describeWindow(w.rrule, w.start, w.duration_minutes)}${w.level === 'customer' ? '' : ` (${w.level} only)`}`)
        .join('; ')}
      {q.data.windows.length > 3 ? '; …' : ''}
    </>
  );
}

export function ChangeForm({
  mode,
  initial,
  customerName,
  requesterId,
  submitLabel,
  pendingLabel,
  onSave,
  onCancel,
}: {
  mode: 'create' | 'edit';
  initial: ChangeDraft;
  customerName?: string;
  // Not offered as a reviewer: the requester cannot approve their own change.
  requesterId?: number;
  submitLabel: string;
  pendingLabel: string;
  // Throws the API's refusal; the form puts it under its field.
  onSave: (d: ChangeDraft) => Promise<void>;
  onCancel?: () => void;
}) {
  const [d, setD] = useState<ChangeDraft>(initial);
  const [errors, setErrors] = useState<ChangeDraftErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const customers = useCustomers(undefined, { enabled: mode === 'create' });
  const cust = Number(d.customer_id) || 0;
  const cis = useCis({ customer_id: cust }, { enabled: cust > 0 });
  const staff = useStaff();
  const prefix = mode === 'create' ? 'nc' : 'ec';

  const set = <K extends keyof ChangeDraft>(k: K, v: ChangeDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const a11y = (k: keyof ChangeDraft, hint = false) => ({
    id: `${prefix}-${k}`,
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `${prefix}-${k}-error` : hint ? `${prefix}-${k}-hint` : undefined,
  });

  function focusFirst(errs: ChangeDraftErrors) {
    const first = Object.keys(errs)[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`#${prefix}-${first}`)?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(null);
    const errs = validateChangeDraft(d, mode);
    setErrors(errs);
    if (Object.keys(errs).length) {
      focusFirst(errs);
      return;
    }
    setPending(true);
    try {
      await onSave(d);
    } catch (err) {
      const key = err instanceof ApiError && err.field ? draftKeyOf(err.field) : null;
      if (err instanceof ApiError && key) {
        const errs2 = { [key]: fieldErrorText(err.field, err.message) } as ChangeDraftErrors;
        setErrors(errs2);
        focusFirst(errs2);
      } else {
        setGeneral(
          err instanceof ApiError ? fieldErrorText(err.field, err.message) : err instanceof Error ? err.message : 'Something went wrong.',
        );
      }
    } finally {
      setPending(false);
    }
  }

  const ciList = cis.data?.cis ?? [];
  const reviewers = (staff.data ?? []).filter((s) => REVIEWER_ROLES.includes(s.role) && s.id !== requesterId);
  const count = Object.keys(errors).length;
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={mode === 'create' ? 'New change' : 'Edit change'} className="change-form">
      {count > 0 && (
        <p className="form-error" role="alert">
          Please correct the {count === 1 ? 'field' : 'fields'} marked below.
        </p>
      )}
      {general && (
        <p className="form-error" role="alert">
          Could not save the change: {general}
        </p>
      )}
      <Card title="The change" id={`${prefix}-card-what`}>
        <div className="form-grid">
          {mode === 'create' ? (
            <Row id={`${prefix}-customer_id`} label="Customer (required)" error={errors.customer_id}>
              <select
                {...a11y('customer_id')}
                value={d.customer_id}
                onChange={(e) => setD((x) => ({ ...x, customer_id: e.target.value, ci_ids: [] }))}
              >
                <option value="">Choose a customer…</option>
                {(customers.data?.customers ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Row>
          ) : (
            <div className="field">
              <span>Customer</span>
              <span className="field-static">{customerName}</span>
            </div>
          )}
          <Row id={`${prefix}-type`} label="Type" error={errors.type}>
            <select {...a11y('type')} value={d.type} onChange={(e) => set('type', e.target.value as ChangeType)}>
              {CHANGE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_HELP[t]}
                </option>
              ))}
            </select>
          </Row>
          {mode === 'create' ? (
            <Row id={`${prefix}-ticket_id`} label="Ticket (optional)" error={errors.ticket_id} hint="The incident or request behind it, e.g. 42">
              <input {...a11y('ticket_id', true)} value={d.ticket_id} inputMode="numeric" onChange={(e) => set('ticket_id', e.target.value)} />
            </Row>
          ) : (
            <div className="field">
              <span>Ticket</span>
              <span className="field-static">{d.ticket_id ? `#${d.ticket_id}` : 'None'}</span>
            </div>
          )}
        </div>
        <Row id={`${prefix}-title`} label="Title (required)" error={errors.title}>
          <input {...a11y('title')} value={d.title} maxLength={200} onChange={(e) => set('title', e.target.value)} />
        </Row>
        <Row id={`${prefix}-description`} label="Description" error={errors.description} hint="What will be done, step by step.">
          <textarea {...a11y('description', true)} rows={4} value={d.description} onChange={(e) => set('description', e.target.value)} />
        </Row>
        <Row id={`${prefix}-reason`} label="Reason" error={errors.reason} hint="The issue or vulnerability it addresses.">
          <textarea {...a11y('reason', true)} rows={2} value={d.reason} onChange={(e) => set('reason', e.target.value)} />
        </Row>
        <Row id={`${prefix}-components`} label="Components" error={errors.components} hint="The software, services or systems touched.">
          <input {...a11y('components', true)} value={d.components} onChange={(e) => set('components', e.target.value)} />
        </Row>
      </Card>

      <Card title="Risk and plans" id={`${prefix}-card-risk`}>
        <div className="form-grid">
          <Row id={`${prefix}-risk`} label="Risk" error={errors.risk}>
            <select {...a11y('risk')} value={d.risk} onChange={(e) => set('risk', e.target.value as '' | Rating)}>
              <RatingOptions />
            </select>
          </Row>
          <Row id={`${prefix}-impact`} label="Impact" error={errors.impact}>
            <select {...a11y('impact')} value={d.impact} onChange={(e) => set('impact', e.target.value as '' | Rating)}>
              <RatingOptions />
            </select>
          </Row>
          <Row id={`${prefix}-cost`} label="Cost estimate ($)" error={errors.cost} hint="e.g. 250 or 1,200.50">
            <input {...a11y('cost', true)} value={d.cost} inputMode="decimal" onChange={(e) => set('cost', e.target.value)} />
          </Row>
        </div>
        <Row id={`${prefix}-backout_plan`} label="Back-out plan" error={errors.backout_plan} hint="How to undo it if it goes wrong.">
          <textarea {...a11y('backout_plan', true)} rows={3} value={d.backout_plan} onChange={(e) => set('backout_plan', e.target.value)} />
        </Row>
        <Row id={`${prefix}-test_plan`} label="Test plan" error={errors.test_plan} hint="The testing done so far and planned.">
          <textarea {...a11y('test_plan', true)} rows={3} value={d.test_plan} onChange={(e) => set('test_plan', e.target.value)} />
        </Row>
      </Card>

      <Card title="Scope and schedule" id={`${prefix}-card-scope`}>
        <fieldset className="ci-picker" aria-describedby={errors.ci_ids ? `${prefix}-ci_ids-error` : undefined} id={`${prefix}-ci_ids`} tabIndex={-1}>
          <legend>Affected CIs</legend>
          {!cust ? (
            <p className="muted small">Choose the customer first.</p>
          ) : cis.isLoading ? (
            <Loading />
          ) : ciList.length === 0 ? (
            <p className="muted small">No configuration items recorded.</p>
          ) : (
            <div className="ci-options">
              {ciList.map((c) => (
                <label key={c.id} className="check">
                  <input
                    type="checkbox"
                    checked={d.ci_ids.includes(c.id)}
                    onChange={(e) => set('ci_ids', e.target.checked ? [...d.ci_ids, c.id] : d.ci_ids.filter((x) => x !== c.id))}
                  />
                  {c.name} <span className="muted small">{humanize(c.kind)}</span>
                  {ciList.filter((x) => x.name === c.name).length > 1 && <span className="muted small">#{c.id}</span>}
                </label>
              ))}
            </div>
          )}
          {errors.ci_ids && (
            <span className="field-error" id={`${prefix}-ci_ids-error`}>
              {errors.ci_ids}
            </span>
          )}
        </fieldset>
        <div className="form-grid">
          <Row id={`${prefix}-planned_start`} label="Planned start" error={errors.planned_start}>
            <input {...a11y('planned_start')} type="datetime-local" value={d.planned_start} onChange={(e) => set('planned_start', e.target.value)} />
          </Row>
          <Row id={`${prefix}-planned_end`} label="Planned end" error={errors.planned_end}>
            <input {...a11y('planned_end')} type="datetime-local" value={d.planned_end} onChange={(e) => set('planned_end', e.target.value)} />
          </Row>
        </div>
        <div className="muted small window-hint">
          <span>Times are your browser’s.</span>
          {d.planned_start && d.planned_end && localInputToIso(d.planned_start) && localInputToIso(d.planned_end) && (
            <InCustomerZone customerId={cust} start={localInputToIso(d.planned_start)} end={localInputToIso(d.planned_end)} />
          )}
          <span>
            <WindowHint customerId={cust} />
          </span>
        </div>
      </Card>

      <Card title="Review" id={`${prefix}-card-review`}>
        <fieldset className="ci-picker" aria-describedby={errors.reviewer_ids ? `${prefix}-reviewer_ids-error` : undefined} id={`${prefix}-reviewer_ids`} tabIndex={-1}>
          <legend>Reviewers</legend>
          {staff.isLoading ? (
            <Loading />
          ) : (
            <div className="ci-options">
              {reviewers.map((s) => (
                <label key={s.id} className="check">
                  <input
                    type="checkbox"
                    checked={d.reviewer_ids.includes(s.id)}
                    onChange={(e) =>
                      set('reviewer_ids', e.target.checked ? [...d.reviewer_ids, s.id] : d.reviewer_ids.filter((x) => x !== s.id))
                    }
                  />
                  {s.name} <span className="muted small">{roleLabel(s.role as Role)}</span>
                </label>
              ))}
            </div>
          )}
          {errors.reviewer_ids && (
            <span className="field-error" id={`${prefix}-reviewer_ids-error`}>
              {errors.reviewer_ids}
            </span>
          )}
        </fieldset>
        <div className="form-grid">
          <Row
            id={`${prefix}-quorum`}
            label="Quorum"
            error={errors.quorum}
            hint={d.type === 'emergency' ? 'An emergency change needs one approval.' : 'Approvals needed (1–10).'}
          >
            <input {...a11y('quorum', true)} type="number" min={1} max={10} value={d.quorum} onChange={(e) => set('quorum', e.target.value)} />
          </Row>
          <div className="field check-field">
            <label className="check">
              <input
                type="checkbox"
                id={`${prefix}-customer_approval`}
                checked={d.customer_approval}
                onChange={(e) => set('customer_approval', e.target.checked)}
              />
              The customer approves too (in the portal)
            </label>
          </div>
        </div>
      </Card>
      <div className="form-actions row-gap">
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {onCancel && (
          <button className="btn ghost" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
