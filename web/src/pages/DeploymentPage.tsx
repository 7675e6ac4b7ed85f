// One patch deployment (issue 14 item 7): its change, status, reboot and
// missed-window policies and who started it; the second approval a large
// one waits for; and its devices with their states and package results.
// Refreshes every 10 s while it waits for approval or is sending.
import { Link, useParams } from 'react-router-dom';
import { useDeployment } from '../api/deployments';
import type { Deployment } from '../api/deployments';
import { DeploymentStatusBadge, StateCounts } from '../components/DeploymentBits';
import { DeploymentTargets } from '../components/DeploymentTargets';
import { SecondApprovalCard } from '../components/SecondApprovalCard';
import { Card, ErrorBox, Loading, PageHeader } from '../components/ui';
import { MISSED_WINDOW_LABEL, REBOOT_LABEL, isInFlight, personName, refreshWhileInFlight } from '../lib/deployments';
import { formatDateTime } from '../lib/format';

function Header({ d }: { d: Deployment }) {
  const ref = `RFC-${d.change_id}`;
  return (
    <PageHeader
      title={`Deployment ${d.id}`}
      subtitle={
        <>
          <span className="sub-line">
            <DeploymentStatusBadge status={d.status} /> · change{' '}
            <Link to={`/changes/${d.change_id}`} data-change-link>
              {ref}
            </Link>{' '}
            · {d.packages.join(', ')}
          </span>
          <span className="sub-line" data-policies>
            Reboot: {(REBOOT_LABEL[d.reboot] ?? d.reboot).toLowerCase()} · missed window:{' '}
            {(MISSED_WINDOW_LABEL[d.missed_window] ?? d.missed_window).toLowerCase()}
          </span>
          <span className="sub-line">
            Started by {personName(d.created_by_name, d.created_by)} {formatDateTime(d.created_at)} · updated {formatDateTime(d.updated_at)}
          </span>
        </>
      }
      actions={
        <Link className="btn ghost" to={`/changes/${d.change_id}`}>
          Back to {ref}
        </Link>
      }
    />
  );
}

function DeploymentView({ id }: { id: number }) {
  const q = useDeployment(id, { refetchInterval: refreshWhileInFlight });
  const d = q.data;
  if (q.isLoading) return <Loading />;
  if (q.error || !d) return <ErrorBox error={q.error} />;
  return (
    <>
      <Header d={d} />
      {d.status === 'awaiting_approval' && !d.second_approval && (
        <p className="notice page-notice">It waits for a second technician’s approval before anything goes out.</p>
      )}
      <SecondApprovalCard d={d} />
      <Card
        title={`Devices (${d.targets.length})`}
        id="deployment-targets"
        actions={
          <>
            <StateCounts targets={d.targets} />
            {isInFlight(d) && <span className="muted small">refreshes every 10 s</span>}
          </>
        }
      >
        <DeploymentTargets targets={d.targets} />
      </Card>
    </>
  );
}

export function DeploymentPage() {
  const { id } = useParams();
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) return <ErrorBox error={new Error('No such deployment.')} />;
  return <DeploymentView key={n} id={n} />;
}
