// The audit trail (owners only): who did what, when, from where; filter by
// action, page back in time, and check that the trail is intact.
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, withQuery } from '../api/client';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { formatDateTime } from '../lib/format';

interface AuditEvent {
  id: number;
  at: string;
  action: string;
  actor: string;
  ip: string | null;
  object_type: string | null;
  object_id: string | null;
  customer_id: number | null;
  details: Record<string, unknown> | null;
}

const PAGE = 100;

export function AuditPage() {
  const [action, setAction] = useState('');
  const filter = useDeferredValue(action.trim());
  const events = useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      api.get<{ events: AuditEvent[] }>(
        withQuery('/api/v1/audit', { action: filter || undefined, limit: PAGE, before_id: pageParam || undefined }),
      ),
    getNextPageParam: (last) => (last.events.length === PAGE ? last.events[last.events.length - 1].id : undefined),
  });
  const verify = useMutation({
    mutationFn: () =>
      api.get<{ intact: boolean; chain_intact: boolean; matches_sink: boolean; message: string }>('/api/v1/audit/verify'),
  });
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change and login, newest first"
        actions={
          <button type="button" className="btn" onClick={() => verify.mutate()} disabled={verify.isPending}>
            {verify.isPending ? 'Checking…' : 'Verify integrity'}
          </button>
        }
      />
      {verify.data && (
        <p className={verify.data.intact ? 'notice' : 'form-error'} role="status">
          {verify.data.intact
            ? 'The audit trail is intact: the hash chain holds and matches the copy in the audit sink.'
            : `The audit trail has been tampered with: ${verify.data.message}`}
        </p>
      )}
      {verify.error && <ErrorBox error={verify.error} />}
      <Card>
        <label className="field inline">
          <span>Action starts with</span>
          <input type="search" value={action} placeholder="e.g. alert, auth.login, ci." onChange={(e) => setAction(e.target.value)} />
        </label>
        {events.isLoading ? (
          <Loading />
        ) : events.error ? (
          <ErrorBox error={events.error} />
        ) : rows.length === 0 ? (
          <Empty>No events.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Object</th>
                  <th scope="col" className="hide-narrow">
                    Address
                  </th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td className="nowrap">{formatDateTime(e.at)}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{e.actor}</td>
                    <td>{e.object_type ? `${e.object_type} ${e.object_id ?? ''}` : '—'}</td>
                    <td className="hide-narrow">{e.ip ?? '—'}</td>
                    <td className="details">
                      {e.details && Object.keys(e.details).length ? JSON.stringify(e.details) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {events.hasNextPage && (
          <button type="button" className="btn block" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? 'Loading…' : 'Older events'}
          </button>
        )}
      </Card>
    </>
  );
}
