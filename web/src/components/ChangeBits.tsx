// Small pieces every change screen shares: the badges, the list table and
// the error line of a write.
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { ChangeSummary } from '../api/changes';
import {
  changeStatusLabel,
  changeStatusTone,
  changeTypeLabel,
  changeTypeTone,
  fieldErrorText,
  formatWindow,
  outcomeLabel,
  outcomeTone,
  ratingLabel,
  ratingTone,
} from '../lib/changes';
import { formatDateTime, relativeTime } from '../lib/format';

export function ChangeStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge tone-${changeStatusTone(status)}`} data-change-status={status}>
      {changeStatusLabel(status)}
    </span>
  );
}

export function ChangeTypeBadge({ type }: { type: string }) {
  return <span className={`badge tone-${changeTypeTone(type)}`}>{changeTypeLabel(type)}</span>;
}

export function RatingBadge({ rating, what }: { rating: string | null | undefined; what: 'Risk' | 'Impact' }) {
  if (!rating) return <span className="muted">—</span>;
  return (
    <span className={`badge tone-${ratingTone(rating)}`} title={`${what}: ${ratingLabel(rating)}`}>
      {ratingLabel(rating)}
    </span>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string | null | undefined }) {
  if (!outcome) return null;
  return <span className={`badge tone-${outcomeTone(outcome)}`}>{outcomeLabel(outcome)}</span>;
}

// "Could not …: message", for any write a change screen makes. A 409 means
// the change moved meanwhile: the page has reloaded it.
export function ChangeWriteError({ error, action }: { error: unknown; action: string }) {
  if (error == null) return null;
  let text = error instanceof Error ? error.message : 'Something went wrong.';
  if (error instanceof ApiError) {
    text =
      error.status === 404
        ? 'The change is gone, or you no longer have access to it.'
        : error.status === 403
          ? fieldErrorText(null, error.message)
          : fieldErrorText(error.field, error.message);
  }
  return (
    <p className="form-error" role="alert">
      Could not {action}: {text}
    </p>
  );
}

export function ChangeTable({
  changes,
  now,
  basePath = '',
  showCustomer = true,
  label = 'Changes',
}: {
  changes: ChangeSummary[];
  now: number;
  basePath?: string;
  showCustomer?: boolean;
  label?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table changes" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Title</th>
            {showCustomer && <th scope="col">Customer</th>}
            <th scope="col">Type</th>
            <th scope="col">Risk</th>
            <th scope="col">Status</th>
            <th scope="col">Planned window</th>
            <th scope="col" className="hide-narrow">
              Updated
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.id} data-change-id={c.id}>
              <td className="nowrap muted ticket-ref">{c.ref}</td>
              <td>
                <Link className="cell-title" to={`${basePath}/changes/${c.id}`}>
                  {c.title}
                </Link>
                {c.ticket_id && <div className="muted small">from ticket #{c.ticket_id}</div>}
              </td>
              {showCustomer && <td>{c.customer_name}</td>}
              <td>
                <ChangeTypeBadge type={c.type} />
              </td>
              <td>
                <RatingBadge rating={c.risk} what="Risk" />
              </td>
              <td>
                <ChangeStatusBadge status={c.status} />
              </td>
              <td className="small">{formatWindow(c.planned_start, c.planned_end)}</td>
              <td className="nowrap hide-narrow">
                <time dateTime={c.updated_at} title={formatDateTime(c.updated_at)}>
                  {relativeTime(c.updated_at, now)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
