// Customers: a searchable list with each customer's open alerts.
import { useDeferredValue } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAlerts, useCustomers } from '../api/queries';
import { Card, Empty, ErrorBox, Loading, PageHeader, StatusBadge } from '../components/ui';

export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const deferred = useDeferredValue(q);
  const customers = useCustomers(deferred.trim() || undefined);
  const alerts = useAlerts({ status: 'open', limit: 1000 });
  const openBy = new Map<number, { critical: number; warning: number }>();
  for (const a of alerts.data ?? []) {
    const e = openBy.get(a.customer_id) ?? { critical: 0, warning: 0 };
    if (a.severity === 'critical') e.critical++;
    else e.warning++;
    openBy.set(a.customer_id, e);
  }
  const list = customers.data?.customers ?? [];

  return (
    <>
      <PageHeader title="Customers" subtitle={customers.data ? `${customers.data.total} customers` : undefined} />
      <Card>
        <label className="field inline">
          <span>Search customers</span>
          <input
            type="search"
            value={q}
            placeholder="Name contains…"
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('q', e.target.value);
              else next.delete('q');
              setParams(next, { replace: true });
            }}
          />
        </label>
        {customers.isLoading ? (
          <Loading />
        ) : customers.error ? (
          <ErrorBox error={customers.error} />
        ) : list.length === 0 ? (
          <Empty>No customer matches “{q}”.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Code</th>
                  <th scope="col">Status</th>
                  <th scope="col">SLA</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Open alerts</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => {
                  const o = openBy.get(c.id);
                  return (
                    <tr key={c.id}>
                      <td>
                        <Link className="cell-title" to={`/customers/${c.id}`}>
                          {c.name}
                        </Link>
                      </td>
                      <td>{c.code ?? '—'}</td>
                      <td>
                        <StatusBadge status={c.status} />
                      </td>
                      <td>{c.sla_policy ?? '—'}</td>
                      <td>{c.phone ?? '—'}</td>
                      <td>
                        {o ? (
                          <span>
                            {o.critical > 0 && <span className="badge sev-critical">{o.critical} critical</span>}{' '}
                            {o.warning > 0 && <span className="badge sev-warning">{o.warning} warning</span>}
                          </span>
                        ) : (
                          <span className="muted">None</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
