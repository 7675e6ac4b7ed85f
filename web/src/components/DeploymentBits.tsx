// Small pieces the deployment screens share: the badges of a deployment,
// a device's state and a package's outcome, and the count of devices by
// state.
import type { Target } from '../api/deployments';
import {
  deploymentStatusLabel,
  deploymentStatusTone,
  outcomeTone,
  stateCounts,
  targetStateLabel,
  targetStateTone,
} from '../lib/deployments';
import { humanize } from '../lib/format';

export function DeploymentStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge tone-${deploymentStatusTone(status)}`} data-deployment-status={status}>
      {deploymentStatusLabel(status)}
    </span>
  );
}

export function TargetStateBadge({ state }: { state: string }) {
  return (
    <span className={`badge tone-${targetStateTone(state)}`} data-target-state={state}>
      {targetStateLabel(state)}
    </span>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span className={`badge tone-${outcomeTone(outcome)}`} data-outcome={outcome}>
      {humanize(outcome)}
    </span>
  );
}

// "2 installed · 1 waiting" as small badges, labelled for screen readers.
export function StateCounts({ targets }: { targets: Pick<Target, 'state'>[] }) {
  const counts = stateCounts(targets);
  if (counts.length === 0) return <span className="muted small">No devices</span>;
  const text = counts.map((c) => `${c.count} ${targetStateLabel(c.state).toLowerCase()}`).join(', ');
  return (
    <span className="state-counts" aria-label={`Devices: ${text}`} title={text}>
      {counts.map((c) => (
        <span key={c.state} className={`badge tone-${targetStateTone(c.state)}`} data-count-state={c.state}>
          {c.count} {targetStateLabel(c.state).toLowerCase()}
        </span>
      ))}
    </span>
  );
}
