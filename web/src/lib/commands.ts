// Remote command runs: which statuses are final, how they read, and the
// polling rule. Statuses are the server's (src/server/agentlink).
import { humanize } from './format';

// Until one of these, the run may still change (and stream output).
const LIVE = new Set(['pending', 'delivered', 'running']);

export const POLL_MS = 1000;

export function isFinalStatus(status: string | undefined): boolean {
  return status !== undefined && !LIVE.has(status);
}

// refetchInterval for GET /api/v1/commands/{id}: every second while the
// run is queued, sent or running; stop once it has finished or the read
// failed (a 404 will not heal by polling).
export function commandPollInterval(run: { status: string } | undefined, error: unknown): number | false {
  if (error) return false;
  if (!run) return POLL_MS;
  return isFinalStatus(run.status) ? false : POLL_MS;
}

export function commandStatusLabel(status: string): string {
  switch (status) {
    case 'pending':
      return 'Queued';
    case 'delivered':
      return 'Sent';
    case 'completed':
      return 'Completed';
    case 'timed_out':
      return 'Timed out';
    default:
      return humanize(status);
  }
}

export function commandTone(status: string, exitCode: number | null): 'good' | 'warn' | 'bad' | 'neutral' {
  if (status === 'completed') return exitCode === null || exitCode === 0 ? 'good' : 'bad';
  if (LIVE.has(status)) return 'warn';
  if (status === 'cancelled') return 'neutral';
  return 'bad';
}

// Why the agent refused a command, in words; the code is shown as well.
const REFUSALS: Record<string, string> = {
  unsigned: 'it carried no signature',
  bad_signature: 'the signature did not verify',
  malformed: 'the command was malformed',
  wrong_device: 'it was signed for another device',
  wrong_tenant: 'it was signed for another customer',
  not_yet_valid: 'it is not valid yet (check the clocks)',
  expired: 'it arrived after its expiry',
  replayed: 'it was already run (replay)',
  commands_disabled: 'remote commands are off in the agent’s configuration',
};

export function refusalText(refusal: string | null): string {
  if (!refusal) return 'refused';
  const why = REFUSALS[refusal];
  return why ? `refused: ${refusal} — ${why}` : `refused: ${refusal}`;
}

// A name for the history: the library script's, else the command's first line.
export function commandTitle(
  run: { script_id: number | null; script: string },
  scripts: Array<{ id: number; name: string }> | undefined,
): string {
  if (run.script_id !== null) {
    const s = scripts?.find((x) => x.id === run.script_id);
    if (s) return s.name;
  }
  const first = run.script.split('\n')[0].trim();
  return first.length > 60 ? `${first.slice(0, 59)}…` : first || `script #${run.script_id ?? '?'}`;
}
