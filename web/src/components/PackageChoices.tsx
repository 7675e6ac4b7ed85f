// The packages a deploy or release form sends: the devices' pending updates
// to tick (with on how many devices each is pending) and a field for other
// names. Shared by DeployForm and ReleaseCard.
import type { PendingPackage } from '../lib/deployments';
import { Loading } from './ui';

export function PackageChoices({
  idPrefix,
  loading,
  pending,
  deviceCount,
  chosen,
  onToggle,
  other,
  onOther,
  whose,
}: {
  idPrefix: string;
  loading: boolean;
  pending: PendingPackage[];
  deviceCount: number;
  chosen: string[];
  onToggle: (name: string, on: boolean) => void;
  other: string;
  onOther: (value: string) => void;
  whose: string; // "these devices", "this group’s devices"
}) {
  return (
    <>
      {loading ? (
        <Loading label="Looking for pending updates…" />
      ) : pending.length === 0 ? (
        <p className="muted small">No pending updates are reported on {whose}: type the package names below.</p>
      ) : (
        <div className="ci-options">
          {pending.map((p) => (
            <label key={p.name} className="check">
              <input type="checkbox" checked={chosen.includes(p.name)} onChange={(e) => onToggle(p.name, e.target.checked)} />
              {p.name}{' '}
              <span className="muted small">
                pending on {p.devices} of {deviceCount}
              </span>
            </label>
          ))}
        </div>
      )}
      <div className="field field-spaced">
        <label htmlFor={`${idPrefix}-other`}>{pending.length ? 'Other packages' : 'Package names'}</label>
        <input
          id={`${idPrefix}-other`}
          value={other}
          onChange={(e) => onOther(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          placeholder="e.g. openssl libssl3"
          aria-describedby={`${idPrefix}-other-hint`}
        />
        <small id={`${idPrefix}-other-hint`}>Separated by commas or spaces.</small>
      </div>
    </>
  );
}
