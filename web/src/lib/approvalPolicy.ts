// The update approval policy (docs/patching.md "Approval", SPEC §4), as the
// server applies it (approval_policy.cc DecideApproval): per update class,
// the most specific level with a rule decides (device > group > customer >
// global); within one level (a device in two groups) the most cautious rule
// wins — reject over manual over automatic, then the longest delay; without
// any rule a person decides. Pure helpers: what a level inherits, the
// editor's draft and the PUT body it saves.
import { UPDATE_CLASSES } from '../api/patching';
import type { ApprovalMode, ApprovalRule, PolicyLevel, UpdateClass } from '../api/patching';
import { humanize } from './format';

// The rules one level holds, named for the reader ("Global", "Group “Servers”").
export interface PolicySource {
  level: PolicyLevel;
  label: string;
  rules: ApprovalRule[];
}

export interface ResolvedRule {
  mode: ApprovalMode;
  delay_days: number;
  // The level that decides; null when no level has a rule for the class.
  from: PolicySource | null;
}

export const MAX_DELAY_DAYS = 365;

const SPECIFICITY: Record<PolicyLevel, number> = { global: 0, customer: 1, group: 2, device: 3 };
const CAUTION: Record<ApprovalMode, number> = { automatic: 0, manual: 1, reject: 2 };

// The deadline of each class (docs/patching.md "Classes"), as a hint.
export const CLASS_DEADLINES: Record<UpdateClass, string> = {
  critical: 'deadline 3 business days',
  important: 'deadline 10 business days',
  moderate: 'deadline 3 months',
  low: 'deadline 3 months',
  service_release: 'deadline 6 months',
  major_revision: 'deadline 1 year',
};

export const MODE_LABELS: Record<ApprovalMode, string> = {
  automatic: 'Approve automatically',
  manual: 'Manual approval',
  reject: 'Reject',
};

export function levelLabel(level: PolicyLevel): string {
  return { global: 'Global', customer: 'Customer', group: 'Group', device: 'Device' }[level];
}

export function className(cls: UpdateClass): string {
  return humanize(cls);
}

// "Approve automatically after 2 days", "Manual approval", "Reject".
export function describeRule(mode: ApprovalMode, delayDays: number): string {
  if (mode !== 'automatic' || delayDays <= 0) return MODE_LABELS[mode];
  return `${MODE_LABELS.automatic} after ${delayDays} ${delayDays === 1 ? 'day' : 'days'}`;
}

// What decides a class given the levels' rules (any order).
export function resolveRule(cls: UpdateClass, sources: PolicySource[]): ResolvedRule {
  let best: ResolvedRule | null = null;
  for (const source of sources) {
    for (const r of source.rules) {
      if (r.class !== cls) continue;
      const d: ResolvedRule = { mode: r.mode, delay_days: r.mode === 'automatic' ? Math.max(r.delay_days, 0) : 0, from: source };
      if (!best || SPECIFICITY[source.level] > SPECIFICITY[best.from!.level]) {
        best = d; // a more specific level replaces whatever a broader one said
      } else if (source.level === best.from!.level) {
        if (CAUTION[d.mode] > CAUTION[best.mode]) best = d;
        else if (d.mode === best.mode && d.delay_days > best.delay_days) best = d;
      }
    }
  }
  return best ?? { mode: 'manual', delay_days: 0, from: null };
}

// ---------- the editor's draft ----------

// Per class: the rule set at this level, or null to inherit. The delay is
// the text of its field until saved.
export interface DraftRule {
  mode: ApprovalMode;
  delay: string;
}
export type Draft = Record<UpdateClass, DraftRule | null>;

export function draftFromRules(rules: ApprovalRule[]): Draft {
  const out = Object.fromEntries(UPDATE_CLASSES.map((c) => [c, null])) as Draft;
  for (const r of rules) out[r.class] = { mode: r.mode, delay: String(r.mode === 'automatic' ? r.delay_days : 0) };
  return out;
}

// The delay a draft rule stands for, or null when its text is no whole
// number of days from 0 to 365.
export function draftDelay(rule: DraftRule): number | null {
  if (rule.mode !== 'automatic') return 0;
  const text = rule.delay.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_DELAY_DAYS ? n : null;
}

// The rules to save, in the classes' order (each class once), or the first
// class whose delay is not valid.
export function rulesFromDraft(draft: Draft): { rules: ApprovalRule[] } | { invalid: UpdateClass } {
  const rules: ApprovalRule[] = [];
  for (const cls of UPDATE_CLASSES) {
    const r = draft[cls];
    if (!r) continue;
    const delay = draftDelay(r);
    if (delay === null) return { invalid: cls };
    rules.push({ class: cls, mode: r.mode, delay_days: delay });
  }
  return { rules };
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return UPDATE_CLASSES.every((c) => {
    const x = a[c];
    const y = b[c];
    if (!x || !y) return x === y;
    return x.mode === y.mode && (x.mode !== 'automatic' || x.delay.trim() === y.delay.trim());
  });
}

// The PUT body: one level's rules for one target (none for global).
export function policyBody(level: PolicyLevel, targetId: number | undefined, rules: ApprovalRule[]) {
  return level === 'global' ? { level, rules } : { level, target_id: targetId ?? 0, rules };
}

// The server names a refused rule by its index ("rules[0].delay_days"):
// say which class and field that was.
export function describeField(field: string | null, sent: ApprovalRule[]): string | null {
  if (!field) return null;
  const m = field.match(/^rules\[(\d+)\]\.(\w+)$/);
  const rule = m ? sent[Number(m[1])] : undefined;
  if (!m || !rule) return field;
  return `${className(rule.class)}: ${m[2].replace(/_/g, ' ')}`;
}
