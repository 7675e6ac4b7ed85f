// Pure formatting helpers: times, durations, SLA states, sizes. `now` is
// always a parameter so tests (and a server on fake time) stay exact.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

// "45 s", "12 min", "3 h 5 min", "2 d 4 h": compact, two units at most.
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.floor(abs / 1000)} s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

// "5 min ago", "in 2 h", "just now".
export function relativeTime(iso: string | null | undefined, now: number): string {
  const t = parseTime(iso);
  if (t === null) return '—';
  const diff = t - now;
  if (Math.abs(diff) < 30_000) return 'just now';
  return diff < 0 ? `${formatDuration(diff)} ago` : `in ${formatDuration(diff)}`;
}

// "23 Nov 2026, 09:05" in the browser's locale and time zone.
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  const t = parseTime(iso);
  if (t === null) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(new Date(t));
}

// "2 Dec 2026": the day of a timestamp in the browser's time zone.
export function formatDay(iso: string | null | undefined, timeZone?: string): string {
  const t = parseTime(iso);
  if (t === null) return '—';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(
    new Date(t),
  );
}

export type SlaState = 'ok' | 'at_risk' | 'breached' | 'none';

export interface SlaView {
  state: SlaState;
  label: string;
}

// A due time is at risk within an hour of it, breached once past it.
export function slaStatus(
  dueIso: string | null | undefined,
  now: number,
  riskWindowMs = HOUR,
): SlaView {
  const due = parseTime(dueIso);
  if (due === null) return { state: 'none', label: 'No SLA' };
  const left = due - now;
  if (left <= 0) return { state: 'breached', label: `Breached ${formatDuration(left)} ago` };
  if (left <= riskWindowMs) return { state: 'at_risk', label: `Due in ${formatDuration(left)}` };
  return { state: 'ok', label: `Due in ${formatDuration(left)}` };
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const s = i === 0 ? String(v) : v >= 100 ? v.toFixed(0) : v.toFixed(1);
  return `${n < 0 ? '-' : ''}${s} ${units[i]}`;
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export function severityRank(s: string): number {
  return SEVERITY_RANK[s] ?? 3;
}

// cpu_high → "CPU high", system_volume_low → "System volume low".
export function humanize(word: string | null | undefined): string {
  if (!word) return '—';
  const s = word.replace(/[_.]/g, ' ').trim();
  const fixed = s.replace(/\b(cpu|ups|os|ip|sla|ci)\b/gi, (m) => m.toUpperCase());
  return fixed.charAt(0).toUpperCase() + fixed.slice(1);
}

// A device counts as offline when it has not checked in for `thresholdMs`.
export function isOffline(lastSeenIso: string | null | undefined, now: number, thresholdMs = 10 * MINUTE): boolean {
  const t = parseTime(lastSeenIso);
  return t === null || now - t > thresholdMs;
}

// Integer cents → "$1,234.56", "-$1,200.00". Integer arithmetic only: the
// server keeps money in cents and so does every screen until it is shown.
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '—';
  const n = Math.round(cents);
  const abs = Math.abs(n);
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = String(abs % 100).padStart(2, '0');
  return `${n < 0 ? '-' : ''}$${dollars}.${rest}`;
}

// What someone typed as dollars ("1,234.5", "$80", "0.99") → integer cents,
// or null when it is not an amount with at most two decimals.
export function parseDollars(text: string): number | null {
  const s = text.trim().replace(/^\$/, '').replace(/,/g, '');
  const m = s.match(/^(-?)(\d+)(?:\.(\d{0,2}))?$/) ?? s.match(/^(-?)()\.(\d{1,2})$/);
  if (!m) return null;
  const whole = m[2] ? Number(m[2]) : 0;
  const frac = Number((m[3] ?? '').padEnd(2, '0') || '0');
  const cents = whole * 100 + frac;
  if (!Number.isSafeInteger(cents)) return null;
  return m[1] ? -cents : cents;
}

// Minutes of support time as hours: "2 h 15 min", "45 min", "0 h".
export function formatHours(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minutes));
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  if (h === 0 && m === 0) return '0 h';
  if (h === 0) return `${sign}${m} min`;
  return m ? `${sign}${h} h ${m} min` : `${sign}${h} h`;
}

// "2027-01" → "January 2027"; anything else is shown as given.
export function formatMonth(month: string | null | undefined): string {
  if (!month) return '—';
  const m = month.match(/^(\d{4})-(\d{2})$/);
  if (!m) return month;
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const i = Number(m[2]) - 1;
  return i >= 0 && i < 12 ? `${names[i]} ${m[1]}` : month;
}

// "2027-01-14" → "14 Jan 2027" (a calendar date: no time zone shift).
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = iso.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return iso;
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const i = Number(m[2]) - 1;
  return i >= 0 && i < 12 ? `${Number(m[3])} ${names[i]} ${m[1]}` : iso;
}
