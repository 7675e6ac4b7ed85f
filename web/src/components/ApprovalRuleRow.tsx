// One update class in the approval policy editor: the rule set at this
// level (or inherit), the soak delay of an automatic rule, and what is in
// effect — this level's rule, or what the broader levels decide and which
// of them. Editable for the roles that set the policy, text otherwise.
import type { ApprovalMode, PolicyLevel, UpdateClass } from '../api/patching';
import { CLASS_DEADLINES, MAX_DELAY_DAYS, MODE_LABELS, className, describeRule, draftDelay } from '../lib/approvalPolicy';
import type { DraftRule, ResolvedRule } from '../lib/approvalPolicy';

const MODES: ApprovalMode[] = ['automatic', 'manual', 'reject'];

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

export function ApprovalRuleRow({
  cls,
  level,
  own,
  inherited,
  editable,
  invalid,
  onChange,
}: {
  cls: UpdateClass;
  level: PolicyLevel;
  // The rule at this level (the draft when editing); null inherits.
  own: DraftRule | null;
  // What the broader levels decide for the class.
  inherited: ResolvedRule;
  editable: boolean;
  invalid: boolean;
  onChange: (rule: DraftRule | null) => void;
}) {
  const name = className(cls);
  const inheritWord = level === 'global' ? 'No rule' : 'Inherit';
  const resetWord = level === 'global' ? 'Clear rule' : 'Reset to inherit';
  const ownDelay = own ? draftDelay(own) ?? 0 : 0;
  const delayId = `policy-${level}-${cls}-delay`;

  function pick(value: string) {
    if (value === 'inherit') return onChange(null);
    const mode = value as ApprovalMode;
    // An automatic rule starts from the delay it had, else the inherited one.
    const delay =
      own?.mode === 'automatic' ? own.delay : inherited.mode === 'automatic' ? String(inherited.delay_days) : '0';
    onChange({ mode, delay: mode === 'automatic' ? delay : '0' });
  }

  return (
    <tr data-class={cls} data-source={own ? 'own' : inherited.from ? 'inherited' : 'default'}>
      <th scope="row">
        {name}
        <div className="muted small">{CLASS_DEADLINES[cls]}</div>
      </th>
      <td>
        {editable ? (
          <select aria-label={`${name}: rule at this level`} value={own?.mode ?? 'inherit'} onChange={(e) => pick(e.target.value)}>
            <option value="inherit">{inheritWord}</option>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        ) : own ? (
          <span data-rule-here>{MODE_LABELS[own.mode]}</span>
        ) : (
          <span className="muted" data-rule-here>
            {inheritWord}
          </span>
        )}
      </td>
      <td className="nowrap">
        {own?.mode !== 'automatic' ? (
          <span className="muted">—</span>
        ) : editable ? (
          <span className="policy-delay">
            <input
              id={delayId}
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_DELAY_DAYS}
              step={1}
              value={own.delay}
              aria-label={`${name}: delay in days`}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? `${delayId}-error` : undefined}
              onChange={(e) => onChange({ mode: 'automatic', delay: e.target.value })}
            />{' '}
            days
            {invalid && (
              <span className="field-error" id={`${delayId}-error`}>
                0 to {MAX_DELAY_DAYS} whole days
              </span>
            )}
          </span>
        ) : (
          days(ownDelay)
        )}
      </td>
      <td data-effective>
        <strong>{own ? describeRule(own.mode, ownDelay) : describeRule(inherited.mode, inherited.delay_days)}</strong>
        <div className="muted small policy-source">
          {own ? (
            <>
              <span className="badge tone-info">Set here</span>
              {inherited.from && `Overrides ${inherited.from.label}: ${describeRule(inherited.mode, inherited.delay_days)}`}
            </>
          ) : inherited.from ? (
            <span className="badge tone-neutral">From {inherited.from.label}</span>
          ) : (
            <>
              <span className="badge tone-neutral">Default</span>
              No rule at any level: a person decides.
            </>
          )}
        </div>
      </td>
      {editable && (
        <td className="actions">
          {own && (
            <button type="button" className="btn small" aria-label={`${resetWord}: ${name}`} onClick={() => onChange(null)}>
              {resetWord}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
