// Agents and remote commands (docs/api.md "Agents",
// src/server/api/agent_routes.cc): a device's agent and its trust state,
// the script library, and the command runs with their output.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { isIdle } from '../lib/activity';
import { commandPollInterval } from '../lib/commands';

export type AgentStatus = 'quarantined' | 'approved' | 'revoked';

export interface Agent {
  device_id: number;
  customer_id: number;
  device_name: string;
  status: AgentStatus;
  machine_id: string;
  agent_version: string;
  commands_enabled: boolean;
  enrolled_at: string;
  approved_at: string | null;
  revoked_at: string | null;
  last_connected_at: string | null;
  last_seen_at: string | null;
  last_inventory_at?: string | null;
  remote_ip?: string | null;
  // A re-enrolment waiting in quarantine: the device whose machine id it
  // enrolled with. Approving binds it there (the old agent is cut off).
  claims_device_id?: number | null;
}

export interface Script {
  id: number;
  name: string;
  description: string;
  interpreter: string;
  body: string;
  updated_at: string;
}

// pending → delivered → running → completed | timed_out | failed; or
// refused (the agent's checks), expired (never delivered in time),
// cancelled (agent revoked).
export interface CommandRun {
  id: number;
  customer_id: number;
  device_id: number;
  script_id: number | null;
  interpreter: string;
  script: string;
  args: string[];
  timeout_seconds: number;
  status: string;
  refusal: string | null;
  exit_code: number | null;
  requested_by: number | null;
  created_at: string;
  expires_at: string;
  delivered_at: string | null;
  completed_at: string | null;
  // Only on GET /api/v1/commands/{id} (and the POST answer).
  stdout?: string;
  stderr?: string;
}

export interface NewCommand {
  script?: string;
  script_id?: number;
  args?: string[];
  timeout_seconds?: number;
  expires_in_seconds?: number;
}

// The device's agent, or null when none is enrolled. Read from the
// customer's agent list (never a 404 for a device without an agent).
export function useAgent(deviceId: number, customerId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: ['agents', 'customer', customerId],
    queryFn: () => api.get<{ agents: Agent[] }>(`/api/v1/agents?customer_id=${customerId}`),
    select: (d) => d.agents.find((a) => a.device_id === deviceId) ?? null,
    retry: false,
    enabled: enabled && customerId !== undefined,
  });
}

export function useAgentAction(deviceId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      action:
        | { kind: 'approve'; asNewDevice?: boolean }
        | { kind: 'revoke' }
        | { kind: 'commands'; enabled: boolean },
    ) =>
      action.kind === 'commands'
        ? api.patch<Agent>(`/api/v1/agents/${deviceId}`, { commands_enabled: action.enabled })
        : action.kind === 'approve' && action.asNewDevice
          ? api.post<Agent>(`/api/v1/agents/${deviceId}/approve`, { as_new_device: true })
          : api.post<Agent>(`/api/v1/agents/${deviceId}/${action.kind}`),
    onSuccess: (agent) => {
      qc.setQueryData<{ agents: Agent[] }>(['agents', 'customer', agent.customer_id], (old) =>
        old ? { agents: old.agents.map((a) => (a.device_id === agent.device_id ? agent : a)) } : old,
      );
      qc.invalidateQueries({ queryKey: ['agents'] });
      // Revoking cancels the pending runs.
      qc.invalidateQueries({ queryKey: ['commands'] });
    },
  });
}

export function useScripts(enabled = true) {
  return useQuery({
    queryKey: ['scripts'],
    queryFn: () => api.get<{ scripts: Script[] }>('/api/v1/scripts'),
    select: (d) => d.scripts,
    staleTime: 60_000,
    enabled,
  });
}

export function useDeviceCommands(deviceId: number, enabled = true) {
  return useQuery({
    queryKey: ['commands', 'device', deviceId],
    queryFn: () => api.get<{ commands: CommandRun[] }>(`/api/v1/devices/${deviceId}/commands`),
    select: (d) => d.commands,
    retry: false,
    enabled,
  });
}

// One run with its output; polled every second until it reaches a final
// status, so the output of a running command streams in — but not while
// the user is away (a run queued for an offline agent must not keep an
// unattended session alive; see lib/activity.ts).
export function useCommand(id: number) {
  return useQuery({
    queryKey: ['commands', 'one', id],
    queryFn: () => api.get<CommandRun>(`/api/v1/commands/${id}`),
    refetchInterval: (q) => (isIdle() ? false : commandPollInterval(q.state.data, q.state.error)),
    retry: false,
  });
}

export function useRunCommand(deviceId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCommand) => api.post<CommandRun>(`/api/v1/devices/${deviceId}/commands`, body),
    onSuccess: (run) => {
      qc.setQueryData(['commands', 'one', run.id], run);
      // The new run goes to the top at once; the list then reloads.
      qc.setQueryData<{ commands: CommandRun[] }>(['commands', 'device', deviceId], (old) =>
        old ? { commands: [run, ...old.commands.filter((c) => c.id !== run.id)] } : old,
      );
      qc.invalidateQueries({ queryKey: ['commands', 'device', deviceId] });
    },
  });
}
