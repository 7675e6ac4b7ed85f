// One customer: details, sites, contacts, its contract, hours and who its
// invoices go to, assigned staff, patch compliance, the update approval
// policy, CIs, documents and a timeline of alerts. Portal users see the
// same view of their own customer (without the staff-only parts).
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import {
  useAlerts,
  useCis,
  useContacts,
  useCustomer,
  useDocuments,
  useSites,
} from '../api/queries';
import type { Alert } from '../api/types';
import { useUser } from '../auth/AuthContext';
import {
  canDrawFlex,
  canEditChangeWindows,
  canReadApprovalPolicy,
  canReadContracts,
  canWriteBilling,
  isPortal,
} from '../auth/roles';
import { CustomerApprovalPolicyCard } from '../components/ApprovalPolicyCards';
import { ContractCard, HoursCard } from '../components/BillingCards';
import { BillToCard } from '../components/BillToCard';
import { CustomerWindowsCard } from '../components/ChangeWindowsCard';
import { MaintenanceCard } from '../components/MaintenanceCard';
import { PatchComplianceCard } from '../components/PatchComplianceCard';
import { TicketTable } from '../components/TicketBits';
import { useTickets } from '../api/tickets';
import { canOpenTickets } from '../auth/roles';
import { Card, Empty, ErrorBox, Field, Loading, PageHeader, SeverityBadge, StatusBadge } from '../components/ui';
import { formatBytes, formatDateTime, humanize, relativeTime } from '../lib/format';
import { useNow } from '../lib/useNow';

interface StaffMember {
  id: number;
  name: string;
  role: string;
  email: string;
  phone: string | null;
  on_call: boolean;
  cis: Array<{ id: number; customer_id: number; name: string }>;
}

export function AlertTimeline({ alerts, now, basePath = '' }: { alerts: Alert[]; now: number; basePath?: string }) {
  if (alerts.length === 0) return <Empty>No alerts in this period.</Empty>;
  return (
    <ol className="timeline">
      {alerts.map((a) => (
        <li key={a.id} className={`tl-${a.status}`}>
          <span className="tl-dot" aria-hidden="true" />
          <div className="tl-body">
            <div>
              <SeverityBadge severity={a.severity} /> <strong>{humanize(a.condition)}</strong> on{' '}
              <Link to={`${basePath}/devices/${a.device_id}`}>{a.device_name}</Link>
            </div>
            <div className="muted small">
              {a.message} · opened{' '}
              <time dateTime={a.opened_at} title={formatDateTime(a.opened_at)}>
                {relativeTime(a.opened_at, now)}
              </time>
              {a.resolved_at ? ` · resolved ${relativeTime(a.resolved_at, now)}` : a.acknowledged_at ? ' · acknowledged' : ''}
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}

export function CustomerView({ id, basePath }: { id: number; basePath: string }) {
  const user = useUser();
  const staff = !isPortal(user.role);
  const now = useNow();
  const customer = useCustomer(id);
  const sites = useSites(id);
  const contacts = useContacts(id);
  const cis = useCis({ customer_id: id });
  const documents = useDocuments(id);
  const alerts = useAlerts({ customer_id: id, limit: 50 });
  const tickets = useTickets({ customer_id: id, limit: 200 });
  const team = useQuery({
    queryKey: ['staff'],
    queryFn: () => api.get<{ staff: StaffMember[] }>('/api/v1/staff'),
    enabled: staff,
    select: (d) => d.staff.filter((s) => s.cis.some((c) => c.customer_id === id)),
  });

  if (customer.isLoading) return <Loading />;
  if (customer.error || !customer.data) return <ErrorBox error={customer.error} />;
  const c = customer.data;

  return (
    <>
      <PageHeader
        title={c.name}
        subtitle={
          <>
            {c.code && <span className="badge tone-neutral">{c.code}</span>} <StatusBadge status={c.status} />
            {c.website && (
              <>
                {' '}
                · <span>{c.website}</span>
              </>
            )}
          </>
        }
      />
      <div className="grid-3">
        <Card title="Details" id="cust-details">
          <dl className="kv-list">
            <Field label="Phone">{c.phone}</Field>
            <Field label="SLA policy">{c.sla_policy}</Field>
            <Field label="Customer since">{formatDateTime(c.created_at)}</Field>
          </dl>
          {c.notes && <p className="note">{c.notes}</p>}
        </Card>
        <Card title="Sites" id="cust-sites">
          {sites.isLoading ? (
            <Loading />
          ) : sites.error ? (
            <ErrorBox error={sites.error} />
          ) : (sites.data ?? []).length === 0 ? (
            <Empty>No sites.</Empty>
          ) : (
            <ul className="list">
              {sites.data!.map((s) => (
                <li key={s.id}>
                  <strong>{s.name}</strong>
                  <div className="muted small">
                    {[s.address, s.postal_code, s.city, s.country].filter(Boolean).join(', ')}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Contacts" id="cust-contacts">
          {contacts.isLoading ? (
            <Loading />
          ) : contacts.error ? (
            <ErrorBox error={contacts.error} />
          ) : (contacts.data ?? []).length === 0 ? (
            <Empty>No contacts.</Empty>
          ) : (
            <ul className="list">
              {contacts.data!.map((p) => (
                <li key={p.id}>
                  <strong>{p.name}</strong> {p.is_primary && <span className="badge tone-good">Primary</span>}
                  <div className="muted small">{[p.title, p.email, p.phone].filter(Boolean).join(' · ')}</div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {staff && (
        <div className="grid-2">
          {canReadContracts(user.role) && <ContractCard customerId={id} />}
          <HoursCard customerId={id} canDraw={canDrawFlex(user.role)} />
        </div>
      )}
      {staff && (
        <div className="grid-2">
          {canReadContracts(user.role) && (
            <BillToCard customerId={id} contacts={contacts.data ?? []} canEdit={canWriteBilling(user.role)} />
          )}
          <CustomerWindowsCard customerId={id} canEdit={canEditChangeWindows(user.role)} />
        </div>
      )}
      {staff && (
        <Card title="Assigned staff" id="cust-staff">
          {team.isLoading ? (
            <Loading />
          ) : (team.data ?? []).length === 0 ? (
            <Empty>No one is responsible for this customer's CIs yet.</Empty>
          ) : (
            <ul className="chips">
              {team.data!.map((s) => (
                <li key={s.id} className="chip">
                  <strong>{s.name}</strong> <span className="muted small">{humanize(s.role)}</span>
                  {s.on_call && <span className="badge tone-warn">On call</span>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      {staff && (
        <div className="grid-2">
          <PatchComplianceCard customerId={id} />
          <MaintenanceCard customerId={id} />
        </div>
      )}
      {staff && canReadApprovalPolicy(user.role) && <CustomerApprovalPolicyCard customerId={id} />}
      <Card title="Configuration items" id="cust-cis">
        {cis.isLoading ? (
          <Loading />
        ) : cis.error ? (
          <ErrorBox error={cis.error} />
        ) : (cis.data?.cis ?? []).length === 0 ? (
          <Empty>No CIs recorded.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Make / model</th>
                  <th scope="col">OS</th>
                  <th scope="col">Criticality</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {cis.data!.cis.map((ci) => (
                  <tr key={ci.id}>
                    <td>
                      <Link className="cell-title" to={`${basePath}/devices/${ci.id}`}>
                        {ci.name}
                      </Link>
                    </td>
                    <td>{humanize(ci.kind)}</td>
                    <td>{[ci.make, ci.model].filter(Boolean).join(' ') || '—'}</td>
                    <td>{[ci.os_name, ci.os_version].filter(Boolean).join(' ') || '—'}</td>
                    <td>{humanize(ci.criticality)}</td>
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
      <Card
        title="Tickets"
        id="cust-tickets"
        actions={
          staff ? (
            <>
              <Link to={`/tickets?queue=customer&customer=${id}`}>Queue</Link>
              {canOpenTickets(user.role) && <Link to={`/tickets/new?customer=${id}`}>New ticket</Link>}
            </>
          ) : (
            <Link to="/portal/tickets/new">Raise a ticket</Link>
          )
        }
      >
        {tickets.isLoading ? (
          <Loading />
        ) : tickets.error ? (
          <ErrorBox error={tickets.error} />
        ) : (tickets.data ?? []).length === 0 ? (
          <Empty>No tickets yet.</Empty>
        ) : (
          <TicketTable
            tickets={[...tickets.data!].sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at)).slice(0, 15)}
            now={now}
            basePath={basePath}
            showSla={false}
          />
        )}
      </Card>
      <div className="grid-2">
        <Card title="Documents" id="cust-docs">
          {documents.isLoading ? (
            <Loading />
          ) : documents.error ? (
            <ErrorBox error={documents.error} />
          ) : (documents.data ?? []).length === 0 ? (
            <Empty>No documents.</Empty>
          ) : (
            <ul className="list">
              {documents.data!.map((d) => (
                <li key={d.id}>
                  <a href={`/api/v1/documents/${d.id}/content`}>{d.title}</a>
                  <div className="muted small">
                    {humanize(d.kind)} · {d.file_name} · {formatBytes(d.size_bytes)} · {formatDateTime(d.created_at)}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Alert timeline" id="cust-timeline">
          {alerts.isLoading ? (
            <Loading />
          ) : alerts.error ? (
            <ErrorBox error={alerts.error} />
          ) : (
            <AlertTimeline alerts={alerts.data ?? []} now={now} basePath={basePath} />
          )}
        </Card>
      </div>
    </>
  );
}

export function CustomerPage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such customer.')} />;
  return <CustomerView id={n} basePath="" />;
}
