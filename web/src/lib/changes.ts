// Change management in words and back (SPEC §6, src/server/change/): status
// and type labels and tones, the verbs of the moves, the fields a draft
// still lacks, the new-change form's checks and request body, windows and
// the calendar's days, the vote tally and who may vote now. Pure: the
// server stays the judge (it sends allowed_moves and missing_for_submit),
// these only say it for people.
import type {
  Change,
  ChangeFieldsBody,
  ChangePatch,
  ChangeStatus,
  ChangeSummary,
  ChangeType,
  ChangeWatch,
  Freeze,
  NewChangeBody,
  Outcome,
  Rating,
} from '../api/changes';
import type { User } from '../api/types';
import { formatCents, parseDollars } from './format';

export const CHANGE_STATUSES: ChangeStatus[] = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'scheduled',
  'implemented',
  'closed',
];

export const CHANGE_TYPES: ChangeType[] = ['standard', 'normal', 'emergency'];
export const RATINGS: Rating[] = ['low', 'medium', 'high'];

const STATUS_LABELS: Record<ChangeStatus, string> = {
  draft: 'Draft',
  submitted: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  implemented: 'Implemented',
  closed: 'Closed',
};

export function changeStatusLabel(s: string): string {
  return STATUS_LABELS[s as ChangeStatus] ?? s;
}

export type Tone = 'bad' | 'warn' | 'good' | 'neutral' | 'info';

export function changeStatusTone(s: string): Tone {
  switch (s) {
    case 'submitted':
      return 'warn';
    case 'approved':
    case 'implemented':
      return 'good';
    case 'scheduled':
      return 'info';
    case 'rejected':
      return 'bad';
    default:
      return 'neutral';
  }
}

const TYPE_LABELS: Record<ChangeType, string> = {
  standard: 'Standard',
  normal: 'Normal',
  emergency: 'Emergency',
};

export function changeTypeLabel(t: string): string {
  return TYPE_LABELS[t as ChangeType] ?? t;
}

export const TYPE_HELP: Record<ChangeType, string> = {
  standard: 'Standard — pre-authorised',
  normal: 'Normal — reviewed by a quorum',
  emergency: 'Emergency — one approval, may break windows',
};

export function changeTypeTone(t: string): Tone {
  return t === 'emergency' ? 'bad' : t === 'standard' ? 'good' : 'neutral';
}

export function ratingTone(r: string | null | undefined): Tone {
  return r === 'high' ? 'bad' : r === 'medium' ? 'warn' : r === 'low' ? 'good' : 'neutral';
}

export function ratingLabel(r: string | null | undefined): string {
  if (!r) return '—';
  return r.charAt(0).toUpperCase() + r.slice(1);
}

const OUTCOME_LABELS: Record<Outcome, string> = {
  successful: 'Successful',
  failed: 'Failed',
  backed_out: 'Backed out',
  withdrawn: 'Withdrawn',
};

export function outcomeLabel(o: string | null | undefined): string {
  if (!o) return '—';
  return OUTCOME_LABELS[o as Outcome] ?? o;
}

export function outcomeTone(o: string | null | undefined): Tone {
  return o === 'successful' ? 'good' : o === 'failed' ? 'bad' : o === 'backed_out' ? 'warn' : 'neutral';
}

// The outcomes a close may name from `from`: how it went once it ran,
// withdrawn before that (change_lifecycle.cc CheckMove).
export function closeOutcomes(from: string): Outcome[] {
  return from === 'implemented' ? ['successful', 'failed', 'backed_out'] : ['withdrawn'];
}

// What a move needs before it is sent: a window (schedule), an outcome and
// a review (close), or nothing but an optional note.
export type MoveKind = 'schedule' | 'close' | 'plain';

export function moveKind(to: string): MoveKind {
  return to === 'scheduled' ? 'schedule' : to === 'closed' ? 'close' : 'plain';
}

// The button of a move: the verb, not the state.
export function moveLabel(from: string, to: string, type?: string): string {
  if (to === 'submitted') return type === 'standard' ? 'Submit (pre-approved)' : 'Submit for approval';
  if (to === 'draft') return 'Withdraw for rework';
  if (to === 'scheduled') return 'Schedule…';
  if (to === 'approved' && from === 'scheduled') return 'Unschedule';
  if (to === 'implemented') return 'Mark implemented';
  if (to === 'closed') return from === 'implemented' ? 'Close with review…' : 'Withdraw and close…';
  return changeStatusLabel(to);
}

// The order the page offers moves in: forward first, then back, closing last.
export function orderMoves(moves: string[]): string[] {
  const rank = (m: string) =>
    ({ submitted: 0, scheduled: 1, implemented: 2, approved: 3, draft: 4, closed: 5 })[m] ?? 9;
  return [...moves].sort((a, b) => rank(a) - rank(b));
}

export const FIELD_LABELS: Record<string, string> = {
  customer_id: 'Customer',
  title: 'Title',
  type: 'Type',
  ticket_id: 'Ticket',
  description: 'Description',
  reason: 'Reason',
  components: 'Components',
  ci_ids: 'Affected CIs',
  risk: 'Risk',
  impact: 'Impact',
  backout_plan: 'Back-out plan',
  test_plan: 'Test plan',
  cost_estimate_cents: 'Cost estimate',
  planned_start: 'Planned start',
  planned_end: 'Planned end',
  reviewer_ids: 'Reviewers',
  quorum: 'Quorum',
  customer_approval: 'Customer approval',
  outcome: 'Outcome',
  review: 'Review',
  status: 'Status',
  note: 'Note',
  decision: 'Decision',
  comment: 'Comment',
  name: 'Name',
  starts_at: 'Starts',
  ends_at: 'Ends',
  start: 'Start',
  end: 'End',
};

export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const s = field.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// The checklist before submitting: what each missing field asks for.
const MISSING_HELP: Record<string, string> = {
  description: 'Describe what will be done',
  reason: 'Give the reason (the issue or vulnerability addressed)',
  components: 'Name the components (software or services touched)',
  ci_ids: 'Pick the affected CIs',
  risk: 'Rate the risk',
  impact: 'Rate the impact',
  backout_plan: 'Write the back-out plan',
  test_plan: 'Write the test plan',
  cost_estimate_cents: 'Estimate the cost',
  planned_start: 'Plan the start',
  planned_end: 'Plan the end',
  reviewer_ids: 'Name enough reviewers for the quorum',
};

export function missingLabel(field: string): string {
  return MISSING_HELP[field] ?? fieldLabel(field);
}

// The server's messages name their field apart ("is required", field
// "title"): said under the field as "Title is required". A message that is
// a sentence of its own is shown as it is.
export function fieldErrorText(field: string | null | undefined, message: string): string {
  const text = readableTimes(message);
  if (field && /^(is|are|must|lists|items|has|have|was|does|needs|names|goes)\b/.test(text)) {
    return `${fieldLabel(field)} ${text}`;
  }
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function capitalize(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

export function conflictKindLabel(kind: string): string {
  return kind === 'overlap' ? 'Overlap' : kind === 'freeze' ? 'Freeze' : kind === 'outside_window' ? 'Outside window' : capitalize(kind);
}

// ---------- times ----------

const pad = (n: number) => String(n).padStart(2, '0');

// A datetime-local value ("2026-12-12T22:00", the browser's time) → the
// API's "2026-12-12T21:00:00Z"; null for anything else.
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return null;
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The API's time → a datetime-local value in the browser's time.
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

// A time rounded up to the next `minutes` (the start of a window open now).
export function roundUp(ms: number, minutes = 5): number {
  const step = minutes * 60_000;
  return Math.ceil(ms / step) * step;
}

function parts(iso: string, timeZone?: string) {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(iso))) p[x.type] = x.value;
  return { day: `${p.day} ${p.month} ${p.year}`, time: `${p.hour === '24' ? '00' : p.hour}:${p.minute}` };
}

// "12 Dec 2026, 22:00–23:30"; across midnight "12 Dec 2026, 22:00 – 13 Dec
// 2026, 02:00"; "Not planned" without both ends.
export function formatWindow(start: string | null | undefined, end: string | null | undefined, timeZone?: string): string {
  if (!start || !end || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) return 'Not planned';
  const a = parts(start, timeZone);
  const b = parts(end, timeZone);
  return a.day === b.day ? `${a.day}, ${a.time}–${b.time}` : `${a.day}, ${a.time} – ${b.day}, ${b.time}`;
}

// "2026-12-12": the calendar day of an instant in a time zone (the
// browser's by default).
export function dayKey(iso: string | number, timeZone?: string): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(iso));
}

// "2026-12-12" → "Saturday 12 December 2026" (built from parts: ICU
// versions differ on the comma after the weekday).
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function dayLabel(key: string): string {
  const [y, m, d] = key.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d, 12));
  return `${WEEKDAYS[t.getUTCDay()]} ${d} ${MONTHS[m - 1]} ${y}`;
}

// The browser's midnight of `now`'s day and `days` later, as API times.
export function calendarRange(now: number, days: number): { from: string; to: string } {
  const d = new Date(now);
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
  const iso = (t: Date) => t.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { from: iso(start), to: iso(end) };
}

export interface CalendarDay {
  key: string;
  label: string;
  changes: ChangeSummary[];
  // Freezes on the day: on the first day of the range they cover, and on
  // every covered day that has changes; `starts` when it begins that day.
  freezes: Array<{ freeze: Freeze; starts: boolean }>;
}

// The calendar as a list of days: each change on the day it starts (in
// order of start); each freeze on its first day in [from, to) and again on
// the days it covers that have changes (a fortnight's freeze is not
// repeated on fourteen empty days). Only days with something on them.
export function groupCalendar(
  changes: ChangeSummary[],
  freezes: Freeze[],
  from: string,
  to: string,
  timeZone?: string,
): CalendarDay[] {
  const days = new Map<string, CalendarDay>();
  const day = (key: string) => {
    let d = days.get(key);
    if (!d) {
      d = { key, label: dayLabel(key), changes: [], freezes: [] };
      days.set(key, d);
    }
    return d;
  };
  const lo = Date.parse(from);
  const hi = Date.parse(to);
  const sorted = changes
    .filter((c) => c.planned_start)
    .sort((a, b) => Date.parse(a.planned_start!) - Date.parse(b.planned_start!) || a.id - b.id);
  for (const c of sorted) {
    // A change that began before the range (and runs into it) shows on its first day in it.
    const at = Math.max(Date.parse(c.planned_start!), lo);
    day(dayKey(at, timeZone)).changes.push(c);
  }
  const busy = new Set(days.keys());
  for (const f of [...freezes].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))) {
    const start = Math.max(Date.parse(f.starts_at), lo);
    const end = Math.min(Date.parse(f.ends_at), hi);
    if (!(end > start)) continue;
    const first = dayKey(Date.parse(f.starts_at), timeZone);
    const covered: string[] = [];
    // Steps of six hours find every day, daylight saving or not.
    for (let t = start; t < end; t += 6 * 3600_000) covered.push(dayKey(t, timeZone));
    covered.push(dayKey(end - 1, timeZone));
    const keys = [...new Set(covered)];
    keys.forEach((k, i) => {
      if (i === 0 || busy.has(k)) day(k).freezes.push({ freeze: f, starts: k === first });
    });
  }
  return [...days.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// The server's messages name instants as "2026-12-13T06:00:00Z": said in
// the browser's time ("13 Dec 2026, 06:00").
export function readableTimes(message: string, timeZone?: string): string {
  return message.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/g, (iso) => {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return iso;
    const p = parts(iso, timeZone);
    return `${p.day}, ${p.time}`;
  });
}

// ---------- votes ----------

export type CustomerVote = 'not_asked' | 'pending' | 'approved' | 'rejected';

export interface Tally {
  approvals: number;
  quorum: number;
  rejected: boolean;
  customer: CustomerVote;
}

// Where the votes stand (change_lifecycle.cc Tally): one rejection
// rejects; an emergency change needs one approval.
export function tally(c: Pick<Change, 'approvals' | 'quorum' | 'type' | 'customer_approval'>): Tally {
  const reviewers = c.approvals.filter((a) => a.role === 'reviewer');
  const customer = c.approvals.find((a) => a.role === 'customer');
  return {
    approvals: reviewers.filter((a) => a.decision === 'approve').length,
    quorum: c.type === 'emergency' ? 1 : c.quorum,
    rejected: c.approvals.some((a) => a.decision === 'reject'),
    customer: !c.customer_approval
      ? 'not_asked'
      : !customer
        ? 'pending'
        : customer.decision === 'approve'
          ? 'approved'
          : 'rejected',
  };
}

// Roles that vote on any change besides its named reviewers (CheckVote's
// change authority).
export function isChangeAuthority(role: string): boolean {
  return role === 'owner' || role === 'change_manager';
}

// Whether `user` may vote on `c` now, and if not, why (shown instead of the
// form). The server decides again.
export function voteState(
  c: Pick<Change, 'status' | 'approvals' | 'reviewers' | 'requested_by' | 'customer_approval'>,
  user: Pick<User, 'id' | 'role'>,
): { canVote: boolean; reason: string | null } {
  // A decision already given is said, whatever the change's state now.
  if (user.role === 'portal') {
    const done = c.approvals.find((a) => a.role === 'customer');
    if (done) {
      return { canVote: false, reason: `Your organisation has ${done.decision === 'approve' ? 'approved' : 'rejected'} this change.` };
    }
    return { canVote: c.status === 'submitted' && c.customer_approval, reason: null };
  }
  const mine = c.approvals.find((a) => a.role === 'reviewer' && a.user_id === user.id);
  if (mine) return { canVote: false, reason: `You ${mine.decision === 'approve' ? 'approved' : 'rejected'} this change.` };
  if (c.status !== 'submitted') return { canVote: false, reason: null };
  if (c.requested_by?.id === user.id) return { canVote: false, reason: 'You requested this change: others review it.' };
  const named = c.reviewers.some((r) => r.user_id === user.id);
  if (!named && !isChangeAuthority(user.role)) return { canVote: false, reason: 'Only the reviewers or a change manager vote.' };
  return { canVote: true, reason: null };
}

// ---------- the form ----------

export interface ChangeDraft {
  customer_id: string;
  title: string;
  type: ChangeType;
  ticket_id: string;
  description: string;
  reason: string;
  components: string;
  risk: '' | Rating;
  impact: '' | Rating;
  backout_plan: string;
  test_plan: string;
  cost: string; // dollars as typed
  ci_ids: number[];
  reviewer_ids: number[];
  quorum: string;
  customer_approval: boolean;
  planned_start: string; // datetime-local, the browser's time
  planned_end: string;
}

export type ChangeDraftErrors = Partial<Record<keyof ChangeDraft, string>>;

export const EMPTY_DRAFT: ChangeDraft = {
  customer_id: '',
  title: '',
  type: 'normal',
  ticket_id: '',
  description: '',
  reason: '',
  components: '',
  risk: '',
  impact: '',
  backout_plan: '',
  test_plan: '',
  cost: '',
  ci_ids: [],
  reviewer_ids: [],
  quorum: '1',
  customer_approval: false,
  planned_start: '',
  planned_end: '',
};

// The API's field for a draft's key (to put a server error under it).
export function draftKeyOf(field: string): keyof ChangeDraft | null {
  if (field === 'cost_estimate_cents') return 'cost';
  return field in EMPTY_DRAFT ? (field as keyof ChangeDraft) : null;
}

export function draftFromChange(c: Change): ChangeDraft {
  return {
    customer_id: String(c.customer_id),
    title: c.title,
    type: c.type,
    ticket_id: c.ticket_id ? String(c.ticket_id) : '',
    description: c.description ?? '',
    reason: c.reason ?? '',
    components: c.components ?? '',
    risk: c.risk ?? '',
    impact: c.impact ?? '',
    backout_plan: c.backout_plan ?? '',
    test_plan: c.test_plan ?? '',
    cost: c.cost_estimate_cents == null ? '' : formatCents(c.cost_estimate_cents).replace(/[$,]/g, ''),
    ci_ids: c.cis.map((x) => x.id),
    reviewer_ids: c.reviewers.map((r) => r.user_id),
    quorum: String(c.quorum),
    customer_approval: c.customer_approval,
    planned_start: isoToLocalInput(c.planned_start),
    planned_end: isoToLocalInput(c.planned_end),
  };
}

// "#12", "T-12", "12" → 12; null when blank; NaN when not a ticket number.
export function parseTicketRef(s: string): number | null {
  const t = s.trim();
  if (!t) return null;
  const m = /^(?:#|T-?)?(\d{1,12})$/i.exec(t);
  return m && Number(m[1]) > 0 ? Number(m[1]) : NaN;
}

const MAX_WINDOW_MS = 14 * 24 * 3600_000;

// Client-side checks, mirroring the server's (CheckFields); the server
// judges again. A draft may be incomplete: only what is wrong is refused.
export function validateChangeDraft(d: ChangeDraft, mode: 'create' | 'edit'): ChangeDraftErrors {
  const e: ChangeDraftErrors = {};
  if (mode === 'create' && !d.customer_id) e.customer_id = 'Choose the customer.';
  if (!d.title.trim()) e.title = 'Give the change a short title.';
  else if (d.title.trim().length > 200) e.title = 'Keep the title under 200 characters.';
  if (mode === 'create' && Number.isNaN(parseTicketRef(d.ticket_id))) e.ticket_id = 'Enter a ticket number, e.g. 12.';
  if (d.components.length > 2000) e.components = 'Keep the components under 2000 characters.';
  if (d.cost.trim()) {
    const cents = parseDollars(d.cost);
    if (cents === null) e.cost = 'Enter an amount, e.g. 250 or 1,200.50.';
    else if (cents < 0) e.cost = 'The cost cannot be negative.';
  }
  const q = Number(d.quorum);
  if (!/^\d+$/.test(d.quorum.trim()) || q < 1 || q > 10) e.quorum = 'The quorum is 1 to 10 approvals.';
  const start = d.planned_start ? localInputToIso(d.planned_start) : null;
  const end = d.planned_end ? localInputToIso(d.planned_end) : null;
  if (d.planned_start && !start) e.planned_start = 'Enter a date and time.';
  if (d.planned_end && !end) e.planned_end = 'Enter a date and time.';
  if (start && end) {
    const ms = Date.parse(end) - Date.parse(start);
    if (ms <= 0) e.planned_end = 'The end must be after the start.';
    else if (ms > MAX_WINDOW_MS) e.planned_end = 'A change window is at most 14 days.';
  }
  return e;
}

function fieldsBody(d: ChangeDraft): Required<Omit<ChangeFieldsBody, 'title' | 'type'>> {
  const cents = d.cost.trim() ? parseDollars(d.cost) : null;
  return {
    description: d.description.trim(),
    reason: d.reason.trim(),
    components: d.components.trim(),
    risk: d.risk || null,
    impact: d.impact || null,
    backout_plan: d.backout_plan.trim(),
    test_plan: d.test_plan.trim(),
    cost_estimate_cents: cents,
    ci_ids: d.ci_ids,
    reviewer_ids: d.reviewer_ids,
    quorum: Number(d.quorum),
    customer_approval: d.customer_approval,
    planned_start: d.planned_start ? localInputToIso(d.planned_start) : null,
    planned_end: d.planned_end ? localInputToIso(d.planned_end) : null,
  };
}

// The POST body: what was filled in (blanks left out).
export function newChangeBody(d: ChangeDraft): NewChangeBody {
  const f = fieldsBody(d);
  const body: NewChangeBody = { customer_id: Number(d.customer_id), title: d.title.trim(), type: d.type };
  const ticket = parseTicketRef(d.ticket_id);
  if (ticket) body.ticket_id = ticket;
  for (const [k, v] of Object.entries(f)) {
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    (body as unknown as Record<string, unknown>)[k] = v;
  }
  return body;
}

// The PATCH of a draft: every field that differs from the change (a
// cleared field is sent empty or null, so it is cleared).
export function draftPatch(d: ChangeDraft, c: Change): ChangePatch {
  const now = fieldsBody(d);
  const before = fieldsBody(draftFromChange(c));
  const patch: ChangePatch = {};
  if (d.title.trim() !== c.title) patch.title = d.title.trim();
  if (d.type !== c.type) patch.type = d.type;
  for (const k of Object.keys(now) as Array<keyof typeof now>) {
    if (JSON.stringify(now[k]) !== JSON.stringify(before[k])) (patch as Record<string, unknown>)[k] = now[k];
  }
  return patch;
}

// The portal's list: changes waiting for the customer's decision first.
export function awaitsCustomer(c: Pick<Change, 'status' | 'customer_approval' | 'approvals'>): boolean {
  return c.status === 'submitted' && c.customer_approval && !c.approvals.some((a) => a.role === 'customer');
}

// The watch after a change in one line: where it stands and what it has seen
// against what the CIs' last 28 days predict.
export function watchHeadline(w: ChangeWatch): { text: string; tone: Tone } {
  const seen = `${w.observed_incidents} incident${w.observed_incidents === 1 ? '' : 's'}`;
  const expected = `${w.expected_incidents.toFixed(1)} expected from the last 28 days`;
  switch (w.state) {
    case 'spike':
      return { text: `Spike: ${seen} on its CIs (${expected}; ${w.spike_threshold} is a spike)`, tone: 'bad' };
    case 'quiet':
      return { text: `Quiet: ${seen} in the 72 hours after it (${expected})`, tone: 'good' };
    default:
      return { text: `Watching: ${seen} so far (${expected}; ${w.spike_threshold} would be a spike)`, tone: 'info' };
  }
}
