// Change management's API shapes and TanStack Query hooks (SPEC §6,
// src/server/api/change_routes.cc): requests for change with their review,
// votes and history, the conflicts of a planned window, the change calendar
// and the freezes. Every write answers the change as it now is: the page
// takes it at once and the lists and the calendar reload.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client';
import type { DeviceWindows } from './patching';

export type ChangeType = 'standard' | 'normal' | 'emergency';
export type ChangeStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'scheduled' | 'implemented' | 'closed';
export type Rating = 'low' | 'medium' | 'high';
export type Outcome = 'successful' | 'failed' | 'backed_out' | 'withdrawn';
export type Vote = 'approve' | 'reject';

export interface ChangeSummary {
  id: number;
  ref: string;
  customer_id: number;
  customer_name: string;
  title: string;
  type: ChangeType;
  status: ChangeStatus;
  risk: Rating | null;
  planned_start: string | null;
  planned_end: string | null;
  ticket_id: number | null;
  updated_at: string;
}

export interface ChangeApproval {
  id: number;
  user_id: number | null;
  name: string;
  role: 'reviewer' | 'customer';
  decision: Vote;
  comment: string;
  at: string;
}

export interface ChangeEvent {
  at: string;
  actor: string;
  from: string;
  to: string;
  note: string;
}

// The 72-hour watch after a change is implemented (issue 14 item 8):
// incidents on its CIs against their 28-day baseline. problem_id is null for
// the customer's own people (they never see problem records).
export type WatchState = 'watching' | 'quiet' | 'spike';
export interface ChangeWatch {
  state: WatchState;
  starts_at: string;
  ends_at: string;
  checked_at: string | null;
  baseline_incidents: number;
  observed_incidents: number;
  expected_incidents: number;
  spike_threshold: number;
  problem_id: number | null;
}

export interface Change extends ChangeSummary {
  description: string;
  reason: string;
  components: string;
  impact: Rating | null;
  backout_plan: string;
  test_plan: string;
  cost_estimate_cents: number | null;
  quorum: number;
  customer_approval: boolean;
  requested_by: { id: number; name: string } | null;
  reviewers: Array<{ user_id: number; name: string }>;
  cis: Array<{ id: number; name: string; kind: string }>;
  approvals: ChangeApproval[];
  events: ChangeEvent[];
  outcome: Outcome | null;
  review: string;
  watch: ChangeWatch | null;
  created_at: string;
  allowed_moves: ChangeStatus[];
  missing_for_submit: string[];
}

// What a person writes (create, and the edits of a draft).
export interface ChangeFieldsBody {
  title?: string;
  type?: ChangeType;
  description?: string;
  reason?: string;
  components?: string;
  risk?: Rating | null;
  impact?: Rating | null;
  backout_plan?: string;
  test_plan?: string;
  cost_estimate_cents?: number | null;
  ci_ids?: number[];
  reviewer_ids?: number[];
  quorum?: number;
  customer_approval?: boolean;
  planned_start?: string | null;
  planned_end?: string | null;
}

export interface NewChangeBody extends ChangeFieldsBody {
  customer_id: number;
  title: string;
  type: ChangeType;
  ticket_id?: number;
}

export interface ChangePatch extends ChangeFieldsBody {
  status?: ChangeStatus;
  note?: string;
  outcome?: Outcome;
  review?: string;
}

export type ConflictKind = 'overlap' | 'outside_window' | 'freeze';

export interface Conflict {
  kind: ConflictKind;
  message: string;
  // False for what only warns: an emergency change may go outside its
  // windows and into a freeze.
  blocking?: boolean;
  change_id?: number | null;
  ci_id?: number | null;
  freeze_id?: number | null;
}

export interface Freeze {
  id: number;
  customer_id: number | null;
  customer_name: string | null;
  name: string;
  starts_at: string;
  ends_at: string;
}

export interface ChangeCalendar {
  changes: ChangeSummary[];
  freezes: Freeze[];
}

export interface NewFreezeBody {
  customer_id: number | null;
  name: string;
  starts_at: string;
  ends_at: string;
}

export interface ChangeFilter {
  customer_id?: number;
  status?: string;
}

// ---------- plain calls ----------

export function getChanges(filter: ChangeFilter) {
  return api.get<{ changes: ChangeSummary[] }>(withQuery('/api/v1/changes', { ...filter }));
}

export function getChange(id: number) {
  return api.get<Change>(`/api/v1/changes/${id}`);
}

export function getConflicts(id: number, start: string, end: string) {
  return api.get<{ conflicts: Conflict[] }>(withQuery(`/api/v1/changes/${id}/conflicts`, { start, end }));
}

export function getCalendar(from: string, to: string, customerId?: number) {
  return api.get<ChangeCalendar>(withQuery('/api/v1/change-calendar', { from, to, customer_id: customerId }));
}

// ---------- hooks ----------

export function useChanges(filter: ChangeFilter, opts: { enabled?: boolean; refetchInterval?: number | (() => number | false) } = {}) {
  return useQuery({
    queryKey: ['changes', 'list', filter],
    queryFn: () => getChanges(filter),
    select: (d) => d.changes,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval,
  });
}

export function useChange(id: number, opts: { refetchInterval?: number | (() => number | false) } = {}) {
  return useQuery({
    queryKey: ['changes', 'one', id],
    queryFn: () => getChange(id),
    retry: false,
    refetchInterval: opts.refetchInterval,
  });
}

// The schedule form's preview: asked only for a whole, valid window.
export function useConflicts(id: number, start: string | null, end: string | null) {
  return useQuery({
    queryKey: ['changes', 'conflicts', id, start, end],
    queryFn: () => getConflicts(id, start!, end!),
    select: (d) => d.conflicts,
    enabled: !!start && !!end && start < end,
    retry: false,
    staleTime: 0,
  });
}

export function useChangeCalendar(from: string, to: string, customerId?: number) {
  return useQuery({
    queryKey: ['changes', 'calendar', from, to, customerId ?? 0],
    queryFn: () => getCalendar(from, to, customerId),
    retry: false,
  });
}

export function useCreateChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewChangeBody) => api.post<Change>('/api/v1/changes', body),
    onSuccess: (c) => {
      qc.setQueryData(['changes', 'one', c.id], c);
      return qc.invalidateQueries({ queryKey: ['changes', 'list'] });
    },
  });
}

// A change's writes (edits, moves, votes): the answer replaces the page's
// copy; a refusal (409: someone moved it meanwhile) reloads it, so the
// moves offered are the ones valid now.
function useChangeWrite<TBody>(id: number, fn: (body: TBody) => Promise<Change>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (c) => {
      qc.setQueryData(['changes', 'one', id], c);
      return Promise.all([
        qc.invalidateQueries({ queryKey: ['changes', 'list'] }),
        qc.invalidateQueries({ queryKey: ['changes', 'calendar'] }),
        qc.invalidateQueries({ queryKey: ['tickets'] }),
      ]);
    },
    onError: () => qc.invalidateQueries({ queryKey: ['changes', 'one', id] }),
  });
}

export function useUpdateChange(id: number) {
  return useChangeWrite(id, (body: ChangePatch) => api.patch<Change>(`/api/v1/changes/${id}`, body));
}

export function useVoteChange(id: number) {
  return useChangeWrite(id, (body: { decision: Vote; comment: string }) =>
    api.post<Change>(`/api/v1/changes/${id}/approvals`, body),
  );
}

export function useCreateFreeze() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewFreezeBody) => api.post<Freeze>('/api/v1/change-freezes', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['changes', 'calendar'] }),
  });
}

export function useDeleteFreeze() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.del<void>(`/api/v1/change-freezes/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['changes', 'calendar'] }),
  });
}

// A CI's change windows with the occurrence open at, or next after, `at`
// (default now): the schedule form's "use the next window".
export function useNextWindow(deviceId: number, at: string | null, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['change-windows', 'device', deviceId, 'at', at ?? ''],
    queryFn: () => api.get<DeviceWindows>(withQuery(`/api/v1/devices/${deviceId}/change-windows`, { at })),
    enabled: (opts.enabled ?? true) && deviceId > 0,
    retry: false,
  });
}
