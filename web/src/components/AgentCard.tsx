// The device's agent: trust state, version, last contact, and for the roles
// that manage agents the approve / revoke actions and the remote-command
// switch. Revoking asks for a confirmation first: it cannot be undone.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useAgent, useAgentAction } from '../api/agents';
import type { Agent } from '../api/agents';
import { useUser } from '../auth/AuthContext';
import { canManageAgents } from '../auth/roles';
import { formatDateTime, humanize, relativeTime } from '../lib/format';
import { useNow } from '../lib/useNow';
import { Card, Empty, ErrorBox, Field, Loading } from './ui';

function agentTone(status: Agent['status']): string {
  return status === 'approved' ? 'good' : status === 'quarantined' ? 'warn' : 'bad';
}

function When({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <>never</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

export function AgentCard({ deviceId, customerId }: { deviceId: number; customerId: number }) {
  const user = useUser();
  const now = useNow();
  const agent = useAgent(deviceId, customerId);
  const action = useAgentAction(deviceId);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const manager = canManageAgents(user.role);

  async function run(a: Parameters<typeof action.mutateAsync>[0]) {
    setError(null);
    try {
      const result = await action.mutateAsync(a);
      setConfirming(false);
      // A re-enrolment approved as the device it claimed now is that device.
      if (result.device_id !== deviceId) navigate(`/devices/${result.device_id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The change was not saved.');
    }
  }

  let body;
  if (agent.isLoading) body = <Loading />;
  else if (agent.error) body = <ErrorBox error={agent.error} />;
  else if (!agent.data) body = <Empty>No agent is enrolled on this device.</Empty>;
  else {
    const a = agent.data;
    body = (
      <>
        <dl className="kv-list">
          <Field label="Status">
            <span className={`badge tone-${agentTone(a.status)}`}>{humanize(a.status)}</span>
          </Field>
          <Field label="Version">{a.agent_version}</Field>
          <Field label="Last contact">
            <When iso={a.last_seen_at ?? a.last_connected_at} now={now} />
          </Field>
          <Field label="Enrolled">{formatDateTime(a.enrolled_at)}</Field>
          {a.remote_ip ? <Field label="Address">{a.remote_ip}</Field> : null}
        </dl>
        {a.status === 'quarantined' && !a.claims_device_id && (
          <p className="notice agent-note">
            New agents wait in quarantine: nothing they send is accepted until someone approves them.
          </p>
        )}
        {a.status === 'quarantined' && a.claims_device_id ? (
          <p className="notice agent-note" role="note">
            This machine enrolled with the machine id of{' '}
            <Link to={`/devices/${a.claims_device_id}`}>device #{a.claims_device_id}</Link>. Approve it as that device only if the
            machine was reinstalled: the device&apos;s current agent is cut off. Otherwise revoke it.
          </p>
        ) : null}
        {a.status === 'revoked' && <p className="muted small">Revoked {formatDateTime(a.revoked_at)}: it can no longer connect.</p>}
        {manager && a.status !== 'revoked' && (
          <div className="agent-actions">
            <label className="switch-row">
              <input
                type="checkbox"
                role="switch"
                checked={a.commands_enabled}
                aria-checked={a.commands_enabled}
                disabled={a.status !== 'approved' || action.isPending}
                onChange={(e) => run({ kind: 'commands', enabled: e.target.checked })}
              />
              <span>Remote commands</span>
            </label>
            {a.status !== 'approved' && <p className="muted small">Approve the agent to allow remote commands.</p>}
            <div className="row-gap">
              {a.status === 'quarantined' && !a.claims_device_id && (
                <button type="button" className="btn primary small" disabled={action.isPending} onClick={() => run({ kind: 'approve' })}>
                  Approve
                </button>
              )}
              {a.status === 'quarantined' && a.claims_device_id ? (
                <>
                  <button type="button" className="btn primary small" disabled={action.isPending} onClick={() => run({ kind: 'approve' })}>
                    Approve as device #{a.claims_device_id}
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    disabled={action.isPending}
                    onClick={() => run({ kind: 'approve', asNewDevice: true })}
                  >
                    Approve as a new device
                  </button>
                </>
              ) : null}
              {!confirming ? (
                <button type="button" className="btn small" disabled={action.isPending} onClick={() => setConfirming(true)}>
                  Revoke…
                </button>
              ) : (
                <div className="confirm-box" role="group" aria-label="Confirm revocation">
                  <p>Revoke this agent? Its connection closes now, it can never reconnect, and pending commands are cancelled.</p>
                  <div className="row-gap">
                    <button type="button" className="btn small danger" disabled={action.isPending} onClick={() => run({ kind: 'revoke' })}>
                      Revoke agent
                    </button>
                    <button type="button" className="btn small" onClick={() => setConfirming(false)}>
                      Keep it
                    </button>
                  </div>
                </div>
              )}
            </div>
          </div>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </>
    );
  }
  return (
    <Card title="Agent" id="dev-agent">
      {body}
    </Card>
  );
}
