// The update approval policy of one level and target (SPEC §4, issue 14):
// a table of the update classes with the rule set here — approve
// automatically (after a soak delay), manual approval, reject — or inherit,
// and what is in effect, computed from the broader levels' rules the same
// way the server decides. Owners, service managers and change managers
// change rules and save the level with one PUT; technicians read. A refused
// save shows the server's message, naming the class it refused.
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { UPDATE_CLASSES, approvalPolicyQuery, useApprovalPolicy, useSetApprovalPolicy } from '../api/patching';
import type { ApprovalRule, PolicyLevel, UpdateClass } from '../api/patching';
import { useUser } from '../auth/AuthContext';
import { canEditApprovalPolicy } from '../auth/roles';
import {
  className,
  describeField,
  draftFromRules,
  policyBody,
  resolveRule,
  rulesFromDraft,
  sameDraft,
} from '../lib/approvalPolicy';
import type { Draft, DraftRule, PolicySource } from '../lib/approvalPolicy';
import { ApprovalRuleRow } from './ApprovalRuleRow';
import { Card, ErrorBox, Loading } from './ui';

// A broader level this one inherits from.
export interface InheritedLevel {
  level: PolicyLevel;
  targetId?: number;
  label: string;
}

export function ApprovalPolicyEditor({
  id,
  level,
  targetId,
  parents,
  intro,
  title = 'Update approval',
}: {
  id: string;
  title?: string;
  level: PolicyLevel;
  targetId?: number;
  parents: InheritedLevel[];
  intro?: ReactNode;
}) {
  const user = useUser();
  const editable = canEditApprovalPolicy(user.role);
  const own = useApprovalPolicy(level, targetId);
  const above = useQueries({ queries: parents.map((p) => approvalPolicyQuery(p.level, p.targetId)) });
  const save = useSetApprovalPolicy();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [invalid, setInvalid] = useState<UpdateClass | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const actions = level !== 'global' ? <Link to="/patch-policy">Global policy</Link> : undefined;
  const failed = own.error ?? above.find((q) => q.error)?.error;
  if (own.isLoading || above.some((q) => q.isLoading)) {
    return (
      <Card title={title} id={id} actions={actions}>
        <Loading />
      </Card>
    );
  }
  if (failed || !own.data) {
    return (
      <Card title={title} id={id} actions={actions}>
        <ErrorBox error={failed} />
      </Card>
    );
  }

  const stored = draftFromRules(own.data.rules);
  const current = draft ?? stored;
  const dirty = draft !== null && !sameDraft(draft, stored);
  const sources: PolicySource[] = parents.map((p, i) => ({
    level: p.level,
    label: p.label,
    rules: above[i].data?.rules ?? [],
  }));

  function change(cls: UpdateClass, rule: DraftRule | null) {
    setDraft({ ...current, [cls]: rule });
    setSaved(false);
    setError(null);
    if (invalid === cls) setInvalid(null);
  }

  function discard() {
    setDraft(null);
    setInvalid(null);
    setError(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = rulesFromDraft(current);
    if ('invalid' in checked) {
      setInvalid(checked.invalid);
      setError(`${className(checked.invalid)}: the delay must be 0 to 365 whole days.`);
      return;
    }
    const sent: ApprovalRule[] = checked.rules;
    setInvalid(null);
    setError(null);
    try {
      await save.mutateAsync(policyBody(level, targetId, sent));
      setDraft(null);
      setSaved(true);
    } catch (err) {
      const where = err instanceof ApiError ? describeField(err.field, sent) : null;
      setError(
        err instanceof ApiError
          ? `Could not save the rules: ${err.message}${where ? ` (${where})` : ''}`
          : 'Could not save the rules.',
      );
    }
  }

  return (
    <Card title={title} id={id} actions={actions} className="approval-policy">
      {intro && <p className="muted small policy-intro">{intro}</p>}
      <form onSubmit={submit} aria-label={`Update approval rules (${level})`} noValidate>
        <div className="table-wrap">
          <table className="table policy-table">
            <thead>
              <tr>
                <th scope="col">Update class</th>
                <th scope="col">Rule at this level</th>
                <th scope="col">Delay</th>
                <th scope="col">In effect</th>
                {editable && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {UPDATE_CLASSES.map((cls) => (
                <ApprovalRuleRow
                  key={cls}
                  cls={cls}
                  level={level}
                  own={current[cls]}
                  inherited={resolveRule(cls, sources)}
                  editable={editable}
                  invalid={invalid === cls}
                  onChange={(rule) => change(cls, rule)}
                />
              ))}
            </tbody>
          </table>
        </div>
        {editable ? (
          <div className="row-gap form-actions">
            <button type="submit" className="btn primary" disabled={!dirty || save.isPending}>
              {save.isPending ? 'Saving…' : 'Save rules'}
            </button>
            <button type="button" className="btn ghost" disabled={!dirty || save.isPending} onClick={discard}>
              Discard changes
            </button>
            {dirty && <span className="muted small">Unsaved changes</span>}
          </div>
        ) : (
          <p className="muted small policy-readonly">
            Read only: owners, service managers and change managers set the approval policy.
          </p>
        )}
        {saved && !dirty && (
          <p className="notice policy-saved" role="status">
            Rules saved. Updates no person decided follow them from their device's next scan.
          </p>
        )}
        {error && (
          <p className="form-error policy-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Card>
  );
}
