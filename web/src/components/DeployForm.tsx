// The "Deploy updates" form of an approved or scheduled change: the
// packages (the updates pending on the change's devices, those the change's
// components name ticked first, and any other names typed), the devices
// (all of the change's servers and workstations by default), the reboot
// policy and what a device that missed its window does. It lands on the
// new deployment; the server's refusal shows under the form.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Change } from '../api/changes';
import { useCreateDeployment } from '../api/deployments';
import type { MissedWindowPolicy, NewDeploymentBody, RebootPolicy } from '../api/deployments';
import { getDeviceUpdates } from '../api/patching';
import { MISSED_WINDOW_LABEL, REBOOT_LABEL, deploymentErrorText, namedInComponents, parsePackageNames, pendingPackages } from '../lib/deployments';
import { humanize } from '../lib/format';
import { PackageChoices } from './PackageChoices';

const MANAGED_KINDS = ['server', 'workstation'];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function deployLabel(packages: number, devices: number): string {
  return packages ? `Deploy ${plural(packages, 'package')} to ${plural(devices, 'device')}` : 'Deploy';
}

export function DeployForm({ c, onCancel }: { c: Change; onCancel: () => void }) {
  const create = useCreateDeployment(c.id);
  const navigate = useNavigate();
  const devices = c.cis.filter((ci) => MANAGED_KINDS.includes(ci.kind));
  const updates = useQueries({
    queries: devices.map((d) => ({
      queryKey: ['patching', 'updates', d.id, false],
      queryFn: () => getDeviceUpdates(d.id),
      retry: false,
    })),
  });
  const loadingUpdates = updates.some((q) => q.isLoading);
  const pending = pendingPackages(updates.map((q) => q.data));
  // Null until the person ticks or unticks one: the change's own packages.
  const [picked, setPicked] = useState<string[] | null>(null);
  const chosen = picked ?? namedInComponents(c.components ?? '', pending);
  const [other, setOther] = useState('');
  const [deviceIds, setDeviceIds] = useState<number[]>(() => devices.map((d) => d.id));
  const [reboot, setReboot] = useState<RebootPolicy>('if_required');
  const [missed, setMissed] = useState<MissedWindowPolicy>('next_window');
  const [invalid, setInvalid] = useState<{ packages?: string; devices?: string }>({});

  const packages = [...chosen.filter((n) => pending.some((p) => p.name === n)), ...parsePackageNames(other)].filter(
    (n, i, all) => all.indexOf(n) === i,
  );

  function toggle(name: string, on: boolean) {
    setPicked(on ? [...chosen, name] : chosen.filter((n) => n !== name));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad: { packages?: string; devices?: string } = {};
    if (packages.length === 0) bad.packages = 'Choose at least one package, or type its name.';
    if (deviceIds.length === 0) bad.devices = 'Choose at least one device.';
    setInvalid(bad);
    if (bad.packages || bad.devices) return;
    const body: NewDeploymentBody = { packages, reboot, missed_window: missed };
    // All of the change's devices is the server's default.
    if (deviceIds.length < devices.length) body.device_ids = devices.filter((d) => deviceIds.includes(d.id)).map((d) => d.id);
    try {
      const d = await create.mutateAsync(body);
      navigate(`/deployments/${d.id}`);
    } catch {
      // shown below
    }
  }

  if (devices.length === 0) {
    return (
      <div className="stack">
        <p className="muted">The change names no server or workstation: there is nothing to deploy to.</p>
        <div className="row-gap">
          <button type="button" className="btn" onClick={onCancel}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Deploy updates" className="stack deploy-form">
      <fieldset className="ci-picker" aria-describedby={invalid.packages ? 'deploy-packages-error' : undefined}>
        <legend>Packages</legend>
        <PackageChoices
          idPrefix="deploy"
          loading={loadingUpdates}
          pending={pending}
          deviceCount={devices.length}
          chosen={chosen}
          onToggle={toggle}
          other={other}
          onOther={setOther}
          whose="these devices"
        />
        {invalid.packages && (
          <span className="field-error" id="deploy-packages-error">
            {invalid.packages}
          </span>
        )}
      </fieldset>
      <fieldset className="ci-picker" aria-describedby={invalid.devices ? 'deploy-devices-error' : undefined}>
        <legend>Devices</legend>
        <div className="ci-options">
          {devices.map((d) => (
            <label key={d.id} className="check">
              <input
                type="checkbox"
                checked={deviceIds.includes(d.id)}
                onChange={(e) => setDeviceIds(e.target.checked ? [...deviceIds, d.id] : deviceIds.filter((x) => x !== d.id))}
              />
              {d.name} <span className="muted small">{humanize(d.kind)}</span>
            </label>
          ))}
        </div>
        {invalid.devices && (
          <span className="field-error" id="deploy-devices-error">
            {invalid.devices}
          </span>
        )}
      </fieldset>
      <div className="form-grid deploy-options">
        <div className="field">
          <label htmlFor="deploy-reboot">Reboot</label>
          <select id="deploy-reboot" value={reboot} onChange={(e) => setReboot(e.target.value as RebootPolicy)}>
            {(Object.keys(REBOOT_LABEL) as RebootPolicy[]).map((r) => (
              <option key={r} value={r}>
                {REBOOT_LABEL[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="deploy-missed">If a device misses its window</label>
          <select id="deploy-missed" value={missed} onChange={(e) => setMissed(e.target.value as MissedWindowPolicy)}>
            {(Object.keys(MISSED_WINDOW_LABEL) as MissedWindowPolicy[]).map((m) => (
              <option key={m} value={m}>
                {MISSED_WINDOW_LABEL[m]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted small">
        Each device gets the version pending on it, as a signed command sent in its own change window.
      </p>
      <div className="row-gap">
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {create.isPending ? 'Deploying…' : deployLabel(packages.length, deviceIds.length)}
        </button>
        <button type="button" className="btn ghost" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </button>
      </div>
      {create.error != null && (
        <p className="form-error" role="alert">
          Could not deploy: {deploymentErrorText(create.error)}
        </p>
      )}
    </form>
  );
}
