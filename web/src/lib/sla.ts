// The live SLA countdown of a ticket: which target runs (the first
// response until it happened, then the resolution), how long is left, and
// its state: red once past due, amber within the hour, neutral while the
// clock is paused. `now` is a parameter so tests stay exact.
import type { Ticket } from '../api/types';
import { parseTime } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const AT_RISK_MS = HOUR;

export type CountdownState = 'ok' | 'at_risk' | 'breached' | 'paused' | 'met' | 'none' | 'closed';

export interface Countdown {
  state: CountdownState;
  // "Response", "Resolution" or null when no target runs.
  target: 'Response' | 'Resolution' | null;
  // "42 min 05 s" / "2 d 3 h" (the time left or overdue), '' without a target.
  clock: string;
  // The whole sentence, for screen readers and titles.
  label: string;
  due: string | null;
}

// Units spelled out so a countdown never reads as a time of day: "2 d 5 h",
// "17 h 41 min", and within the hour "42 min 05 s", ticking every second.
export function formatCountdown(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) {
    const d = Math.floor(abs / DAY);
    const h = Math.floor((abs % DAY) / HOUR);
    return h ? `${d} d ${h} h` : `${d} d`;
  }
  if (abs >= HOUR) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return `${h} h ${String(m).padStart(2, '0')} min`;
  }
  const m = Math.floor(abs / MINUTE);
  const s = Math.floor((abs % MINUTE) / SECOND);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

// The state of one due time at `now`.
export function dueState(dueIso: string | null | undefined, now: number): 'ok' | 'at_risk' | 'breached' | 'none' {
  const due = parseTime(dueIso);
  if (due === null) return 'none';
  const left = due - now;
  if (left <= 0) return 'breached';
  return left <= AT_RISK_MS ? 'at_risk' : 'ok';
}

export function countdownFor(dueIso: string | null | undefined, target: 'Response' | 'Resolution', now: number): Countdown {
  const due = parseTime(dueIso);
  if (due === null) return { state: 'none', target, clock: '', label: `No ${target.toLowerCase()} target`, due: null };
  const left = due - now;
  const clock = formatCountdown(left);
  const state = dueState(dueIso, now) as 'ok' | 'at_risk' | 'breached';
  return {
    state,
    target,
    clock,
    label: left <= 0 ? `${target} overdue by ${clock}` : `${target} due in ${clock}`,
    due: dueIso ?? null,
  };
}

type SlaFields = Pick<Ticket, 'status' | 'sla_paused' | 'first_response_at' | 'response_due' | 'resolution_due'> & {
  next_due?: string | null;
};

// The one countdown a queue row shows.
export function ticketCountdown(t: SlaFields, now: number): Countdown {
  if (t.status === 'closed') return { state: 'closed', target: null, clock: '', label: 'Closed', due: null };
  const target = t.first_response_at ? 'Resolution' : 'Response';
  const due = t.next_due !== undefined ? t.next_due : t.first_response_at ? t.resolution_due : t.response_due;
  if (t.sla_paused) {
    return { state: 'paused', target, clock: '', label: 'SLA paused: waiting on the customer', due: due ?? null };
  }
  if (!due) {
    return t.first_response_at
      ? { state: 'met', target: null, clock: '', label: 'Responded; no resolution target', due: null }
      : { state: 'none', target: null, clock: '', label: 'No SLA target', due: null };
  }
  return countdownFor(due, target, now);
}

// Queue filter "SLA at risk": running, and due within the hour or past due.
export function isAtRisk(t: SlaFields & { breached?: boolean }, now: number): boolean {
  const c = ticketCountdown(t, now);
  return c.state === 'at_risk' || c.state === 'breached';
}
