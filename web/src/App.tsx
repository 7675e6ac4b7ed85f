// Routing by session and role: nobody reaches a screen without a session;
// portal users only ever get the portal; staff never get the portal.
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from './auth/AuthContext';
import { canEditKb, canOpenTickets, canReadContracts, canReadDeployments, canRequestChanges, isPortal, sectionsFor } from './auth/roles';
import { Layout } from './components/Layout';
import { Loading, PageHeader, Card, Empty } from './components/ui';
import { AlertPage } from './pages/AlertPage';
import { AlertsPage } from './pages/AlertsPage';
import { AuditPage } from './pages/AuditPage';
import { BillingPage } from './pages/BillingPage';
import { ChangeCalendarPage } from './pages/ChangeCalendarPage';
import { ChangePage, ChangesPage, NewChangePage } from './pages/ChangePages';
import { ContractPage, ContractsPage, PlansPage } from './pages/ContractPages';
import { CustomerPage } from './pages/CustomerPage';
import { CustomersPage } from './pages/CustomersPage';
import { DashboardPage } from './pages/DashboardPage';
import { DeploymentPage } from './pages/DeploymentPage';
import { DevicePage } from './pages/DevicePage';
import { DevicesPage } from './pages/DevicesPage';
import { InvoicePage } from './pages/InvoicePage';
import { KbArticlePage, KbEditPage, KbListPage, KbNewPage } from './pages/KbPages';
import { LoginForm } from './pages/LoginPage';
import { MfaSetupPage } from './pages/MfaSetupPage';
import { PortalShell } from './pages/PortalPage';
import { ProblemPage, ProblemsPage } from './pages/ProblemPages';
import { SearchPage } from './pages/SearchPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { PatchPolicyPage } from './pages/PatchPolicyPage';
import { TicketPage } from './pages/TicketPage';
import { TicketsPage } from './pages/TicketsPage';

function LoginRoute() {
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (state.status === 'authenticated') return <Navigate to={isPortal(state.user.role) ? '/portal' : from ?? '/'} replace />;
  return (
    <div className="login-page">
      <LoginForm
        notice={state.status === 'anonymous' ? state.notice : undefined}
        onLogin={async (email, password, totp) => {
          const user = await login(email, password, totp);
          const target = isPortal(user.role) ? '/portal' : from && !from.startsWith('/portal') ? from : '/';
          navigate(target, { replace: true });
          return user;
        }}
      />
    </div>
  );
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Card>
        <Empty>There is nothing at this address.</Empty>
      </Card>
    </>
  );
}

export function App() {
  const { state } = useAuth();
  const location = useLocation();

  if (state.status === 'loading') return <Loading label="Starting Steward…" />;
  if (location.pathname === '/login') return <LoginRoute />;
  if (state.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (state.mfaSetupRequired) return <MfaSetupPage />;

  if (isPortal(state.user.role)) {
    return (
      <Routes>
        <Route path="/portal/*" element={<PortalShell />} />
        <Route path="*" element={<Navigate to="/portal" replace />} />
      </Routes>
    );
  }

  const editKb = canEditKb(state.user.role);
  const problems = sectionsFor(state.user.role).includes('problems');
  const billing = sectionsFor(state.user.role).includes('billing');
  const changes = sectionsFor(state.user.role).includes('changes');
  // Service managers read contracts, invoices and hours without the desk.
  const contracts = canReadContracts(state.user.role);
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<DashboardPage />} />
        <Route path="/customers" element={<CustomersPage />} />
        <Route path="/customers/:id" element={<CustomerPage />} />
        <Route path="/devices" element={<DevicesPage />} />
        <Route path="/devices/:id" element={<DevicePage />} />
        <Route path="/alerts" element={<AlertsPage />} />
        <Route path="/alerts/:id" element={<AlertPage />} />
        <Route path="/tickets" element={<TicketsPage />} />
        <Route path="/tickets/new" element={canOpenTickets(state.user.role) ? <NewTicketPage /> : <NotFound />} />
        <Route path="/tickets/:id" element={<TicketPage />} />
        <Route path="/kb" element={<KbListPage basePath="" canEdit={editKb} />} />
        <Route path="/kb/new" element={editKb ? <KbNewPage basePath="" /> : <NotFound />} />
        <Route path="/kb/:id" element={<KbArticlePage basePath="" canEdit={editKb} />} />
        <Route path="/kb/:id/edit" element={editKb ? <KbEditPage basePath="" /> : <NotFound />} />
        <Route path="/problems" element={problems ? <ProblemsPage /> : <NotFound />} />
        <Route path="/problems/:id" element={problems ? <ProblemPage /> : <NotFound />} />
        <Route path="/changes" element={changes ? <ChangesPage /> : <NotFound />} />
        <Route path="/changes/new" element={changes && canRequestChanges(state.user.role) ? <NewChangePage /> : <NotFound />} />
        <Route path="/changes/calendar" element={changes ? <ChangeCalendarPage /> : <NotFound />} />
        <Route path="/changes/:id" element={changes ? <ChangePage /> : <NotFound />} />
        <Route path="/patch-policy" element={sectionsFor(state.user.role).includes('patch_policy') ? <PatchPolicyPage /> : <NotFound />} />
        <Route path="/deployments/:id" element={canReadDeployments(state.user.role) ? <DeploymentPage /> : <NotFound />} />
        <Route path="/billing" element={billing ? <BillingPage /> : <NotFound />} />
        <Route path="/billing/invoices/:id" element={contracts ? <InvoicePage /> : <NotFound />} />
        <Route path="/billing/contracts" element={contracts ? <ContractsPage /> : <NotFound />} />
        <Route path="/billing/contracts/:id" element={contracts ? <ContractPage /> : <NotFound />} />
        <Route path="/billing/plans" element={billing ? <PlansPage /> : <NotFound />} />
        <Route path="/search" element={<SearchPage />} />
        <Route
          path="/audit"
          element={sectionsFor(state.user.role).includes('audit') ? <AuditPage /> : <NotFound />}
        />
        <Route path="/portal/*" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}
