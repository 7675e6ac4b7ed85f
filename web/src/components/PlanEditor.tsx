// Editing a plan on the price list (PATCH /plans/{id}): its price, included
// support and flex hours, what it covers and whether the quantity discount
// applies; retiring it (no new contract lines, signed ones keep billing) or
// selling it again. A new price bills from the next billing run. The unit
// never changes: another unit is another plan.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useUpdatePlan } from '../api/billing';
import type { Plan, PlanPatch } from '../api/billing';
import { formatCents, parseDollars } from '../lib/format';
import { BillingError } from './BillingBits';

// The form's text as a patch of what changed; an error names what is wrong.
export function planPatch(
  plan: Plan,
  form: { price: string; support: string; flex: string; covers: string; discountable: boolean },
): { patch: PlanPatch } | { error: string } {
  const price = parseDollars(form.price);
  if (price === null || price < 0) return { error: 'Enter the price in dollars, such as 500.00.' };
  const hours = (text: string) => Math.round(Number(text) * 60);
  const support = hours(form.support);
  const flex = hours(form.flex);
  for (const m of [support, flex]) {
    if (!Number.isFinite(m) || m < 0 || m > 6000 || m % 15 !== 0) {
      return { error: 'Hours are 0 to 100, in quarter hours (0.25).' };
    }
  }
  const patch: PlanPatch = {};
  if (price !== plan.price_cents) patch.price_cents = price;
  if (support !== plan.included_support_minutes) patch.included_support_minutes = support;
  if (flex !== plan.flex_minutes) patch.flex_minutes = flex;
  if (form.covers !== plan.covers) patch.covers = form.covers;
  if (form.discountable !== plan.discountable) patch.discountable = form.discountable;
  return { patch };
}

export function PlanEditor({ plan, onDone }: { plan: Plan; onDone: () => void }) {
  const update = useUpdatePlan(plan.id);
  const [price, setPrice] = useState((plan.price_cents / 100).toFixed(2));
  const [support, setSupport] = useState(String(plan.included_support_minutes / 60));
  const [flex, setFlex] = useState(String(plan.flex_minutes / 60));
  const [covers, setCovers] = useState(plan.covers);
  const [discountable, setDiscountable] = useState(plan.discountable);
  const [invalid, setInvalid] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    const r = planPatch(plan, { price, support, flex, covers, discountable });
    if ('error' in r) return setInvalid(r.error);
    setInvalid(null);
    if (Object.keys(r.patch).length === 0) return onDone();
    try {
      await update.mutateAsync(r.patch);
      onDone();
    } catch {
      // shown below
    }
  }

  async function setActive(active: boolean) {
    try {
      await update.mutateAsync({ active });
      onDone();
    } catch {
      // shown below
    }
  }

  return (
    <form className="filters plan-form" onSubmit={save} aria-label={`Edit plan ${plan.name}`} noValidate>
      <label>
        <span>Price a month ($)</span>
        <input className="narrow-money" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
      </label>
      <label>
        <span>Support hours</span>
        <input className="narrow-money" inputMode="decimal" value={support} onChange={(e) => setSupport(e.target.value)} />
      </label>
      <label>
        <span>Flex hours</span>
        <input className="narrow-money" inputMode="decimal" value={flex} onChange={(e) => setFlex(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={discountable} onChange={(e) => setDiscountable(e.target.checked)} />
        Quantity discount
      </label>
      <label className="full-row">
        <span>Covers</span>
        <input value={covers} onChange={(e) => setCovers(e.target.value)} maxLength={2000} />
      </label>
      <div className="full-row">
        <button className="btn primary" type="submit" disabled={update.isPending}>
          Save plan
        </button>{' '}
        <button className="btn" type="button" onClick={onDone}>
          Cancel
        </button>{' '}
        {plan.active ? (
          <button className="btn danger" type="button" disabled={update.isPending} onClick={() => setActive(false)}>
            Retire plan
          </button>
        ) : (
          <button className="btn" type="button" disabled={update.isPending} onClick={() => setActive(true)}>
            Sell again
          </button>
        )}
      </div>
      <p className="muted small full-row">
        A new price bills from the next run; issued invoices keep {formatCents(plan.price_cents)}. A retired plan takes no
        new contract lines, and the lines already signed keep billing.
      </p>
      {invalid && <p className="field-error full">{invalid}</p>}
      <BillingError error={update.error} action="change the plan" />
    </form>
  );
}
