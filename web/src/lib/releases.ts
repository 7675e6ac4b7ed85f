// Releases in words (docs/patching.md "Releases: the test group first"):
// the labels and tones of their states, when the card refreshes, and why a
// change cannot be approved yet.
import { ApiError } from '../api/client';
import type { Release, ReleaseStatus } from '../api/releases';
import { isIdle } from './activity';
import type { Tone } from './changes';
import { fieldErrorText } from './changes';
import { formatDateTime, relativeTime } from './format';

export const RELEASE_REFRESH_MS = 30_000;
export const DEFAULT_SOAK_HOURS = 24;
export const MAX_SOAK_HOURS = 336;

const LABEL: Record<ReleaseStatus, string> = { testing: 'Testing', soaking: 'Soaking', passed: 'Passed', failed: 'Failed' };
const TONE: Record<ReleaseStatus, Tone> = { testing: 'info', soaking: 'warn', passed: 'good', failed: 'bad' };

export function releaseStatusLabel(s: string): string {
  return LABEL[s as ReleaseStatus] ?? s;
}

export function releaseStatusTone(s: string): Tone {
  return TONE[s as ReleaseStatus] ?? 'neutral';
}

// Testing or soaking: a new release waits for this one.
export function isRunning(r: Pick<Release, 'status'> | undefined): boolean {
  return !!r && (r.status === 'testing' || r.status === 'soaking');
}

export function refreshWhileRunning(list: Release[] | undefined): number | false {
  return isRunning(list?.[0]) && !isIdle() ? RELEASE_REFRESH_MS : false;
}

// The statuses in which a change's approval waits for its newest release.
const HELD_STATUSES = ['draft', 'submitted'];

// Why the change cannot be approved yet, from its newest release; null when
// it can (no release, or the newest passed) or the question is over.
export function releaseHold(changeStatus: string, newest: Release | undefined, now: number): string | null {
  if (!newest || !HELD_STATUSES.includes(changeStatus)) return null;
  const group = newest.test_group_name || `group ${newest.test_group_id}`;
  switch (newest.status) {
    case 'testing':
      return `The change cannot be approved yet: its release is still installing on the test group ${group}.`;
    case 'soaking':
      return newest.soak_ends_at
        ? `The change cannot be approved yet: its release is soaking on ${group} until ${formatDateTime(newest.soak_ends_at)} (${relativeTime(newest.soak_ends_at, now)}).`
        : `The change cannot be approved yet: its release is soaking on ${group}.`;
    case 'failed':
      return `The change cannot be approved yet: its newest release failed on ${group}${newest.reason ? ` (${newest.reason})` : ''}. Make a new release once it is fixed.`;
    default:
      return null;
  }
}

const FIELDS: Record<string, string> = {
  test_group_id: 'The test group',
  packages: 'Packages',
  soak_hours: 'Soak hours',
  change: 'The change',
};

// The server's refusal as a sentence: "The test group must be a device
// group of the change's customer".
export function releaseErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong.';
  if (error.status === 404) return 'Not found, or you do not have access to it.';
  const label = error.field ? FIELDS[error.field] : undefined;
  if (label && /^(is|are|must|lists|items|has|have|was|does|needs|names|holds)\b/.test(error.message)) return `${label} ${error.message}`;
  return fieldErrorText(null, error.message);
}
