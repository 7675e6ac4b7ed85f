// Patch deployments in words: the labels and tones of their states, the
// count of devices by state, when a page keeps refreshing, the packages the
// deploy form offers, the names a person types and the server's refusals.
import { ApiError } from '../api/client';
import type {
  Deployment,
  DeploymentStatus,
  MissedWindowPolicy,
  PackageOutcome,
  RebootPolicy,
  Target,
  TargetState,
} from '../api/deployments';
import type { Tone } from './changes';
import { fieldErrorText } from './changes';
import { formatDateTime } from './format';
import { isIdle } from './activity';

// A deployment's page refreshes this often while it is in flight.
export const DEPLOYMENT_REFRESH_MS = 10_000;

// In the order a target lives them: the table's counts follow it.
export const TARGET_STATES: TargetState[] = ['waiting', 'sent', 'installed', 'partial', 'failed', 'held', 'skipped'];

const STATUS_LABEL: Record<DeploymentStatus, string> = {
  awaiting_approval: 'Awaiting approval',
  active: 'Active',
  done: 'Done',
  rejected: 'Rejected',
};

const STATUS_TONE: Record<DeploymentStatus, Tone> = {
  awaiting_approval: 'warn',
  active: 'info',
  done: 'good',
  rejected: 'bad',
};

const STATE_LABEL: Record<TargetState, string> = {
  waiting: 'Waiting',
  sent: 'Sent',
  installed: 'Installed',
  partial: 'Partial',
  failed: 'Failed',
  held: 'Held',
  skipped: 'Skipped',
};

const STATE_TONE: Record<TargetState, Tone> = {
  waiting: 'neutral',
  sent: 'info',
  installed: 'good',
  partial: 'warn',
  failed: 'bad',
  held: 'warn',
  skipped: 'neutral',
};

const OUTCOME_TONE: Record<PackageOutcome, Tone> = { installed: 'good', failed: 'bad', held: 'warn' };

export const REBOOT_LABEL: Record<RebootPolicy, string> = {
  never: 'Never',
  if_required: 'If a package requires it',
  always: 'Always',
};

export const MISSED_WINDOW_LABEL: Record<MissedWindowPolicy, string> = {
  next_window: 'Wait for the next window',
  when_online: 'Install once it is back online',
};

const cap = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ') : s);

export function deploymentStatusLabel(s: string): string {
  return STATUS_LABEL[s as DeploymentStatus] ?? cap(s);
}

export function deploymentStatusTone(s: string): Tone {
  return STATUS_TONE[s as DeploymentStatus] ?? 'neutral';
}

export function targetStateLabel(s: string): string {
  return STATE_LABEL[s as TargetState] ?? cap(s);
}

export function targetStateTone(s: string): Tone {
  return STATE_TONE[s as TargetState] ?? 'neutral';
}

export function outcomeTone(o: string): Tone {
  return OUTCOME_TONE[o as PackageOutcome] ?? 'neutral';
}

// Waiting for its second approval or still sending: worth refreshing.
export function isInFlight(d: Pick<Deployment, 'status'> | undefined): boolean {
  return !!d && (d.status === 'active' || d.status === 'awaiting_approval');
}

// A refetchInterval: every 10 s while in flight and the user is around.
export function refreshWhileInFlight(d: Deployment | undefined): number | false {
  return isInFlight(d) && !isIdle() ? DEPLOYMENT_REFRESH_MS : false;
}

export function refreshListWhileInFlight(list: Deployment[] | undefined): number | false {
  return (list ?? []).some(isInFlight) && !isIdle() ? DEPLOYMENT_REFRESH_MS : false;
}

// "2 installed · 1 failed · 3 waiting", in the order of TARGET_STATES.
export function stateCounts(targets: Pick<Target, 'state'>[]): Array<{ state: TargetState; count: number }> {
  const n = new Map<string, number>();
  for (const t of targets) n.set(t.state, (n.get(t.state) ?? 0) + 1);
  return TARGET_STATES.filter((s) => n.has(s)).map((s) => ({ state: s, count: n.get(s)! }));
}

// The reboot column: what the device is doing after its packages, as a
// short label with the times beside it.
export function rebootView(t: Pick<Target, 'reboot' | 'reboot_required'>): { label: string; detail: string; tone: Tone } {
  const r = t.reboot;
  switch (r?.state) {
    case 'rebooting':
      return { label: 'Rebooting', detail: `since ${formatDateTime(r.since)}${r.deadline ? `, due back by ${formatDateTime(r.deadline)}` : ''}`, tone: 'warn' };
    case 'back':
      return { label: 'Back', detail: r.since ? `since ${formatDateTime(r.since)}` : '', tone: 'good' };
    case 'overdue':
      return { label: 'Overdue', detail: r.deadline ? `not back by ${formatDateTime(r.deadline)}` : 'not back', tone: 'bad' };
    default:
      return t.reboot_required ? { label: 'Required', detail: '', tone: 'warn' } : { label: '—', detail: '', tone: 'neutral' };
  }
}

// Who started a deployment (or decided its second approval).
export function personName(name: string | null | undefined, id: number | null | undefined): string {
  return name || (id ? `user ${id}` : 'Steward');
}

// Names typed into a field: split on commas and white space, duplicates
// dropped, in the order typed.
export function parsePackageNames(text: string): string[] {
  const out: string[] = [];
  for (const name of text.split(/[\s,]+/)) {
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

export interface PendingPackage {
  name: string;
  // Of the change's devices, how many have it pending.
  devices: number;
}

// The change's devices' pending updates by package name, most widespread
// first, then by name.
export function pendingPackages(lists: Array<Array<{ package: string; status: string }> | undefined>): PendingPackage[] {
  const n = new Map<string, number>();
  for (const list of lists) {
    const names = new Set((list ?? []).filter((u) => u.status === 'pending').map((u) => u.package));
    for (const name of names) n.set(name, (n.get(name) ?? 0) + 1);
  }
  return [...n.entries()].map(([name, devices]) => ({ name, devices })).sort((a, b) => b.devices - a.devices || a.name.localeCompare(b.name));
}

// The pending packages the change's components name ("openssl, libssl3").
export function namedInComponents(components: string, pending: PendingPackage[]): string[] {
  const words = new Set(
    components
      .toLowerCase()
      .split(/[^a-z0-9+.\-]+/)
      .map((w) => w.replace(/\.+$/, ''))
      .filter(Boolean),
  );
  return pending.filter((p) => words.has(p.name.toLowerCase())).map((p) => p.name);
}

const FIELDS: Record<string, string> = {
  packages: 'Packages',
  device_ids: 'Devices',
  reboot: 'Reboot',
  missed_window: 'Missed window',
  change: 'The change',
  decision: 'Decision',
  comment: 'Comment',
};

// The server's refusal as a sentence: "Packages must name 1 to 200 packages".
export function deploymentErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong.';
  if (error.status === 404) return 'Not found, or you do not have access to it.';
  const field = error.field && FIELDS[error.field] ? error.field : null;
  const text = fieldErrorText(null, error.message);
  if (field && /^(is|are|must|lists|items|has|have|was|does|needs|names|holds)\b/.test(error.message)) {
    return `${FIELDS[field]} ${error.message}`;
  }
  return text;
}
