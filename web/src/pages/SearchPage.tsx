// Results of the global search box (GET /api/v1/search).
import { Link, useSearchParams } from 'react-router-dom';
import { useCustomers, useSearch } from '../api/queries';
import type { SearchResult } from '../api/types';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { humanize } from '../lib/format';

export function resultLink(r: SearchResult): string | null {
  const type = String(r.type ?? r.kind ?? '');
  switch (type) {
    case 'customer':
      return `/customers/${r.id}`;
    case 'ci':
      return `/devices/${r.id}`;
    case 'ticket':
      return `/tickets/${r.id}`;
    case 'contact':
    case 'document':
      return r.customer_id ? `/customers/${r.customer_id}` : null;
    default:
      return null;
  }
}

export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const results = useSearch(q);
  const customers = useCustomers();
  const names = new Map((customers.data?.customers ?? []).map((c) => [c.id, c.name]));
  return (
    <>
      <PageHeader title="Search" subtitle={q ? `Results for “${q}”` : 'Type in the search box above'} />
      {/^#?\d{1,12}$/.test(q.trim()) && (
        <p className="notice">
          Looking for a ticket? <Link to={`/tickets/${q.trim().replace('#', '')}`}>Open ticket #{q.trim().replace('#', '')}</Link>
        </p>
      )}
      <Card>
        {!q ? (
          <Empty>Search customers, contacts, devices and documents by any word.</Empty>
        ) : results.isLoading ? (
          <Loading />
        ) : results.error ? (
          <ErrorBox error={results.error} />
        ) : (results.data ?? []).length === 0 ? (
          <Empty>Nothing matches “{q}”.</Empty>
        ) : (
          <ul className="list results">
            {results.data!.map((r) => {
              const to = resultLink(r);
              const title = String(r.title ?? r.name ?? `#${r.id}`);
              return (
                <li key={`${String(r.type ?? r.kind)}-${r.id}`}>
                  <span className="badge tone-neutral">{humanize(String(r.type ?? r.kind ?? ''))}</span>{' '}
                  {to ? <Link to={to}>{title}</Link> : title}
                  {r.customer_id && r.type !== 'customer' && (
                    <span className="muted small"> · {names.get(r.customer_id) ?? `customer #${r.customer_id}`}</span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </>
  );
}
