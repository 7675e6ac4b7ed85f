// Remote commands on a device: run a library script or a one-off command
// (owners and technicians), watch its output stream in, and browse the
// device's earlier runs. Agent output is untrusted: it is only ever put in
// the page as text (React escapes it), never as HTML.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { useCommand, useDeviceCommands, useRunCommand, useScripts } from '../api/agents';
import type { Agent, CommandRun, Script } from '../api/agents';
import { useStaff } from '../api/tickets';
import { useUser } from '../auth/AuthContext';
import { canManageAgents, canRunCommands } from '../auth/roles';
import { commandStatusLabel, commandTitle, commandTone, isFinalStatus, refusalText } from '../lib/commands';
import { formatDateTime, relativeTime } from '../lib/format';
import { useNow } from '../lib/useNow';
import { Card, Empty, ErrorBox, Loading } from './ui';

const MAX_TIMEOUT = 3600; // proto::kMaxTimeoutSeconds

export function CommandStatusBadge({ run }: { run: Pick<CommandRun, 'status' | 'exit_code'> }) {
  return (
    <span className={`badge tone-${commandTone(run.status, run.exit_code)}`} data-status={run.status}>
      {commandStatusLabel(run.status)}
    </span>
  );
}

// An exit code means something only for a command that ran.
function hasExitCode(r: Pick<CommandRun, 'status' | 'exit_code'>): boolean {
  return r.exit_code !== null && ['completed', 'failed', 'timed_out'].includes(r.status);
}

// Why a run cannot start, and how to change that; null when it can.
export function blockedReason(agent: Agent | undefined, canManage: boolean): string | null {
  if (!agent) return null;
  if (agent.status === 'revoked') return 'This agent is revoked: enrol the device again to run commands on it.';
  if (agent.status === 'quarantined')
    return canManage
      ? 'The agent is in quarantine: approve it in the Agent card, then turn on Remote commands.'
      : 'The agent is in quarantine: an owner, service manager or technician must approve it first.';
  if (!agent.commands_enabled)
    return canManage
      ? 'Remote commands are off for this device: turn on the Remote commands switch in the Agent card.'
      : 'Remote commands are off for this device: an owner, service manager or technician can turn them on.';
  return null;
}

function Output({ label, text, tone }: { label: string; text: string; tone?: 'err' }) {
  const ref = useRef<HTMLPreElement>(null);
  // Follow the tail while output streams in, unless the reader scrolled up.
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [text]);
  return (
    <div className="cmd-stream">
      <div className="cmd-stream-label">{label}</div>
      <pre
        ref={ref}
        className={`cmd-output${tone === 'err' ? ' cmd-stderr' : ''}`}
        tabIndex={0}
        aria-label={label}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {text}
      </pre>
    </div>
  );
}

// One run with its output, polled every second until it finishes.
export function RunDetail({ id, deviceId }: { id: number; deviceId: number }) {
  const qc = useQueryClient();
  const run = useCommand(id);
  const status = run.data?.status;
  const exitCode = run.data?.exit_code ?? null;
  // Keep the history row's badge in step with what the poll sees.
  useEffect(() => {
    if (!status) return;
    qc.setQueryData<{ commands: CommandRun[] }>(['commands', 'device', deviceId], (old) =>
      old
        ? {
            commands: old.commands.map((c) =>
              c.id === id && (c.status !== status || c.exit_code !== exitCode) ? { ...c, status, exit_code: exitCode } : c,
            ),
          }
        : old,
    );
  }, [qc, deviceId, id, status, exitCode]);

  if (run.isLoading) return <Loading label="Loading output…" />;
  if (run.error || !run.data) return <ErrorBox error={run.error} />;
  const r = run.data;
  const live = !isFinalStatus(r.status);
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  return (
    <div className="cmd-detail">
      <div className="row-gap cmd-facts">
        <CommandStatusBadge run={r} />
        {hasExitCode(r) && <span className="muted small">exit code {r.exit_code}</span>}
        <span className="muted small">timeout {r.timeout_seconds} s</span>
        {r.completed_at && <span className="muted small">finished {formatDateTime(r.completed_at)}</span>}
        {live && (
          <span className="muted small" role="status">
            {r.status === 'running'
              ? 'Running — output updates every second.'
              : `Waiting for the agent to ${r.status === 'pending' ? 'connect' : 'start it'} (expires ${formatDateTime(r.expires_at)}).`}
          </span>
        )}
      </div>
      {r.status === 'refused' && (
        <p className="cmd-refusal" role="note">
          <strong>The agent refused to run it.</strong>
          <br />
          {refusalText(r.refusal)}
        </p>
      )}
      {r.status === 'expired' && <p className="cmd-refusal">Expired: the agent did not pick it up before {formatDateTime(r.expires_at)}.</p>}
      <details className="cmd-script">
        <summary>Command</summary>
        <pre className="cmd-output" tabIndex={0} aria-label="Command text">
          {r.script}
          {r.args.length > 0 ? `\n# args: ${r.args.join(' ')}` : ''}
        </pre>
      </details>
      {stdout || !stderr ? <Output label="Output" text={stdout || (live ? '' : '(no output)')} /> : null}
      {stderr && <Output label="Errors (stderr)" text={stderr} tone="err" />}
    </div>
  );
}

function RunForm({
  deviceId,
  scripts,
  blocked,
  onStarted,
}: {
  deviceId: number;
  scripts: Script[];
  blocked: string | null;
  onStarted: (id: number) => void;
}) {
  const start = useRunCommand(deviceId);
  const [scriptId, setScriptId] = useState('');
  const [text, setText] = useState('');
  const [timeout, setTimeoutSeconds] = useState(60);
  const [args, setArgs] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = scripts.find((s) => String(s.id) === scriptId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!chosen && !text.trim()) {
      setError('Choose a script or type a command.');
      return;
    }
    // Arguments are split on white space: each becomes one "$1", "$2"…
    const argList = chosen ? args.split(/\s+/).filter(Boolean) : [];
    try {
      const run = await start.mutateAsync({
        ...(chosen ? { script_id: chosen.id } : { script: text }),
        ...(argList.length > 0 ? { args: argList } : {}),
        timeout_seconds: timeout,
      });
      if (!chosen) setText('');
      onStarted(run.id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setError(`Not started: ${err.message}. Approve the agent and turn on Remote commands in the Agent card, then run it again.`);
      } else {
        setError(err instanceof ApiError ? `${err.message}${err.field ? ` (${err.field})` : ''}` : 'The command was not started.');
      }
    }
  }

  return (
    <form className="cmd-form" onSubmit={submit} aria-label="Run a command">
      <div className="filters">
        <label className="grow">
          <span>Script</span>
          <select value={scriptId} onChange={(e) => setScriptId(e.target.value)}>
            <option value="">One-off command…</option>
            {scripts.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Timeout (seconds)</span>
          <input
            type="number"
            className="narrow"
            min={1}
            max={MAX_TIMEOUT}
            value={timeout}
            onChange={(e) => setTimeoutSeconds(Math.min(MAX_TIMEOUT, Math.max(1, Number(e.target.value) || 1)))}
          />
        </label>
        <button className="btn primary" type="submit" disabled={start.isPending || blocked !== null}>
          {start.isPending ? 'Starting…' : 'Run'}
        </button>
      </div>
      {chosen ? (
        <div className="cmd-preview">
          {chosen.description && <p className="muted small">{chosen.description}</p>}
          <pre className="cmd-output" tabIndex={0} aria-label={`Script ${chosen.name}`}>
            {chosen.body}
          </pre>
          <div className="field cmd-args">
            <label htmlFor={`cmd-args-${deviceId}`}>Arguments</label>
            <input
              id={`cmd-args-${deviceId}`}
              aria-describedby={`cmd-args-help-${deviceId}`}
              value={args}
              onChange={(e) => setArgs(e.target.value)}
              spellCheck={false}
              placeholder="optional"
            />
            <small id={`cmd-args-help-${deviceId}`}>Separated by spaces; passed to the script as $1, $2…</small>
          </div>
        </div>
      ) : (
        <div className="field cmd-text">
          <label htmlFor={`cmd-text-${deviceId}`}>Command</label>
          <textarea
            id={`cmd-text-${deviceId}`}
            aria-describedby={`cmd-text-help-${deviceId}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={3}
            spellCheck={false}
            placeholder="e.g. uptime"
            maxLength={64 * 1024}
          />
          <small id={`cmd-text-help-${deviceId}`}>Runs with sh on the device, signed for this device only.</small>
        </div>
      )}
      {blocked && <p className="notice">{blocked}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function CommandPanel({ deviceId, agent }: { deviceId: number; agent: Agent | undefined }) {
  const user = useUser();
  const now = useNow();
  const runner = canRunCommands(user.role);
  const manager = canManageAgents(user.role);
  const scripts = useScripts(manager);
  const runs = useDeviceCommands(deviceId, manager);
  const staff = useStaff(manager);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const blocked = blockedReason(agent, manager);

  const toggle = (id: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  // Demo data and jobs act as the system (no user: null or 0).
  const who = (id: number | null) =>
    !id ? 'system' : (staff.data?.find((s) => s.id === id)?.name ?? `user #${id}`);

  return (
    <Card title="Remote commands" id="dev-commands">
      {runner ? (
        <RunForm
          deviceId={deviceId}
          scripts={scripts.data ?? []}
          blocked={blocked}
          onStarted={(id) => setOpen((s) => new Set(s).add(id))}
        />
      ) : (
        <p className="muted small">Only owners and technicians can run commands; you can read the history.</p>
      )}
      <h3 className="cmd-history-title">History</h3>
      {runs.isLoading ? (
        <Loading />
      ) : runs.error ? (
        <ErrorBox error={runs.error} />
      ) : (runs.data ?? []).length === 0 ? (
        <Empty>No commands have run on this device.</Empty>
      ) : (
        <ul className="cmd-runs">
          {runs.data!.map((r) => {
            const expanded = open.has(r.id);
            return (
              <li key={r.id} data-command-id={r.id}>
                <button
                  type="button"
                  className="cmd-run-head"
                  aria-expanded={expanded}
                  aria-controls={`cmd-run-${r.id}`}
                  onClick={() => toggle(r.id)}
                >
                  <span className="cmd-caret" aria-hidden="true">
                    {expanded ? '▾' : '▸'}
                  </span>
                  <span className="cmd-run-title">{commandTitle(r, scripts.data)}</span>
                  <span className="muted small">
                    {who(r.requested_by)} ·{' '}
                    <time dateTime={r.created_at} title={formatDateTime(r.created_at)}>
                      {relativeTime(r.created_at, now)}
                    </time>
                  </span>
                  <span className="cmd-run-status">
                    <CommandStatusBadge run={r} />
                    {hasExitCode(r) && <span className="muted small"> exit {r.exit_code}</span>}
                  </span>
                </button>
                {expanded && (
                  <div id={`cmd-run-${r.id}`}>
                    <RunDetail id={r.id} deviceId={deviceId} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
