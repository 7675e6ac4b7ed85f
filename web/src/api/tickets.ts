// TanStack Query hooks of the service desk. Every write invalidates the
// ticket's keys ('tickets' …) so the queue, the page and the dashboard agree.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client';
import type { StaffMember, Ticket, TicketDetail, TicketReply, TimeEntry } from './types';
import type { TicketListParams } from '../lib/ticketQueue';

export function useTickets(
  params: Partial<TicketListParams>,
  opts: { enabled?: boolean; refetchInterval?: number | (() => number | false) } = {},
) {
  return useQuery({
    queryKey: ['tickets', 'list', params],
    queryFn: () =>
      api.get<{ tickets: Ticket[] }>(withQuery('/api/v1/tickets', { ...params } as Record<string, string | number>)),
    select: (d) => d.tickets,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval,
  });
}

export function useTicket(id: number, opts: { refetchInterval?: number | (() => number | false) } = {}) {
  return useQuery({
    queryKey: ['tickets', 'one', id],
    queryFn: () => api.get<TicketDetail>(`/api/v1/tickets/${id}`),
    retry: false,
    refetchInterval: opts.refetchInterval,
  });
}

export function useTimeEntries(id: number, enabled = true) {
  return useQuery({
    queryKey: ['tickets', 'time', id],
    queryFn: () => api.get<{ entries: TimeEntry[]; total_minutes: number }>(`/api/v1/tickets/${id}/time`),
    retry: false,
    enabled,
  });
}

// Staff only (the portal has no directory): names of assignees and authors.
export function useStaff(enabled = true) {
  return useQuery({
    queryKey: ['staff'],
    queryFn: () => api.get<{ staff: StaffMember[] }>('/api/v1/staff'),
    select: (d) => d.staff,
    enabled,
    staleTime: 5 * 60_000,
  });
}

// Settled, not only succeeded: a 409 means the page was stale, so reload it.
function useTicketWrite<TBody, TResult>(fn: (body: TBody) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

export interface TicketPatch {
  status?: string;
  assignee_id?: number;
  priority?: string;
  resolution?: string;
  tags?: string[];
  note?: string;
}

export function useUpdateTicket(id: number) {
  return useTicketWrite((body: TicketPatch) => api.patch<Ticket>(`/api/v1/tickets/${id}`, body));
}

export function useAddReply(id: number) {
  return useTicketWrite((body: { body: string; internal?: boolean; parent_id?: number }) =>
    api.post<TicketReply>(`/api/v1/tickets/${id}/replies`, body),
  );
}

export function useConfirmResolution(id: number) {
  return useTicketWrite((body: { resolved: boolean; comment?: string }) =>
    api.post<Ticket>(`/api/v1/tickets/${id}/confirmation`, body),
  );
}

export function useEscalate(id: number) {
  return useTicketWrite((body: { to_user_id?: number; vendor?: string; note: string }) =>
    api.post<TicketDetail>(`/api/v1/tickets/${id}/escalations`, body),
  );
}

export function useAddTime(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { minutes: number; work_type: string; billable: boolean; note?: string; work_date?: string }) =>
      api.post<TimeEntry>(`/api/v1/tickets/${id}/time`, body),
    // Logged time changes the customer's included hours left and billable time.
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: ['tickets'] }), qc.invalidateQueries({ queryKey: ['billing'] })]),
  });
}

export function useUpdateTime(id: number) {
  return useTicketWrite(
    ({ entryId, ...body }: { entryId: number; minutes: number; work_type: string; billable: boolean; note?: string }) =>
      api.patch<TimeEntry>(`/api/v1/tickets/${id}/time/${entryId}`, body),
  );
}

export interface NewTicketBody {
  customer_id?: number;
  contact_id?: number;
  subject: string;
  description: string;
  priority: string;
  source?: string;
  symptoms?: string;
  steps_to_reproduce?: string;
  recent_changes?: string;
  ci_ids?: number[];
  tags?: string[];
}

export function useCreateTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewTicketBody) => api.post<Ticket>('/api/v1/tickets', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tickets'] }),
  });
}
