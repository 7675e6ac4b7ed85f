// Knowledge base, problems, ticket attachments and the mail triage queue:
// TanStack Query hooks over /api/v1/kb, /problems, /tickets/{id}/attachments
// and /mail/messages. Writes invalidate what they change, and the ticket keys
// too, because a ticket's detail lists its articles and its problem.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client';

export interface ArticleSummary {
  id: number;
  title: string;
  tags: string[];
  status: 'draft' | 'published';
  public: boolean;
  author_id: number | null;
  author: string;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Article extends ArticleSummary {
  body: string;
  body_format?: string;
  ticket_ids?: number[];
}

export interface SearchResult {
  type: 'article' | 'ticket';
  id: number;
  title: string;
  snippet: string;
  score: number;
  customer_id?: number;
}

export interface ArticleInput {
  title: string;
  body: string;
  tags: string[];
  status: 'draft' | 'published';
  public: boolean;
}

export interface ProblemIncident {
  ticket_id: number;
  customer_id: number;
  subject: string;
  status: string;
  priority: string;
  created_at: string;
  linked_at: string | null;
}

export interface Problem {
  id: number;
  title: string;
  description: string;
  status: 'open' | 'known_error' | 'resolved' | 'closed';
  root_cause: string | null;
  workaround: string | null;
  known_error: boolean;
  assignee_id: number | null;
  customer_id: number | null;
  // The change whose watch opened it (a spike of incidents after it).
  change_id?: number | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  incident_count?: number;
  incidents?: ProblemIncident[];
  history?: Array<{ at: string; actor: string; kind: string; old_value: string | null; new_value: string | null; note: string | null }>;
}

export interface ProblemGroup {
  kind: 'ci' | 'symptom';
  ci_id: number | null;
  ci_name?: string | null;
  symptom: string | null;
  ticket_ids: number[];
  count: number;
  customer_ids: number[];
  first_at: string | null;
  last_at: string | null;
}

export interface Attachment {
  id: number;
  ticket_id?: number;
  reply_id: number | null;
  internal: boolean;
  file_name: string;
  content_type: string;
  size_bytes: number;
  truncated: boolean;
  original_size: number;
  source: string;
  created_at: string;
}

export interface MailMessage {
  id: number;
  message_id: string;
  from_address: string;
  from_name: string | null;
  subject: string;
  body: string;
  outcome: string;
  reason: string | null;
  customer_id: number | null;
  ticket_id: number | null;
  received_at: string;
  attachments?: Attachment[];
}

// The server's limit (mail branch: 10 MiB); checked here first so a user
// learns it before sending megabytes for a 413.
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function useArticles(opts: { status?: string; tag?: string } = {}) {
  return useQuery({
    queryKey: ['kb', 'list', opts],
    queryFn: () => api.get<{ articles: ArticleSummary[] }>(withQuery('/api/v1/kb/articles', { ...opts, limit: 500 })),
    select: (d) => d.articles,
  });
}

export function useArticle(id: number) {
  return useQuery({
    queryKey: ['kb', 'one', id],
    queryFn: () => api.get<Article>(`/api/v1/kb/articles/${id}`),
    retry: false,
    enabled: id > 0,
  });
}

export function useKbSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['kb', 'search', query],
    queryFn: () => api.get<{ results: SearchResult[] }>(withQuery('/api/v1/kb/search', { q: query, limit: 30 })),
    select: (d) => d.results,
    enabled: query.length > 0,
  });
}

function useKbWrite<TBody, TResult>(fn: (body: TBody) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['kb'] });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      void qc.invalidateQueries({ queryKey: ['problems'] });
    },
  });
}

export function useSaveArticle(id?: number) {
  return useKbWrite((body: ArticleInput) =>
    id ? api.patch<Article>(`/api/v1/kb/articles/${id}`, body) : api.post<Article>('/api/v1/kb/articles', body),
  );
}

export function useDeleteArticle() {
  return useKbWrite((id: number) => api.del<void>(`/api/v1/kb/articles/${id}`));
}

export function useTicketSuggestions(ticketId: number, enabled = true) {
  return useQuery({
    queryKey: ['kb', 'suggestions', ticketId],
    queryFn: () => api.get<{ results: SearchResult[] }>(`/api/v1/tickets/${ticketId}/suggestions?limit=6`),
    select: (d) => d.results,
    retry: false,
    enabled,
  });
}

export function useLinkArticle(ticketId: number) {
  return useKbWrite((articleId: number) => api.post(`/api/v1/tickets/${ticketId}/kb-links`, { article_id: articleId }));
}

export function useUnlinkArticle(ticketId: number) {
  return useKbWrite((articleId: number) => api.del<void>(`/api/v1/tickets/${ticketId}/kb-links/${articleId}`));
}

export function useProblems(status?: string) {
  return useQuery({
    queryKey: ['problems', 'list', status ?? ''],
    queryFn: () => api.get<{ problems: Problem[] }>(withQuery('/api/v1/problems', { status })),
    select: (d) => d.problems,
  });
}

export function useProblem(id: number) {
  return useQuery({
    queryKey: ['problems', 'one', id],
    queryFn: () => api.get<Problem>(`/api/v1/problems/${id}`),
    retry: false,
    enabled: id > 0,
  });
}

export function useProblemSuggestions(enabled = true) {
  return useQuery({
    queryKey: ['problems', 'suggestions'],
    queryFn: () => api.get<{ groups: ProblemGroup[]; min_incidents: number; window_days: number }>('/api/v1/problems/suggestions'),
    enabled,
  });
}

export interface NewProblem {
  title: string;
  ticket_ids: number[];
  description?: string;
  root_cause?: string;
  workaround?: string;
  known_error?: boolean;
}

export function useCreateProblem() {
  return useKbWrite((body: NewProblem) => api.post<Problem>('/api/v1/problems', body));
}

export interface ProblemPatch {
  status?: string;
  title?: string;
  description?: string;
  root_cause?: string;
  workaround?: string;
  known_error?: boolean;
  note?: string;
}

export function useUpdateProblem(id: number) {
  return useKbWrite((body: ProblemPatch) => api.patch<Problem>(`/api/v1/problems/${id}`, body));
}

export function useLinkIncident(id: number) {
  return useKbWrite((ticketId: number) => api.post<Problem>(`/api/v1/problems/${id}/incidents/${ticketId}`));
}

export function useUnlinkIncident(id: number) {
  return useKbWrite((ticketId: number) => api.del<Problem>(`/api/v1/problems/${id}/incidents/${ticketId}`));
}

export function attachmentUrl(ticketId: number, attachmentId: number): string {
  return `/api/v1/tickets/${ticketId}/attachments/${attachmentId}`;
}

export function useAttachments(ticketId: number) {
  return useQuery({
    queryKey: ['tickets', 'attachments', ticketId],
    queryFn: () => api.get<{ attachments: Attachment[] }>(`/api/v1/tickets/${ticketId}/attachments`),
    select: (d) => d.attachments,
    retry: false,
  });
}

export function useUploadAttachment(ticketId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, internal }: { file: File; internal: boolean }) =>
      api.upload<Attachment>(
        withQuery(`/api/v1/tickets/${ticketId}/attachments`, { file_name: file.name, internal: internal ? 'true' : undefined }),
        file,
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['tickets', 'attachments', ticketId] }),
  });
}

export function useTriage(enabled = true) {
  return useQuery({
    queryKey: ['mail', 'triage'],
    queryFn: () => api.get<{ messages: MailMessage[] }>('/api/v1/mail/messages?outcome=triage&limit=200'),
    select: (d) => d.messages,
    retry: false,
    enabled,
  });
}

export function useTriageToTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, customerId }: { messageId: number; customerId: number }) =>
      api.post<{ id: number }>(`/api/v1/mail/messages/${messageId}/ticket`, { customer_id: customerId }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['mail'] });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}
