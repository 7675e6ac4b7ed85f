// Change windows: when a customer allows changes on its systems. On a
// device page, the windows that apply to it (its own, else its groups',
// else its customer's), whether one is open now and when the next opens,
// in the customer's time zone. On a customer page, every window of the
// customer; the change calendar's keepers add windows for the customer or
// the device and remove them (with a confirmation). The server checks the
// rule and names the field it refuses.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import {
  useCreateChangeWindow,
  useCustomerWindows,
  useDeleteChangeWindow,
  useDeviceWindows,
} from '../api/patching';
import type { ChangeWindow, WindowLevel } from '../api/patching';
import { buildRRule, describeWindow, formatInZone } from '../lib/changeWindows';
import type { RepeatKind } from '../lib/changeWindows';
import { Card, Empty, ErrorBox, Loading } from './ui';

const LEVEL_WORDS: Record<WindowLevel, string> = {
  customer: "the customer's windows",
  group: "its group's windows",
  device: 'its own windows',
};

const WEEKDAYS: Array<[string, string]> = [
  ['MO', 'Mon'],
  ['TU', 'Tue'],
  ['WE', 'Wed'],
  ['TH', 'Thu'],
  ['FR', 'Fri'],
  ['SA', 'Sat'],
  ['SU', 'Sun'],
];

function WindowList({
  windows,
  canEdit,
  showLevel,
}: {
  windows: ChangeWindow[];
  canEdit: boolean;
  showLevel: boolean;
}) {
  const remove = useDeleteChangeWindow();
  const [confirming, setConfirming] = useState<number | null>(null);
  return (
    <ul className="list" aria-label="Change windows">
      {windows.map((w) => (
        <li key={w.id} data-change-window={w.id}>
          <strong>{w.name}</strong>
          {showLevel && <span className="badge tone-neutral">{w.level}</span>}
          <div className="muted small">{describeWindow(w.rrule, w.start, w.duration_minutes)}</div>
          {canEdit &&
            (confirming === w.id ? (
              <span className="inline-confirm">
                Remove “{w.name}”?{' '}
                <button type="button" className="btn small danger" onClick={() => remove.mutate(w.id)}>
                  Remove
                </button>{' '}
                <button type="button" className="btn small" onClick={() => setConfirming(null)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" className="btn small" onClick={() => setConfirming(w.id)}>
                Remove…
              </button>
            ))}
        </li>
      ))}
    </ul>
  );
}

function NewWindowForm({ customerId, deviceId }: { customerId: number; deviceId?: number }) {
  const create = useCreateChangeWindow();
  const [name, setName] = useState('');
  const [repeat, setRepeat] = useState<RepeatKind>('weekly');
  const [weekdays, setWeekdays] = useState<string[]>(['SA']);
  const [ordinal, setOrdinal] = useState('2');
  const [weekday, setWeekday] = useState('TU');
  const [monthDay, setMonthDay] = useState('1');
  const [start, setStart] = useState(() => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T22:00`;
  });
  const [hours, setHours] = useState('4');
  const [invalid, setInvalid] = useState<string | null>(null);
  const field = create.error instanceof ApiError ? create.error.field : undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const rule = buildRRule({ repeat, weekdays, ordinal, weekday, monthDay });
    if ('error' in rule) return setInvalid(rule.error);
    if (!name.trim()) return setInvalid('Name the window.');
    setInvalid(null);
    try {
      await create.mutateAsync({
        ...(deviceId ? { device_id: deviceId } : { customer_id: customerId }),
        name: name.trim(),
        rrule: rule.rrule,
        start,
        duration_minutes: Math.round(Number(hours) * 60),
      });
      setName('');
    } catch {
      // shown below
    }
  }

  return (
    <form className="filters plan-form" onSubmit={submit} aria-label="New change window" noValidate>
      <label>
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Saturday night" />
      </label>
      <label>
        <span>Repeats</span>
        <select value={repeat} onChange={(e) => setRepeat(e.target.value as RepeatKind)}>
          <option value="weekly">Weekly</option>
          <option value="monthly_weekday">Monthly, on a weekday</option>
          <option value="monthly_day">Monthly, on a day</option>
          <option value="daily">Daily</option>
        </select>
      </label>
      {repeat === 'weekly' && (
        <fieldset className="weekday-picks">
          <legend>On</legend>
          {WEEKDAYS.map(([code, label]) => (
            <label key={code} className="check">
              <input
                type="checkbox"
                checked={weekdays.includes(code)}
                onChange={(e) =>
                  setWeekdays(e.target.checked ? [...weekdays, code] : weekdays.filter((d) => d !== code))
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
      )}
      {repeat === 'monthly_weekday' && (
        <>
          <label>
            <span>Which</span>
            <select value={ordinal} onChange={(e) => setOrdinal(e.target.value)}>
              <option value="1">First</option>
              <option value="2">Second</option>
              <option value="3">Third</option>
              <option value="4">Fourth</option>
              <option value="-1">Last</option>
            </select>
          </label>
          <label>
            <span>Weekday</span>
            <select value={weekday} onChange={(e) => setWeekday(e.target.value)}>
              {WEEKDAYS.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {repeat === 'monthly_day' && (
        <label>
          <span>Day of the month</span>
          <select value={monthDay} onChange={(e) => setMonthDay(e.target.value)}>
            {Array.from({ length: 31 }, (_, i) => String(i + 1)).map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
            <option value="-1">Last</option>
          </select>
        </label>
      )}
      <label>
        <span>First, from (local time)</span>
        <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
      </label>
      <label>
        <span>For</span>
        <select value={hours} onChange={(e) => setHours(e.target.value)}>
          <option value="1">1 hour</option>
          <option value="2">2 hours</option>
          <option value="3">3 hours</option>
          <option value="4">4 hours</option>
          <option value="8">8 hours</option>
          <option value="24">24 hours</option>
        </select>
      </label>
      <button className="btn primary" type="submit" disabled={create.isPending}>
        Add window
      </button>
      {invalid && <p className="field-error full">{invalid}</p>}
      {create.error != null && (
        <p className="form-error full" role="alert">
          Could not add the window: {create.error instanceof Error ? create.error.message : 'error'}
          {field ? ` (${field})` : ''}
        </p>
      )}
    </form>
  );
}

// The device's windows: what applies, open now or next.
export function DeviceWindowsCard({
  deviceId,
  customerId,
  canEdit,
}: {
  deviceId: number;
  customerId: number;
  canEdit: boolean;
}) {
  const q = useDeviceWindows(deviceId);
  const d = q.data;
  return (
    <Card title="Change windows" id="dev-change-windows">
      {q.isLoading ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : !d ? null : (
        <>
          {d.level == null ? (
            <Empty>No change window: changes are not restricted.</Empty>
          ) : (
            <>
              <p data-change-window-state={d.in_window ? 'open' : 'closed'}>
                {d.in_window && d.next ? (
                  <>
                    <span className="badge tone-good">Open now</span> until {formatInZone(d.next.end, d.time_zone)}
                  </>
                ) : d.next ? (
                  <>Next opens {formatInZone(d.next.start, d.time_zone)}</>
                ) : (
                  <>No occurrence to come.</>
                )}
              </p>
              <p className="muted small">
                From {LEVEL_WORDS[d.level]}, in {d.time_zone}.
              </p>
              <WindowList windows={d.windows} canEdit={canEdit && d.level === 'device'} showLevel={false} />
            </>
          )}
          {canEdit && <NewWindowForm customerId={customerId} deviceId={deviceId} />}
        </>
      )}
    </Card>
  );
}

// Every window of a customer.
export function CustomerWindowsCard({ customerId, canEdit }: { customerId: number; canEdit: boolean }) {
  const q = useCustomerWindows(customerId);
  return (
    <Card title="Change windows" id="cust-change-windows">
      {q.isLoading ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : !q.data ? null : (
        <>
          {q.data.windows.length === 0 ? (
            <Empty>No change window: changes are not restricted.</Empty>
          ) : (
            <>
              <p className="muted small">In {q.data.time_zone}.</p>
              <WindowList windows={q.data.windows} canEdit={canEdit} showLevel />
            </>
          )}
          {canEdit && <NewWindowForm customerId={customerId} />}
        </>
      )}
    </Card>
  );
}
