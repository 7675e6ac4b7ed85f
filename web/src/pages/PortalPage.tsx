// The customer portal: a customer contact sees their own organisation, its
// devices and alerts, and nothing of anyone else. The server scopes every
// read to the contact's customer; the portal's routes never leave /portal.
import { Link, Navigate, NavLink, Route, Routes, useParams } from 'react-router-dom';
import { useAlerts, useCis, useCustomer } from '../api/queries';
import { useUser } from '../auth/AuthContext';
import { Logo } from '../components/Logo';
import { PatchComplianceCard } from '../components/PatchComplianceCard';
import { ThemeSwitch, UserMenu } from '../components/Layout';
import { Card, Empty, ErrorBox, Loading, PageHeader, Stat, StatusBadge } from '../components/ui';
import { humanize } from '../lib/format';
import { useNow } from '../lib/useNow';
import { AlertTimeline, CustomerView } from './CustomerPage';
import { DeviceView } from './DevicePage';
import { KbArticlePage, KbListPage } from './KbPages';
import { PortalBilling } from './PortalBilling';
import { PortalChange, PortalChangeList, useAwaitingCustomer } from './PortalChanges';
import { PortalNewTicket, PortalTicket, PortalTicketList } from './PortalTickets';
import { useTickets } from '../api/tickets';
import { TicketStatusBadge } from '../components/TicketBits';

function PortalHome({ customerId }: { customerId: number }) {
  const customer = useCustomer(customerId);
  const alerts = useAlerts({ customer_id: customerId, status: 'open', limit: 200 });
  const cis = useCis({ customer_id: customerId });
  const tickets = useTickets({ limit: 500 });
  const now = useNow();
  const changes = useAwaitingCustomer();
  if (customer.isLoading) return <Loading />;
  if (customer.error || !customer.data) return <ErrorBox error={customer.error} />;
  const open = alerts.data ?? [];
  const devices = (cis.data?.cis ?? []).filter((c) => ['server', 'workstation', 'laptop'].includes(c.kind));
  const openTickets = (tickets.data ?? []).filter((t) => t.status !== 'closed');
  const toConfirm = openTickets.filter((t) => t.status === 'hold_resolution').length;
  return (
    <>
      <PageHeader title={`Welcome, ${customer.data.name}`} subtitle="Your IT at a glance, looked after by your managed service provider" />
      <div className="stats">
        <Stat label="Devices" value={devices.length} tone="neutral" to="/portal/devices" />
        <Stat
          label="Open issues"
          value={open.length}
          tone={open.some((a) => a.severity === 'critical') ? 'bad' : open.length ? 'warn' : 'good'}
        />
        <Stat label="Open tickets" value={openTickets.length} tone="neutral" to="/portal/tickets" />
        <Stat
          label="Waiting for your confirmation"
          value={toConfirm}
          tone={toConfirm ? 'warn' : 'good'}
          to="/portal/tickets"
        />
        <Stat
          label="Changes to approve"
          value={changes.waiting.length}
          tone={changes.waiting.length ? 'warn' : 'good'}
          to="/portal/changes"
        />
      </div>
      <div className="grid-2">
        <Card title="Current issues" id="portal-alerts">
          {alerts.isLoading ? <Loading /> : <AlertTimeline alerts={open} now={now} basePath="/portal" />}
        </Card>
        <div>
          <Card title="Support" id="portal-support">
            <p>Something not working, or need something set up? Raise a ticket and follow it here.</p>
            {openTickets.length > 0 && (
              <ul className="list compact portal-recent">
                {openTickets.slice(0, 5).map((t) => (
                  <li key={t.id}>
                    <Link to={`/portal/tickets/${t.id}`}>{t.subject}</Link> <TicketStatusBadge status={t.status} />
                  </li>
                ))}
              </ul>
            )}
            <p className="row-gap">
              <Link className="btn primary" to="/portal/tickets/new">
                Raise a ticket
              </Link>
              <Link to="/portal/tickets">Your tickets</Link>
            </p>
          </Card>
          <PatchComplianceCard customerId={customerId} id="portal-patching" />
        </div>
      </div>
    </>
  );
}

function PortalDevices({ customerId }: { customerId: number }) {
  const cis = useCis({ customer_id: customerId });
  if (cis.isLoading) return <Loading />;
  if (cis.error) return <ErrorBox error={cis.error} />;
  const list = cis.data?.cis ?? [];
  return (
    <>
      <PageHeader title="Your devices" subtitle={`${list.length} items`} />
      <Card>
        {list.length === 0 ? (
          <Empty>No devices recorded.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Make / model</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link className="cell-title" to={`/portal/devices/${c.id}`}>
                        {c.name}
                      </Link>
                    </td>
                    <td>{humanize(c.kind)}</td>
                    <td>{[c.make, c.model].filter(Boolean).join(' ') || '—'}</td>
                    <td>
                      <StatusBadge status={c.status} />
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

function PortalDevice() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such device.')} />;
  return <DeviceView id={n} basePath="/portal" />;
}

export function PortalShell() {
  const user = useUser();
  const customerId = user.customer_id ?? 0;
  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="portal-top">
        <div className="brand">
          <Logo />
          <span>Steward</span>
          <span className="muted portal-tag">Customer portal</span>
        </div>
        <nav aria-label="Portal">
          <NavLink to="/portal" end className="nav-item">
            Overview
          </NavLink>
          <NavLink to="/portal/tickets" className="nav-item">
            Tickets
          </NavLink>
          <NavLink to="/portal/changes" className="nav-item">
            Changes
          </NavLink>
          <NavLink to="/portal/kb" className="nav-item">
            Knowledge base
          </NavLink>
          <NavLink to="/portal/devices" className="nav-item">
            Devices
          </NavLink>
          <NavLink to="/portal/billing" className="nav-item">
            Billing
          </NavLink>
          <NavLink to="/portal/organisation" className="nav-item">
            Organisation
          </NavLink>
        </nav>
        <div className="topbar-right">
          <ThemeSwitch />
          <UserMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="portal-main">
        {customerId <= 0 ? (
          <ErrorBox error={new Error('This login is not linked to a customer.')} />
        ) : (
          <Routes>
            <Route index element={<PortalHome customerId={customerId} />} />
            <Route path="tickets" element={<PortalTicketList />} />
            <Route path="tickets/new" element={<PortalNewTicket customerId={customerId} />} />
            <Route path="tickets/:id" element={<PortalTicket />} />
            <Route path="changes" element={<PortalChangeList />} />
            <Route path="changes/:id" element={<PortalChange />} />
            <Route path="kb" element={<KbListPage basePath="/portal" canEdit={false} />} />
            <Route path="kb/:id" element={<KbArticlePage basePath="/portal" canEdit={false} />} />
            <Route path="devices" element={<PortalDevices customerId={customerId} />} />
            <Route path="devices/:id" element={<PortalDevice />} />
            <Route path="billing" element={<PortalBilling customerId={customerId} />} />
            <Route path="organisation" element={<CustomerView id={customerId} basePath="/portal" />} />
            <Route path="*" element={<Navigate to="/portal" replace />} />
          </Routes>
        )}
      </main>
    </div>
  );
}
