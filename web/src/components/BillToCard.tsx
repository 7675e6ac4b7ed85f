// Who a customer's invoices are addressed to: the billing contact and the
// postal address that the invoice PDF, its e-mail and the accounting export
// use. Without a profile the server falls back to the primary contact and
// the first site's address, and the card says so. Billing writers edit it
// in place; the server's field errors appear under the field they name.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useBillingProfile, useSaveBillingProfile } from '../api/billing';
import type { BillingProfile, BillingProfileBody } from '../api/billing';
import { BillingError } from './BillingBits';
import { Card, Empty, ErrorBox, Loading } from './ui';

export interface BillToContact {
  id: number;
  name: string;
  email?: string | null;
}

const SOURCE_NOTE: Record<string, string> = {
  site: "from the customer's first site",
  primary: 'the primary contact',
};

// "City, Region Postal code", as the PDF prints it.
export function localityLine(a: { city: string; region: string; postal_code: string }): string {
  let line = a.city;
  if (a.region) line += (line ? ', ' : '') + a.region;
  if (a.postal_code) line += (line ? ' ' : '') + a.postal_code;
  return line;
}

// The form's text → the PUT body: one address line per text line.
export function profileBody(form: {
  contactId: string;
  lines: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}): BillingProfileBody {
  return {
    contact_id: form.contactId ? Number(form.contactId) : null,
    address_lines: form.lines
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
    city: form.city.trim(),
    region: form.region.trim(),
    postal_code: form.postalCode.trim(),
    country: form.country.trim(),
  };
}

function BillToView({ profile }: { profile: BillingProfile }) {
  const b = profile.bill_to;
  const locality = localityLine(b);
  return (
    <div className="bill-to" data-bill-to="view">
      <address>
        <strong>{b.customer_name}</strong>
        {b.address_lines.map((l, i) => (
          <div key={i}>{l}</div>
        ))}
        {locality && <div>{locality}</div>}
        {b.country && <div>{b.country}</div>}
      </address>
      {b.address_source === 'none' ? (
        <p className="muted small">No address: set one, or add a site with an address.</p>
      ) : (
        SOURCE_NOTE[b.address_source] && <p className="muted small">Address {SOURCE_NOTE[b.address_source]}.</p>
      )}
      {b.contact_name ? (
        <p>
          Attn: <strong data-bill-to="contact">{b.contact_name}</strong>
          {b.contact_email && <span className="muted"> · {b.contact_email}</span>}
          {SOURCE_NOTE[b.contact_source] && <span className="muted small"> ({SOURCE_NOTE[b.contact_source]})</span>}
        </p>
      ) : (
        <p className="muted small">No contact: invoices cannot be e-mailed until the customer has one.</p>
      )}
    </div>
  );
}

function BillToForm({
  profile,
  contacts,
  customerId,
  onDone,
}: {
  profile: BillingProfile;
  contacts: BillToContact[];
  customerId: number;
  onDone: () => void;
}) {
  const save = useSaveBillingProfile(customerId);
  const [form, setForm] = useState({
    contactId: profile.contact_id != null ? String(profile.contact_id) : '',
    lines: profile.address_lines.join('\n'),
    city: profile.city,
    region: profile.region,
    postalCode: profile.postal_code,
    country: profile.country,
  });
  const [invalid, setInvalid] = useState<string | null>(null);
  const field = save.error instanceof ApiError ? save.error.field : undefined;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const errorFor = (name: string) =>
    field === name ? (
      <span className="field-error" id={`billto-${name}-error`}>
        {(save.error as ApiError).message}
      </span>
    ) : null;
  const described = (name: string) => (field === name ? `billto-${name}-error` : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = profileBody(form);
    // The server's own limits, checked before the round trip.
    if (body.address_lines.length > 4) return setInvalid('At most 4 address lines.');
    setInvalid(null);
    try {
      await save.mutateAsync(body);
      onDone();
    } catch {
      // shown in place below
    }
  }

  return (
    <form className="filters plan-form" onSubmit={submit} aria-label="Billing address" noValidate>
      <div className="field-with-error full-row">
        <label>
          <span>Billing contact</span>
          <select value={form.contactId} onChange={set('contactId')} aria-describedby={described('contact_id')}>
            <option value="">The primary contact</option>
            {contacts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.email ? ` <${c.email}>` : ''}
              </option>
            ))}
          </select>
        </label>
        {errorFor('contact_id')}
      </div>
      <div className="field-with-error full-row">
        <label>
          <span>Street address (one line each, up to 4)</span>
          <textarea rows={3} value={form.lines} onChange={set('lines')} aria-describedby={described('address_lines')} />
        </label>
        {errorFor('address_lines')}
      </div>
      <div className="field-with-error">
        <label>
          <span>City</span>
          <input value={form.city} onChange={set('city')} aria-describedby={described('city')} />
        </label>
        {errorFor('city')}
      </div>
      <div className="field-with-error">
        <label>
          <span>State or region</span>
          <input value={form.region} onChange={set('region')} aria-describedby={described('region')} />
        </label>
        {errorFor('region')}
      </div>
      <div className="field-with-error">
        <label>
          <span>Postal code</span>
          <input value={form.postalCode} onChange={set('postalCode')} aria-describedby={described('postal_code')} />
        </label>
        {errorFor('postal_code')}
      </div>
      <div className="field-with-error">
        <label>
          <span>Country</span>
          <input value={form.country} onChange={set('country')} aria-describedby={described('country')} />
        </label>
        {errorFor('country')}
      </div>
      <div className="full-row">
        <button className="btn primary" type="submit" disabled={save.isPending}>
          Save billing address
        </button>{' '}
        <button className="btn" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {invalid && <p className="field-error full">{invalid}</p>}
      {!field && <BillingError error={save.error} action="save the billing address" />}
    </form>
  );
}

export function BillToCard({
  customerId,
  contacts,
  canEdit,
}: {
  customerId: number;
  contacts: BillToContact[];
  canEdit: boolean;
}) {
  const profile = useBillingProfile(customerId);
  const [editing, setEditing] = useState(false);
  return (
    <Card
      title="Invoices go to"
      id="cust-bill-to"
      actions={
        canEdit && profile.data && !editing ? (
          <button className="btn small" type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : undefined
      }
    >
      {profile.isLoading ? (
        <Loading />
      ) : profile.error ? (
        <ErrorBox error={profile.error} />
      ) : !profile.data ? (
        <Empty>No billing profile.</Empty>
      ) : editing ? (
        <BillToForm profile={profile.data} contacts={contacts} customerId={customerId} onDone={() => setEditing(false)} />
      ) : (
        <BillToView profile={profile.data} />
      )}
    </Card>
  );
}
