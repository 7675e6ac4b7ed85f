// A large deployment's second approval (SECURITY.md rule 3): why it needs
// one, the decision so far, and for a pending one the Approve / Reject form
// of owners and technicians. The server refuses (403) the technician who
// started the deployment; its message shows under the form.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useDecideDeployment } from '../api/deployments';
import type { Deployment, SecondApproval } from '../api/deployments';
import { useUser } from '../auth/AuthContext';
import { canDeployUpdates } from '../auth/roles';
import { deploymentErrorText, personName } from '../lib/deployments';
import { formatDateTime } from '../lib/format';
import { Card } from './ui';

function DecisionBadge({ decision }: { decision: SecondApproval['decision'] }) {
  const [tone, label] =
    decision === 'approved' ? ['good', 'Approved'] : decision === 'rejected' ? ['bad', 'Rejected'] : ['warn', 'Waiting for a second technician'];
  return (
    <span className={`badge tone-${tone}`} data-second-approval={decision}>
      {label}
    </span>
  );
}

function DecisionForm({ deploymentId }: { deploymentId: number }) {
  const decide = useDecideDeployment(deploymentId);
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState(false);
  async function send(decision: 'approve' | 'reject', e?: FormEvent) {
    e?.preventDefault();
    // A rejection says why, so the technician who started it can rework it.
    if (decision === 'reject' && !comment.trim()) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    try {
      await decide.mutateAsync({ decision, comment: comment.trim() });
      setComment('');
    } catch {
      // shown below
    }
  }
  return (
    <form onSubmit={(e) => void send('approve', e)} noValidate aria-label="Second approval decision" className="stack vote-form">
      <div className="field">
        <label htmlFor="second-approval-comment">Comment (required to reject)</label>
        <textarea
          id="second-approval-comment"
          rows={2}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'second-approval-error' : undefined}
        />
        {invalid && (
          <span className="field-error" id="second-approval-error">
            Say why you reject it.
          </span>
        )}
      </div>
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={decide.isPending}>
          Approve
        </button>
        <button type="button" className="btn danger" disabled={decide.isPending} onClick={() => void send('reject')}>
          Reject
        </button>
      </div>
      {decide.error != null && (
        <p className="form-error" role="alert">
          Could not record your decision: {deploymentErrorText(decide.error)}
        </p>
      )}
    </form>
  );
}

export function SecondApprovalCard({ d }: { d: Deployment }) {
  const user = useUser();
  const a = d.second_approval;
  if (!a) return null;
  const pending = a.decision === 'pending';
  return (
    <Card title="Second approval" id="deployment-approval" className={pending ? 'card-accent' : undefined}>
      <p>
        <DecisionBadge decision={a.decision} />
      </p>
      <p className="small" data-approval-reason>
        <strong>Why:</strong> {a.reason}
      </p>
      {!pending && (
        <p className="small">
          {a.decision === 'approved' ? 'Approved' : 'Rejected'} by {personName(a.decided_by_name, a.decided_by)}
          {a.decided_at && <span className="muted"> · {formatDateTime(a.decided_at)}</span>}
          {a.comment && <> — {a.comment}</>}
        </p>
      )}
      {pending &&
        (canDeployUpdates(user.role) ? (
          <DecisionForm deploymentId={d.id} />
        ) : (
          <p className="muted small">An owner or a technician other than the one who started it decides.</p>
        ))}
      {!pending && a.decision === 'approved' && d.status !== 'rejected' && (
        <p className="muted small">The updates go out in each device’s change window.</p>
      )}
      {a.decision === 'rejected' && <p className="muted small">Nothing goes out: start a new deployment to try again.</p>}
    </Card>
  );
}
