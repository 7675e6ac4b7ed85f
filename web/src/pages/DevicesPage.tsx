// Devices and other CIs across all customers, filterable by kind and text.
import { useDeferredValue } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useCis, useCustomers } from '../api/queries';
import { Card, Empty, ErrorBox, Loading, PageHeader, StatusBadge } from '../components/ui';
import { humanize } from '../lib/format';

const KINDS = ['server', 'workstation', 'laptop', 'router', 'switch', 'firewall', 'ups', 'printer', 'phone', 'mobile_device', 'software', 'service'];

export function DevicesPage() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const q = params.get('q') ?? '';
  const deferred = useDeferredValue(q);
  const cis = useCis({ kind: kind || undefined, q: deferred.trim() || undefined });
  const customers = useCustomers();
  const names = new Map((customers.data?.customers ?? []).map((c) => [c.id, c.name]));

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <>
      <PageHeader title="Devices" subtitle={cis.data ? `${cis.data.total} configuration items` : undefined} />
      <Card>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Device filters">
          <label>
            <span>Kind</span>
            <select value={kind} onChange={(e) => set('kind', e.target.value)}>
              <option value="">Any</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {humanize(k)}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            <span>Name, serial, make or model</span>
            <input type="search" value={q} onChange={(e) => set('q', e.target.value)} placeholder="Filter…" />
          </label>
        </form>
        {cis.isLoading ? (
          <Loading />
        ) : cis.error ? (
          <ErrorBox error={cis.error} />
        ) : (cis.data?.cis ?? []).length === 0 ? (
          <Empty>No device matches these filters.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Make / model</th>
                  <th scope="col">OS</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {cis.data!.cis.map((ci) => (
                  <tr key={ci.id}>
                    <td>
                      <Link className="cell-title" to={`/devices/${ci.id}`}>
                        {ci.name}
                      </Link>
                    </td>
                    <td>
                      <Link to={`/customers/${ci.customer_id}`}>{names.get(ci.customer_id) ?? `#${ci.customer_id}`}</Link>
                    </td>
                    <td>{humanize(ci.kind)}</td>
                    <td>{[ci.make, ci.model].filter(Boolean).join(' ') || '—'}</td>
                    <td>{[ci.os_name, ci.os_version].filter(Boolean).join(' ') || '—'}</td>
                    <td>
                      <StatusBadge status={ci.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
