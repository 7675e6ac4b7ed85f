// A contract's SLA terms between the API's form ({"minutes": n} of working
// time, {"business_days": n}, or null per target) and the editor's rows
// (a kind and a number as typed), and the plain words the contract page
// shows: "3 h", "end of 2nd business day", "best effort".
import type { SlaTarget, SlaTerms } from '../api/billing';

export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type SlaPriority = (typeof PRIORITIES)[number];

export type TargetKind = 'none' | 'hours' | 'business_days';
export interface TargetRow {
  kind: TargetKind;
  value: string; // hours (decimals allowed) or whole business days, as typed
}
export interface SlaRows {
  targets: Record<SlaPriority, { response: TargetRow; resolution: TargetRow }>;
  escalation: Array<{ percent: string; notify_role: string }>;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

export function describeTarget(t: SlaTarget | undefined): string {
  if (!t) return 'best effort';
  if ('minutes' in t) {
    const h = Math.floor(t.minutes / 60);
    const m = t.minutes % 60;
    if (!h) return `${m} min`;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return t.business_days === 1 ? 'end of next business day' : `end of ${ordinal(t.business_days)} business day`;
}

function rowOf(t: SlaTarget | undefined): TargetRow {
  if (!t) return { kind: 'none', value: '' };
  if ('minutes' in t) return { kind: 'hours', value: String(Math.round((t.minutes / 60) * 100) / 100) };
  return { kind: 'business_days', value: String(t.business_days) };
}

export function rowsOf(terms: SlaTerms | null): SlaRows {
  const targets = {} as SlaRows['targets'];
  for (const p of PRIORITIES) {
    targets[p] = { response: rowOf(terms?.[p]?.response), resolution: rowOf(terms?.[p]?.resolution) };
  }
  const escalation = (terms?.escalation ?? []).map((l) => ({ percent: String(l.percent), notify_role: l.notify_role }));
  return { targets, escalation };
}

// The rows as the API's terms, or the first fault in words (the server
// checks the same and names the field).
export function termsOf(rows: SlaRows): { terms: SlaTerms } | { error: string } {
  const terms: SlaTerms = {};
  for (const p of PRIORITIES) {
    const pair: { response: SlaTarget; resolution: SlaTarget } = { response: null, resolution: null };
    for (const which of ['response', 'resolution'] as const) {
      const row = rows.targets[p][which];
      if (row.kind === 'none') continue;
      const n = Number(row.value.trim());
      if (row.kind === 'hours') {
        if (!row.value.trim() || !Number.isFinite(n) || n <= 0) return { error: `${p} ${which}: enter hours, such as 3 or 0.5.` };
        pair[which] = { minutes: Math.round(n * 60) };
      } else {
        if (!Number.isInteger(n) || n < 1 || n > 30) return { error: `${p} ${which}: business days are 1 to 30.` };
        pair[which] = { business_days: n };
      }
    }
    terms[p] = pair;
  }
  const escalation = [];
  for (const l of rows.escalation) {
    if (!l.percent.trim()) continue;
    const n = Number(l.percent.trim());
    if (!Number.isInteger(n) || n < 1 || n > 300) return { error: 'Escalation shares are whole percents from 1 to 300.' };
    escalation.push({ percent: n, notify_role: l.notify_role });
  }
  terms.escalation = escalation;
  return { terms };
}
