// Patch management's API shapes and TanStack Query hooks (docs/patching.md,
// src/server/api/patch_routes.cc): a device's update records with their
// class, deadline, clock and approval; a person's approve / reject; a
// customer's compliance; the customer's class overrides and the approval
// policy. A decision answers the record as it now is: the lists holding it
// take the new row at once, the compliance figures reload.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client';

export type UpdateClass = 'critical' | 'important' | 'moderate' | 'low' | 'service_release' | 'major_revision';

// Most urgent first, as SPEC §4 lists them.
export const UPDATE_CLASSES: UpdateClass[] = [
  'critical',
  'important',
  'moderate',
  'low',
  'service_release',
  'major_revision',
];

export type UpdateStatus = 'pending' | 'installed';

// ok, warning (75 % of the allowed time gone), overdue; a decision in force
// stops the clock and reads approved or rejected. Null once installed.
export type UpdateClock = 'ok' | 'warning' | 'overdue' | 'approved' | 'rejected';

export type ApprovalState = 'pending' | 'approved' | 'rejected';

export interface UpdateApproval {
  decision: ApprovalState;
  // What holds now: an automatic approval with a delay is approved only
  // from `at` on.
  in_force: ApprovalState;
  at: string | null;
  by: number | null;
  // A person's decision outlives policy changes (and gets no buttons).
  by_person: boolean;
  note: string;
}

export interface DeviceUpdate {
  id: number;
  device_id: number;
  customer_id: number;
  package: string;
  installed_version: string;
  candidate_version: string;
  origin: string;
  severity: string;
  cves: string[];
  advisories: string[];
  reboot_suggested: boolean;
  class: UpdateClass;
  first_seen_at: string;
  last_seen_at: string;
  deadline: string;
  status: UpdateStatus;
  clock: UpdateClock | null;
  resolved_at: string | null;
  approval: UpdateApproval;
}

export type Decision = 'approve' | 'reject';

export interface DecisionBody {
  decision: Decision;
  note?: string;
}

export interface PatchCompliance {
  // Managed devices: servers and workstations that are not retired.
  devices: number;
  // A scan within 48 hours and nothing past its deadline.
  compliant: number;
  fully_patched: number;
  // Never reported, or not for more than 48 hours (never compliant).
  unknown: number;
  // Null without managed devices.
  percent: number | null;
  overdue_by_class: Partial<Record<UpdateClass, number>>;
}

export interface ClassOverride {
  // A package name, or a glob with * and ?.
  pattern: string;
  class: UpdateClass;
}

export type PolicyLevel = 'global' | 'customer' | 'group' | 'device';
export type ApprovalMode = 'automatic' | 'manual' | 'reject';

export interface ApprovalRule {
  class: UpdateClass;
  mode: ApprovalMode;
  // Automatic approvals only: days of soak before they are in force.
  delay_days: number;
}

export interface ApprovalPolicy {
  level: PolicyLevel;
  // 0 at the global level.
  target_id: number;
  rules: ApprovalRule[];
}

// ---------- plain calls ----------

export function getDeviceUpdates(deviceId: number, history = false) {
  return api.get<DeviceUpdate[]>(
    withQuery(`/api/v1/devices/${deviceId}/updates`, { history: history ? 1 : undefined }),
  );
}

export function decideUpdate(deviceId: number, updateId: number, body: DecisionBody) {
  return api.post<DeviceUpdate>(`/api/v1/devices/${deviceId}/updates/${updateId}/approval`, body);
}

export function getPatchCompliance(customerId: number) {
  return api.get<PatchCompliance>(`/api/v1/customers/${customerId}/patch-compliance`);
}

export function getClassOverrides(customerId: number) {
  return api.get<{ overrides: ClassOverride[] }>(`/api/v1/customers/${customerId}/update-class-overrides`);
}

export function putClassOverrides(customerId: number, overrides: ClassOverride[]) {
  return api.put<{ overrides: ClassOverride[] }>(`/api/v1/customers/${customerId}/update-class-overrides`, {
    overrides,
  });
}

export function getApprovalPolicy(level: PolicyLevel = 'global', targetId?: number) {
  return api.get<ApprovalPolicy>(
    withQuery('/api/v1/update-approval-policy', {
      level,
      target_id: level === 'global' ? undefined : targetId,
    }),
  );
}

export function putApprovalPolicy(policy: { level: PolicyLevel; target_id?: number; rules: ApprovalRule[] }) {
  return api.put<ApprovalPolicy>('/api/v1/update-approval-policy', policy);
}

// ---------- hooks ----------

export function useDeviceUpdates(deviceId: number, history = false, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['patching', 'updates', deviceId, history],
    queryFn: () => getDeviceUpdates(deviceId, history),
    enabled: opts.enabled ?? true,
    retry: false,
  });
}

export function useDecideUpdate(deviceId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ updateId, ...body }: DecisionBody & { updateId: number }) =>
      decideUpdate(deviceId, updateId, body),
    onSuccess: (row) => {
      // The row changes in place, in both lists (with and without history).
      for (const history of [false, true]) {
        qc.setQueryData<DeviceUpdate[]>(['patching', 'updates', deviceId, history], (old) =>
          old?.map((u) => (u.id === row.id ? row : u)),
        );
      }
      qc.invalidateQueries({ queryKey: ['patching', 'compliance', row.customer_id] });
    },
    // Refused (say, the update was installed meanwhile): show what is true now.
    onError: () => qc.invalidateQueries({ queryKey: ['patching', 'updates', deviceId] }),
  });
}

export function usePatchCompliance(customerId: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['patching', 'compliance', customerId],
    queryFn: () => getPatchCompliance(customerId),
    enabled: opts.enabled ?? true,
    retry: false,
  });
}

export function useClassOverrides(customerId: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['patching', 'overrides', customerId],
    queryFn: () => getClassOverrides(customerId),
    select: (d) => d.overrides,
    enabled: opts.enabled ?? true,
    retry: false,
  });
}

export function useSetClassOverrides(customerId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (overrides: ClassOverride[]) => putClassOverrides(customerId, overrides),
    onSuccess: (d) => qc.setQueryData(['patching', 'overrides', customerId], d),
  });
}

// One level's rules as a query (the editor reads its own level and, with
// useQueries, the levels it inherits from under the same keys).
export function approvalPolicyQuery(level: PolicyLevel = 'global', targetId?: number) {
  return {
    queryKey: ['patching', 'policy', level, level === 'global' ? 0 : targetId ?? 0],
    queryFn: () => getApprovalPolicy(level, targetId),
    retry: false,
  } as const;
}

export function useApprovalPolicy(level: PolicyLevel = 'global', targetId?: number, opts: { enabled?: boolean } = {}) {
  return useQuery({ ...approvalPolicyQuery(level, targetId), enabled: opts.enabled ?? true });
}

export function useSetApprovalPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: putApprovalPolicy,
    onSuccess: (p) => {
      qc.setQueryData(['patching', 'policy', p.level, p.target_id], p);
      // Updates no person decided follow the new rules from their next scan.
      qc.invalidateQueries({ queryKey: ['patching', 'updates'] });
    },
  });
}

// Change windows (change_window_routes.cc): recurring rules in the
// customer's time zone, per customer, group or device.
export type WindowLevel = 'customer' | 'group' | 'device';

export interface ChangeWindow {
  id: number;
  customer_id: number;
  level: WindowLevel;
  target_id: number;
  name: string;
  rrule: string;
  start: string; // "YYYY-MM-DDTHH:MM", the customer's local time
  duration_minutes: number;
  created_by: number | null;
  created_at: string;
}

export interface DeviceWindows {
  level: WindowLevel | null;
  time_zone: string;
  in_window: boolean;
  next: { window_id: number; start: string; end: string } | null;
  windows: ChangeWindow[];
}

export interface NewChangeWindowBody {
  customer_id?: number;
  group_id?: number;
  device_id?: number;
  name: string;
  rrule: string;
  start: string;
  duration_minutes: number;
}

export function useDeviceWindows(deviceId: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['change-windows', 'device', deviceId],
    queryFn: () => api.get<DeviceWindows>(`/api/v1/devices/${deviceId}/change-windows`),
    enabled: (opts.enabled ?? true) && deviceId > 0,
    retry: false,
  });
}

export function useCustomerWindows(customerId: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['change-windows', 'customer', customerId],
    queryFn: () =>
      api.get<{ time_zone: string; windows: ChangeWindow[] }>(`/api/v1/customers/${customerId}/change-windows`),
    enabled: (opts.enabled ?? true) && customerId > 0,
    retry: false,
  });
}

export function useCreateChangeWindow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewChangeWindowBody) => api.post<ChangeWindow>('/api/v1/change-windows', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['change-windows'] }),
  });
}

export function useDeleteChangeWindow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.del(`/api/v1/change-windows/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['change-windows'] }),
  });
}
