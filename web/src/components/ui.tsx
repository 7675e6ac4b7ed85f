// Small building blocks shared by every screen.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { humanize } from '../lib/format';

export function Card({
  title,
  actions,
  children,
  className,
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={headingId} id={id}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2 id={headingId}>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-head">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${severity}`}>{humanize(severity)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const tone =
    status === 'open' || status === 'offline' || status === 'breached'
      ? 'bad'
      : status === 'acknowledged' || status === 'at_risk' || status === 'warning'
        ? 'warn'
        : status === 'resolved' || status === 'active' || status === 'online' || status === 'ok'
          ? 'good'
          : 'neutral';
  return <span className={`badge tone-${tone}`}>{humanize(status)}</span>;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  const msg =
    error instanceof ApiError
      ? error.status === 404
        ? 'Not found, or you do not have access to it.'
        : error.message
      : error instanceof Error
        ? error.message
        : 'Something went wrong.';
  return (
    <div className="error-box" role="alert">
      {msg}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  );
}

export function Stat({
  label,
  value,
  tone,
  to,
}: {
  label: string;
  value: ReactNode;
  tone?: 'bad' | 'warn' | 'good' | 'neutral';
  to?: string;
}) {
  const inner = (
    <>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </>
  );
  return to ? (
    <Link className={`stat tone-${tone ?? 'neutral'}`} to={to}>
      {inner}
    </Link>
  ) : (
    <div className={`stat tone-${tone ?? 'neutral'}`}>{inner}</div>
  );
}
