// Patch deployments' API shapes and TanStack Query hooks (issue 14 item 7,
// src/server/api/deployment_routes.cc): an approved change's updates going
// out to its devices as signed commands in each device's change window,
// with each device's state and each package's result, and the second
// technician's approval a large deployment waits for.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export type DeploymentStatus = 'awaiting_approval' | 'active' | 'done' | 'rejected';
export type TargetState = 'waiting' | 'sent' | 'installed' | 'partial' | 'failed' | 'held' | 'skipped';
export type PackageOutcome = 'installed' | 'failed' | 'held';
export type RebootPolicy = 'never' | 'if_required' | 'always';
export type MissedWindowPolicy = 'next_window' | 'when_online';
export type RebootState = 'none' | 'rebooting' | 'back' | 'overdue';
export type SecondApprovalDecision = 'pending' | 'approved' | 'rejected';

export interface PackageResult {
  name: string;
  outcome: PackageOutcome;
  // What dpkg records afterwards.
  version: string;
  exit_code: number | null;
  log_tail: string;
  // Why it was held.
  reason: string;
}

export interface TargetReboot {
  state: RebootState;
  since: string | null;
  deadline: string | null;
}

export interface Target {
  device_id: number;
  device_name: string;
  // The versions pending on this device when the deployment was made.
  packages: Array<{ name: string; version: string }>;
  state: TargetState;
  // Why it waits, was skipped or ended as it did.
  reason: string;
  command_id: number | null;
  attempts: number;
  next_attempt_at: string | null;
  // Of the last command.
  results: PackageResult[];
  reboot_required: boolean;
  // Absent from servers built before the reboot tracking.
  reboot?: TargetReboot;
}

export interface SecondApproval {
  // Why a second technician must approve (e.g. the number of devices).
  reason: string;
  decision: SecondApprovalDecision;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
  comment: string;
}

export interface Deployment {
  id: number;
  customer_id: number;
  change_id: number;
  packages: string[];
  reboot: RebootPolicy;
  missed_window: MissedWindowPolicy;
  status: DeploymentStatus;
  created_by: number | null;
  // The next two are absent from servers built before the second approval.
  created_by_name?: string | null;
  second_approval?: SecondApproval | null;
  created_at: string;
  updated_at: string;
  targets: Target[];
}

export interface NewDeploymentBody {
  packages: string[];
  // The change's devices; all of them when left out.
  device_ids?: number[];
  reboot: RebootPolicy;
  missed_window: MissedWindowPolicy;
}

export interface DeploymentDecisionBody {
  decision: 'approve' | 'reject';
  comment: string;
}

// ---------- plain calls ----------

export function getDeployment(id: number) {
  return api.get<Deployment>(`/api/v1/deployments/${id}`);
}

export function getChangeDeployments(changeId: number) {
  return api.get<Deployment[]>(`/api/v1/changes/${changeId}/deployments`);
}

// ---------- hooks ----------

export function useDeployment(id: number, opts: { refetchInterval?: (d: Deployment | undefined) => number | false } = {}) {
  const every = opts.refetchInterval;
  return useQuery({
    queryKey: ['deployments', 'one', id],
    queryFn: () => getDeployment(id),
    retry: false,
    refetchInterval: every ? (q) => every(q.state.data) : undefined,
  });
}

// Newest first.
export function useChangeDeployments(
  changeId: number,
  opts: { enabled?: boolean; refetchInterval?: (d: Deployment[] | undefined) => number | false } = {},
) {
  const every = opts.refetchInterval;
  return useQuery({
    queryKey: ['deployments', 'change', changeId],
    queryFn: () => getChangeDeployments(changeId),
    enabled: opts.enabled ?? true,
    retry: false,
    refetchInterval: every ? (q) => every(q.state.data) : undefined,
  });
}

export function useCreateDeployment(changeId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewDeploymentBody) => api.post<Deployment>(`/api/v1/changes/${changeId}/deployments`, body),
    onSuccess: (d) => {
      qc.setQueryData(['deployments', 'one', d.id], d);
      return qc.invalidateQueries({ queryKey: ['deployments', 'change', changeId] });
    },
  });
}

// The second technician's decision: the answer replaces the page's copy; a
// refusal (409: decided meanwhile) reloads it.
export function useDecideDeployment(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeploymentDecisionBody) => api.post<Deployment>(`/api/v1/deployments/${id}/approvals`, body),
    onSuccess: (d) => {
      qc.setQueryData(['deployments', 'one', id], d);
      return qc.invalidateQueries({ queryKey: ['deployments', 'change', d.change_id] });
    },
    onError: () => qc.invalidateQueries({ queryKey: ['deployments', 'one', id] }),
  });
}
