import { describe, expect, it } from 'vitest';
import type { ApprovalRule } from '../api/patching';
import {
  describeField,
  describeRule,
  draftFromRules,
  policyBody,
  resolveRule,
  rulesFromDraft,
  sameDraft,
} from './approvalPolicy';
import type { PolicySource } from './approvalPolicy';

const rule = (cls: ApprovalRule['class'], mode: ApprovalRule['mode'], delay_days = 0): ApprovalRule => ({
  class: cls,
  mode,
  delay_days,
});

const global: PolicySource = {
  level: 'global',
  label: 'Global',
  rules: [rule('critical', 'automatic', 1), rule('important', 'manual'), rule('service_release', 'automatic')],
};
const customer: PolicySource = { level: 'customer', label: 'Customer', rules: [rule('important', 'automatic', 3)] };
const servers: PolicySource = {
  level: 'group',
  label: 'Group “Servers”',
  rules: [rule('critical', 'automatic', 2), rule('service_release', 'automatic', 5)],
};
const finance: PolicySource = {
  level: 'group',
  label: 'Group “Finance”',
  rules: [rule('critical', 'reject'), rule('service_release', 'automatic', 7)],
};

describe('resolveRule', () => {
  it('lets the most specific level with a rule decide, whatever the order given', () => {
    expect(resolveRule('important', [customer, global])).toEqual({ mode: 'automatic', delay_days: 3, from: customer });
    expect(resolveRule('critical', [global, customer])).toEqual({ mode: 'automatic', delay_days: 1, from: global });
    expect(resolveRule('critical', [servers, global, customer]).from).toBe(servers);
  });

  it('within one level, reject beats approve and the longest delay wins', () => {
    expect(resolveRule('critical', [global, servers, finance])).toMatchObject({ mode: 'reject', from: finance });
    expect(resolveRule('critical', [global, finance, servers])).toMatchObject({ mode: 'reject', from: finance });
    expect(resolveRule('service_release', [servers, finance])).toMatchObject({ delay_days: 7, from: finance });
  });

  it('falls back to a person deciding when no level has a rule', () => {
    expect(resolveRule('moderate', [global, customer, servers])).toEqual({ mode: 'manual', delay_days: 0, from: null });
  });
});

describe('the draft', () => {
  it('round-trips the stored rules in the classes order', () => {
    const rules = [rule('major_revision', 'reject'), rule('critical', 'automatic', 2)];
    const draft = draftFromRules(rules);
    expect(draft.moderate).toBeNull();
    expect(rulesFromDraft(draft)).toEqual({ rules: [rule('critical', 'automatic', 2), rule('major_revision', 'reject')] });
  });

  it('refuses a delay that is no whole number of days from 0 to 365', () => {
    for (const delay of ['', '-1', '1.5', '366', 'two']) {
      expect(rulesFromDraft({ ...draftFromRules([]), low: { mode: 'automatic', delay } })).toEqual({ invalid: 'low' });
    }
    // A manual rule carries no delay, whatever its field said.
    expect(rulesFromDraft({ ...draftFromRules([]), low: { mode: 'manual', delay: 'x' } })).toEqual({
      rules: [rule('low', 'manual')],
    });
  });

  it('tells a changed draft from the stored rules', () => {
    const stored = draftFromRules([rule('critical', 'automatic', 1)]);
    expect(sameDraft(stored, draftFromRules([rule('critical', 'automatic', 1)]))).toBe(true);
    expect(sameDraft(stored, { ...stored, critical: { mode: 'automatic', delay: '2' } })).toBe(false);
    expect(sameDraft(stored, { ...stored, critical: null })).toBe(false);
    expect(sameDraft(stored, { ...stored, low: { mode: 'reject', delay: '0' } })).toBe(false);
  });
});

describe('policyBody and messages', () => {
  it('names the target except at the global level', () => {
    expect(policyBody('global', undefined, [])).toEqual({ level: 'global', rules: [] });
    expect(policyBody('customer', 7, [rule('low', 'reject')])).toEqual({
      level: 'customer',
      target_id: 7,
      rules: [rule('low', 'reject')],
    });
  });

  it('describes rules and the field the server refused', () => {
    expect(describeRule('automatic', 0)).toBe('Approve automatically');
    expect(describeRule('automatic', 1)).toBe('Approve automatically after 1 day');
    expect(describeRule('automatic', 3)).toBe('Approve automatically after 3 days');
    expect(describeRule('reject', 0)).toBe('Reject');
    const sent = [rule('critical', 'manual'), rule('service_release', 'automatic', 9)];
    expect(describeField('rules[1].delay_days', sent)).toBe('Service release: delay days');
    expect(describeField('level', sent)).toBe('level');
    expect(describeField(null, sent)).toBeNull();
  });
});
