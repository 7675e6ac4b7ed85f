// A change's patch deployments (issue 14 item 7), newest first: each one's
// status, who started it and when, and its devices by state, linking to its
// page; for an approved or scheduled change, owners and technicians open
// the "Deploy updates" form from here. Refreshes while one is in flight.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { Change } from '../api/changes';
import { useChangeDeployments } from '../api/deployments';
import { useUser } from '../auth/AuthContext';
import { canDeployUpdates } from '../auth/roles';
import { personName, refreshListWhileInFlight } from '../lib/deployments';
import { formatDateTime } from '../lib/format';
import { DeployForm } from './DeployForm';
import { DeploymentStatusBadge, StateCounts } from './DeploymentBits';
import { Card, Empty, ErrorBox, Loading } from './ui';

// The statuses a change's updates may go out in (deployment_service.cc).
const DEPLOYABLE = ['approved', 'scheduled'];

// The change is there (its page loaded): a 404 is the list, not the change.
function listError(error: unknown): unknown {
  return error instanceof ApiError && error.status === 404 ? new Error('Could not list this change’s deployments.') : error;
}

export function DeploymentsCard({ c }: { c: Change }) {
  const user = useUser();
  const deployments = useChangeDeployments(c.id, { refetchInterval: refreshListWhileInFlight });
  const canDeploy = canDeployUpdates(user.role) && DEPLOYABLE.includes(c.status);
  const [open, setOpen] = useState(false);
  const list = deployments.data ?? [];
  return (
    <Card
      title={deployments.data ? `Deployments (${list.length})` : 'Deployments'}
      id="change-deployments"
      className={open ? 'card-accent' : undefined}
      actions={
        canDeploy &&
        !open && (
          <button type="button" className="btn small primary" onClick={() => setOpen(true)}>
            Deploy updates…
          </button>
        )
      }
    >
      {open && canDeploy && (
        <>
          <h3 className="subhead deploy-form-title">Deploy updates</h3>
          <DeployForm c={c} onCancel={() => setOpen(false)} />
        </>
      )}
      {deployments.isLoading ? (
        <Loading />
      ) : deployments.error ? (
        <ErrorBox error={listError(deployments.error)} />
      ) : list.length === 0 ? (
        !open && (
          <Empty>
            {canDeploy ? 'No updates deployed yet: deploy the change’s updates to its devices.' : 'No updates deployed for this change.'}
          </Empty>
        )
      ) : (
        <div className="table-wrap">
          <table className="table deployments" aria-label="Deployments">
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">Status</th>
                <th scope="col">Devices</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id} data-deployment-id={d.id}>
                  <td>
                    <Link className="cell-title nowrap" to={`/deployments/${d.id}`}>
                      Deployment {d.id}
                    </Link>
                    <div className="muted small deploy-packages">{d.packages.join(', ')}</div>
                  </td>
                  <td>
                    <DeploymentStatusBadge status={d.status} />
                  </td>
                  <td>
                    <StateCounts targets={d.targets} />
                  </td>
                  <td className="small">
                    {personName(d.created_by_name, d.created_by)}
                    <div className="muted nowrap">{formatDateTime(d.created_at)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
