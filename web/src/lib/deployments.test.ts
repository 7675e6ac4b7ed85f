import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { Deployment } from '../api/deployments';
import {
  DEPLOYMENT_REFRESH_MS,
  deploymentErrorText,
  namedInComponents,
  parsePackageNames,
  pendingPackages,
  personName,
  rebootView,
  refreshListWhileInFlight,
  refreshWhileInFlight,
  stateCounts,
} from './deployments';
import { noteActivity } from './activity';

const d = (status: Deployment['status']) => ({ status }) as Deployment;

describe('deployments in words', () => {
  it('counts devices by state in the order a target lives them', () => {
    const states = ['failed', 'waiting', 'installed', 'waiting', 'skipped', 'installed', 'installed'] as const;
    expect(stateCounts(states.map((state) => ({ state })))).toEqual([
      { state: 'waiting', count: 2 },
      { state: 'installed', count: 3 },
      { state: 'failed', count: 1 },
      { state: 'skipped', count: 1 },
    ]);
    expect(stateCounts([])).toEqual([]);
  });

  it('refreshes every 10 s while waiting for approval or sending, and not once done or rejected', () => {
    noteActivity();
    expect(refreshWhileInFlight(d('active'))).toBe(DEPLOYMENT_REFRESH_MS);
    expect(refreshWhileInFlight(d('awaiting_approval'))).toBe(10_000);
    expect(refreshWhileInFlight(d('done'))).toBe(false);
    expect(refreshWhileInFlight(d('rejected'))).toBe(false);
    expect(refreshWhileInFlight(undefined)).toBe(false);
    expect(refreshListWhileInFlight([d('done'), d('active')])).toBe(10_000);
    expect(refreshListWhileInFlight([d('done')])).toBe(false);
    // An unattended screen stops asking.
    noteActivity(Date.now() - 26 * 60_000);
    expect(refreshWhileInFlight(d('active'))).toBe(false);
    noteActivity();
  });

  it('says what a device does after its packages', () => {
    expect(rebootView({ reboot_required: false, reboot: { state: 'none', since: null, deadline: null } })).toMatchObject({ label: '—', tone: 'neutral' });
    expect(rebootView({ reboot_required: true, reboot: { state: 'none', since: null, deadline: null } })).toMatchObject({ label: 'Required', tone: 'warn' });
    // A server without reboot tracking sends only reboot_required.
    expect(rebootView({ reboot_required: true })).toMatchObject({ label: 'Required' });
    const r = rebootView({ reboot_required: true, reboot: { state: 'rebooting', since: '2026-12-06T22:10:00Z', deadline: '2026-12-06T22:40:00Z' } });
    expect(r.label).toBe('Rebooting');
    expect(r.detail).toMatch(/^since .*, due back by /);
    expect(rebootView({ reboot_required: true, reboot: { state: 'back', since: '2026-12-06T22:14:00Z', deadline: null } })).toMatchObject({ label: 'Back', tone: 'good' });
    expect(rebootView({ reboot_required: true, reboot: { state: 'overdue', since: null, deadline: '2026-12-06T22:40:00Z' } })).toMatchObject({
      label: 'Overdue',
      tone: 'bad',
    });
  });

  it('reads package names typed with commas or spaces, once each', () => {
    expect(parsePackageNames(' openssl, libssl3\nzlib1g  openssl,,')).toEqual(['openssl', 'libssl3', 'zlib1g']);
    expect(parsePackageNames('  ')).toEqual([]);
  });

  it('offers the pending packages most devices need first, and ticks those the change names', () => {
    const p = pendingPackages([
      [
        { package: 'openssl', status: 'pending' },
        { package: 'tzdata', status: 'pending' },
        { package: 'bash', status: 'installed' },
      ],
      [
        { package: 'openssl', status: 'pending' },
        { package: 'libssl3', status: 'pending' },
      ],
      undefined,
    ]);
    expect(p).toEqual([
      { name: 'openssl', devices: 2 },
      { name: 'libssl3', devices: 1 },
      { name: 'tzdata', devices: 1 },
    ]);
    expect(namedInComponents('OpenSSL, libssl3.', p)).toEqual(['openssl', 'libssl3']);
    expect(namedInComponents('', p)).toEqual([]);
  });

  it("puts the server's refusal in a sentence", () => {
    expect(deploymentErrorText(new ApiError(400, 'invalid_argument', 'must name 1 to 200 packages', 'packages'))).toBe(
      'Packages must name 1 to 200 packages',
    );
    expect(
      deploymentErrorText(new ApiError(409, 'conflict', 'the change is closed: updates go out only for an approved or scheduled change', 'change')),
    ).toBe('The change is closed: updates go out only for an approved or scheduled change');
    expect(deploymentErrorText(new ApiError(403, 'forbidden', 'you started this deployment: a second technician must approve it'))).toBe(
      'You started this deployment: a second technician must approve it',
    );
    expect(deploymentErrorText(new ApiError(404, 'not_found', 'not found'))).toBe('Not found, or you do not have access to it.');
  });

  it('names who started it', () => {
    expect(personName('Tess Nguyen', 3)).toBe('Tess Nguyen');
    expect(personName(null, 3)).toBe('user 3');
    expect(personName(undefined, null)).toBe('Steward');
  });
});
