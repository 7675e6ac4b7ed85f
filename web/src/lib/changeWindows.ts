// Change windows in words and back (docs/patching.md "Change windows"): the
// RRULE subset the server takes, described for people, built from the
// console's form, and an instant shown in the customer's time zone.

const DAY_NAMES: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

const ORDINALS: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '5': 'fifth',
  '-1': 'last',
  '-2': 'second to last',
};

function parts(rrule: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of rrule.split(';')) {
    const [k, v] = p.split('=');
    if (k && v !== undefined) out[k.toUpperCase()] = v;
  }
  return out;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function dayOfMonth(n: string): string {
  if (n === '-1') return 'the last day';
  if (n.startsWith('-')) return `${n.slice(1)} days before the month's end`;
  return `day ${n}`;
}

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

// "Every Saturday at 22:00 for 4 h", "The second Tuesday of every month at
// 20:00 for 3 h"; a rule this does not know is shown as written.
export function describeWindow(rrule: string, start: string, durationMinutes: number): string {
  const p = parts(rrule);
  const time = start.slice(11, 16);
  const interval = Number(p.INTERVAL ?? '1');
  const tail = ` at ${time} for ${formatDuration(durationMinutes)}`;
  const until = p.UNTIL ? `, until ${p.UNTIL.slice(0, 4)}-${p.UNTIL.slice(4, 6)}-${p.UNTIL.slice(6, 8)}` : '';
  const days = (p.BYDAY ?? '').split(',').filter(Boolean);
  let what: string;
  if (p.FREQ === 'DAILY') {
    what = interval === 1 ? 'Every day' : `Every ${interval} days`;
    if (days.length) what += ` on ${listWords(days.map((d) => DAY_NAMES[d] ?? d))}`;
  } else if (p.FREQ === 'WEEKLY') {
    const names = days.length ? days.map((d) => DAY_NAMES[d] ?? d) : [weekdayOf(start)];
    what = interval === 1 ? `Every ${listWords(names)}` : `Every ${interval} weeks on ${listWords(names)}`;
  } else if (p.FREQ === 'MONTHLY') {
    const every = interval === 1 ? 'every month' : `every ${interval} months`;
    if (days.length) {
      const described = days.map((d) => {
        const m = /^(-?\d)?([A-Z]{2})$/.exec(d);
        if (!m) return d;
        return m[1] ? `the ${ORDINALS[m[1]] ?? m[1]} ${DAY_NAMES[m[2]]}` : `every ${DAY_NAMES[m[2]]}`;
      });
      what = `${capitalize(listWords(described))} of ${every}`;
    } else {
      const monthDays = (p.BYMONTHDAY ?? String(Number(start.slice(8, 10)))).split(',');
      what = `${capitalize(listWords(monthDays.map(dayOfMonth)))} of ${every}`;
    }
  } else {
    return rrule;
  }
  return what + tail + until;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function weekdayOf(start: string): string {
  const d = new Date(`${start.slice(0, 10)}T12:00:00Z`);
  return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()];
}

export type RepeatKind = 'weekly' | 'monthly_weekday' | 'monthly_day' | 'daily';

export interface WindowForm {
  repeat: RepeatKind;
  weekdays: string[]; // weekly: MO..SU
  ordinal: string; // monthly_weekday: 1..4 or -1
  weekday: string; // monthly_weekday
  monthDay: string; // monthly_day: 1..31 or -1
}

// The form's choice as the server's RRULE; null with a reason when it is
// not complete.
export function buildRRule(f: WindowForm): { rrule: string } | { error: string } {
  switch (f.repeat) {
    case 'daily':
      return { rrule: 'FREQ=DAILY' };
    case 'weekly':
      if (f.weekdays.length === 0) return { error: 'Tick at least one day.' };
      return { rrule: `FREQ=WEEKLY;BYDAY=${f.weekdays.join(',')}` };
    case 'monthly_weekday':
      return { rrule: `FREQ=MONTHLY;BYDAY=${f.ordinal}${f.weekday}` };
    case 'monthly_day': {
      const n = Number(f.monthDay);
      if (!Number.isInteger(n) || n === 0 || n < -1 || n > 31) return { error: 'The day is 1 to 31, or last.' };
      return { rrule: `FREQ=MONTHLY;BYMONTHDAY=${n}` };
    }
  }
}

// An instant in the customer's zone: "Sat, Nov 28, 22:00 EST".
export function formatInZone(iso: string, timeZone: string): string {
  const d = new Date(iso);
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(d);
  } catch {
    return d.toISOString();
  }
}
