// "Release on the test group" (issue 14 item 6): before a change is
// approved its updates go to the customer's test group and soak there; the
// change can be approved only once its newest release passed. The card
// shows the newest release (status, why, test group, soak end, its test
// deployment) and the older ones; owners and technicians start a new one
// while the change is a draft or submitted and none is testing or soaking.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { Change } from '../api/changes';
import { useDeviceGroups } from '../api/deviceGroups';
import { getDeviceUpdates } from '../api/patching';
import { useChangeReleases, useCreateRelease } from '../api/releases';
import type { Release } from '../api/releases';
import { useUser } from '../auth/AuthContext';
import { canDeployUpdates, canReadDeployments } from '../auth/roles';
import { capitalize } from '../lib/changes';
import { namedInComponents, parsePackageNames, pendingPackages } from '../lib/deployments';
import { formatDateTime, relativeTime } from '../lib/format';
import {
  DEFAULT_SOAK_HOURS,
  MAX_SOAK_HOURS,
  isRunning,
  refreshWhileRunning,
  releaseErrorText,
  releaseHold,
  releaseStatusLabel,
  releaseStatusTone,
} from '../lib/releases';
import { useNow } from '../lib/useNow';
import { PackageChoices } from './PackageChoices';
import { Card, ErrorBox, Loading } from './ui';

// The statuses a release may be made in (the server answers 409 otherwise).
const RELEASABLE = ['draft', 'submitted'];

export function ReleaseStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge tone-${releaseStatusTone(status)}`} data-release-status={status}>
      {releaseStatusLabel(status)}
    </span>
  );
}

// The releases of a change, shared with the approvals card's note.
export function useReleases(c: Change, enabled: boolean) {
  return useChangeReleases(c.id, { enabled, refetchInterval: refreshWhileRunning });
}

function SoakLine({ r, now }: { r: Release; now: number }) {
  if (r.status === 'testing') return <>Soaks {r.soak_hours} h once every test device installed every package.</>;
  if (!r.soak_ends_at) return <>Soak of {r.soak_hours} h.</>;
  const ended = Date.parse(r.soak_ends_at) <= now || r.status !== 'soaking';
  return (
    <>
      Soak {ended ? 'ended' : 'ends'} {formatDateTime(r.soak_ends_at)}{' '}
      <span className="muted" data-soak-relative>
        ({relativeTime(r.soak_ends_at, now)})
      </span>
    </>
  );
}

function DeploymentLink({ r }: { r: Release }) {
  return r.deployment_id ? (
    <Link to={`/deployments/${r.deployment_id}`}>Test deployment {r.deployment_id}</Link>
  ) : (
    <span className="muted">no test deployment</span>
  );
}

export function ReleaseCard({ c }: { c: Change }) {
  const user = useUser();
  const readable = canReadDeployments(user.role);
  const releases = useReleases(c, readable);
  const now = useNow();
  const canCreate = canDeployUpdates(user.role) && RELEASABLE.includes(c.status);
  const [open, setOpen] = useState(false);
  // A server built before releases has no such route: no card.
  if (!readable || (releases.error instanceof ApiError && releases.error.status === 404)) return null;
  const list = releases.data ?? [];
  const newest = list[0];
  const older = list.slice(1);
  // After approval only a history is worth showing.
  if (!RELEASABLE.includes(c.status) && releases.isSuccess && list.length === 0) return null;
  const canStart = canCreate && releases.isSuccess && !isRunning(newest);
  const hold = releaseHold(c.status, newest, now);
  return (
    <Card
      title="Release on the test group"
      id="change-release"
      className={open ? 'card-accent' : undefined}
      actions={
        canStart &&
        !open && (
          <button type="button" className="btn small primary" onClick={() => setOpen(true)}>
            {newest ? 'New release…' : 'Release to the test group…'}
          </button>
        )
      }
    >
      {releases.isLoading ? (
        <Loading />
      ) : releases.error ? (
        <ErrorBox error={releases.error} />
      ) : (
        <>
          {open && canStart && <ReleaseForm c={c} last={newest} onDone={() => setOpen(false)} />}
          {!newest ? (
            !open && (
              <p className="muted">
                {RELEASABLE.includes(c.status)
                  ? canCreate
                    ? 'No release yet: try the updates on the customer’s test group before the change is approved.'
                    : 'No release yet: the change is not held for one.'
                  : 'No release was made for this change.'}
              </p>
            )
          ) : (
            <div className="stack release-current" data-release-id={newest.id} aria-label="Newest release">
              <p className="row-gap">
                <ReleaseStatusBadge status={newest.status} /> <strong>Release {newest.id}</strong> on{' '}
                <span data-release-group>{newest.test_group_name || `group ${newest.test_group_id}`}</span>
              </p>
              {newest.reason && <p className="release-reason">{capitalize(newest.reason)}</p>}
              <dl className="kv release-facts">
                <dt>Packages</dt>
                <dd>{newest.packages.join(', ')}</dd>
                <dt>Soak</dt>
                <dd>
                  <SoakLine r={newest} now={now} />
                </dd>
                <dt>Deployment</dt>
                <dd>
                  <DeploymentLink r={newest} />
                </dd>
                <dt>Made</dt>
                <dd>{formatDateTime(newest.created_at)}</dd>
              </dl>
              {hold ? (
                <p className="notice release-hold" role="note">
                  {hold}
                </p>
              ) : (
                newest.status === 'passed' &&
                RELEASABLE.includes(c.status) && <p className="muted small">The release passed: the change may be approved.</p>
              )}
            </div>
          )}
          {older.length > 0 && (
            <>
              <h3 className="subhead">Earlier releases</h3>
              <ul className="list releases" aria-label="Earlier releases">
                {older.map((r) => (
                  <li key={r.id} data-release-id={r.id}>
                    <div className="row-between">
                      <span>
                        Release {r.id} on {r.test_group_name || `group ${r.test_group_id}`}{' '}
                        <span className="muted small">{formatDateTime(r.created_at)}</span>
                      </span>
                      <ReleaseStatusBadge status={r.status} />
                    </div>
                    <div className="small">
                      {r.packages.join(', ')} · <DeploymentLink r={r} />
                      {r.reason && <> — {r.reason}</>}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Card>
  );
}

function ReleaseForm({ c, last, onDone }: { c: Change; last: Release | undefined; onDone: () => void }) {
  const create = useCreateRelease(c.id);
  const groups = useDeviceGroups(c.customer_id);
  const list = groups.data ?? [];
  const [groupId, setGroupId] = useState<number>(last?.test_group_id ?? 0);
  const group = list.find((g) => g.id === groupId) ?? (groupId === 0 ? list[0] : undefined);
  const deviceIds = (group?.device_ids ?? []).slice(0, 25);
  const updates = useQueries({
    queries: deviceIds.map((id) => ({
      queryKey: ['patching', 'updates', id, false],
      queryFn: () => getDeviceUpdates(id),
      retry: false,
    })),
  });
  const loadingUpdates = updates.some((q) => q.isLoading);
  const pending = pendingPackages(updates.map((q) => q.data));
  const [picked, setPicked] = useState<string[] | null>(null);
  const chosen = picked ?? (last ? last.packages : namedInComponents(c.components ?? '', pending));
  const [other, setOther] = useState('');
  const [soak, setSoak] = useState(String(last?.soak_hours ?? DEFAULT_SOAK_HOURS));
  const [invalid, setInvalid] = useState<{ group?: string; packages?: string; soak?: string }>({});

  const packages = [...chosen.filter((n) => pending.some((p) => p.name === n)), ...parsePackageNames(other)].filter(
    (n, i, all) => all.indexOf(n) === i,
  );

  function toggle(name: string, on: boolean) {
    setPicked(on ? [...chosen, name] : chosen.filter((n) => n !== name));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const hours = Number(soak);
    const bad: typeof invalid = {};
    if (!group) bad.group = 'Choose the test group.';
    if (packages.length === 0) bad.packages = 'Choose at least one package, or type its name.';
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_SOAK_HOURS) bad.soak = `A whole number of hours, 1 to ${MAX_SOAK_HOURS}.`;
    setInvalid(bad);
    if (bad.group || bad.packages || bad.soak) return;
    try {
      await create.mutateAsync({ test_group_id: group!.id, packages, soak_hours: hours });
      onDone();
    } catch {
      // shown below
    }
  }

  if (groups.isLoading) return <Loading label="Loading the device groups…" />;
  if (groups.error) return <ErrorBox error={groups.error} />;
  if (list.length === 0) {
    return (
      <div className="stack">
        <p className="muted">
          {c.customer_name} has no device group yet: make one of a few servers or workstations to test on first.
        </p>
        <div className="row-gap">
          <button type="button" className="btn" onClick={onDone}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New release" className="stack release-form">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="release-group">Test group</label>
          <select
            id="release-group"
            value={group?.id ?? ''}
            onChange={(e) => {
              setGroupId(Number(e.target.value));
              setPicked(null);
            }}
          >
            {list.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({g.device_ids.length} device{g.device_ids.length === 1 ? '' : 's'})
              </option>
            ))}
          </select>
          {invalid.group && <span className="field-error">{invalid.group}</span>}
        </div>
        <div className="field">
          <label htmlFor="release-soak">Soak hours</label>
          <input
            id="release-soak"
            type="number"
            min={1}
            max={MAX_SOAK_HOURS}
            value={soak}
            onChange={(e) => setSoak(e.target.value)}
            aria-describedby={invalid.soak ? 'release-soak-error' : undefined}
          />
          {invalid.soak && (
            <span className="field-error" id="release-soak-error">
              {invalid.soak}
            </span>
          )}
        </div>
      </div>
      <fieldset className="ci-picker" aria-describedby={invalid.packages ? 'release-packages-error' : undefined}>
        <legend>Packages</legend>
        <PackageChoices
          idPrefix="release"
          loading={loadingUpdates}
          pending={pending}
          deviceCount={deviceIds.length}
          chosen={chosen}
          onToggle={toggle}
          other={other}
          onOther={setOther}
          whose="this group’s devices"
        />
        {invalid.packages && (
          <span className="field-error" id="release-packages-error">
            {invalid.packages}
          </span>
        )}
      </fieldset>
      <p className="muted small">
        The packages go to the group’s servers and workstations in their change windows; the change can be approved once the
        release has soaked without an incident.
      </p>
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {create.isPending ? 'Releasing…' : 'Release to the test group'}
        </button>
        <button type="button" className="btn ghost" onClick={onDone} disabled={create.isPending}>
          Cancel
        </button>
      </div>
      {create.error != null && (
        <p className="form-error" role="alert">
          Could not make the release: {releaseErrorText(create.error)}
        </p>
      )}
    </form>
  );
}

// The line the approvals card shows while the newest release holds the
// change back (testing, soaking or failed).
export function ReleaseHoldNote({ c }: { c: Change }) {
  const user = useUser();
  const readable = canReadDeployments(user.role) && RELEASABLE.includes(c.status);
  const releases = useReleases(c, readable);
  const now = useNow();
  const hold = readable ? releaseHold(c.status, releases.data?.[0], now) : null;
  if (!hold) return null;
  return (
    <p className="notice small release-hold" role="note" data-release-hold>
      {hold} <a href="#change-release">See the release</a>
    </p>
  );
}
