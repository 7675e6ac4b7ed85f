// TanStack Query hooks, one per API read the screens use. Keys start with
// the resource so a write can invalidate everything that shows it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client';
import type {
  Alert,
  Ci,
  CiHistoryEntry,
  Contact,
  Customer,
  DeviceMetricList,
  DeviceStatus,
  DocumentMeta,
  MetricResponse,
  Paged,
  SearchResult,
  Site,
  VolumeForecast,
} from './types';

export interface AlertFilter {
  status?: string;
  customer_id?: number;
  device_id?: number;
  condition?: string;
  limit?: number;
}

export function useAlerts(filter: AlertFilter, opts: { refetchInterval?: number | (() => number | false) } = {}) {
  return useQuery({
    queryKey: ['alerts', filter],
    queryFn: () =>
      api.get<{ alerts: Alert[] }>(withQuery('/api/v1/alerts', { ...filter } as Record<string, string | number>)),
    select: (d) => d.alerts,
    refetchInterval: opts.refetchInterval,
  });
}

export function useAlert(id: number) {
  return useQuery({
    queryKey: ['alerts', 'one', id],
    queryFn: () => api.get<Alert>(`/api/v1/alerts/${id}`),
    retry: false,
  });
}

export function useAcknowledge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<Alert>(`/api/v1/alerts/${id}/ack`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['alerts'] }),
  });
}

export function useCustomers(q?: string, opts: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: opts.enabled ?? true,
    queryKey: ['customers', q ?? ''],
    queryFn: () =>
      api.get<Paged & { customers: Customer[] }>(withQuery('/api/v1/customers', { q, limit: 500 })),
  });
}

export function useCustomer(id: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['customers', 'one', id],
    queryFn: () => api.get<Customer>(`/api/v1/customers/${id}`),
    retry: false,
    enabled: opts.enabled ?? true,
  });
}

export function useSites(customerId: number) {
  return useQuery({
    queryKey: ['sites', customerId],
    queryFn: () => api.get<Paged & { sites: Site[] }>(`/api/v1/customers/${customerId}/sites`),
    select: (d) => d.sites,
    retry: false,
  });
}

export function useContacts(customerId: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: opts.enabled ?? true,
    queryKey: ['contacts', customerId],
    queryFn: () =>
      api.get<Paged & { contacts: Contact[] }>(
        withQuery('/api/v1/contacts', { customer_id: customerId, limit: 200 }),
      ),
    select: (d) => d.contacts,
    retry: false,
  });
}

export function useCis(
  params: { customer_id?: number; kind?: string; q?: string; limit?: number },
  opts: { enabled?: boolean } = {},
) {
  return useQuery({
    enabled: opts.enabled ?? true,
    queryKey: ['cis', params],
    queryFn: () =>
      api.get<Paged & { cis: Ci[] }>(withQuery('/api/v1/cis', { limit: 500, ...params })),
    retry: false,
  });
}

export function useCi(id: number) {
  return useQuery({
    queryKey: ['cis', 'one', id],
    queryFn: () => api.get<Ci>(`/api/v1/cis/${id}`),
    retry: false,
  });
}

export function useCiHistory(id: number) {
  return useQuery({
    queryKey: ['cis', 'history', id],
    queryFn: () => api.get<{ history?: CiHistoryEntry[]; entries?: CiHistoryEntry[] }>(`/api/v1/cis/${id}/history`),
    select: (d) => d.history ?? d.entries ?? [],
    retry: false,
  });
}

export function useDocuments(customerId: number) {
  return useQuery({
    queryKey: ['documents', customerId],
    queryFn: () =>
      api.get<Paged & { documents: DocumentMeta[] }>(
        withQuery('/api/v1/documents', { customer_id: customerId, limit: 200 }),
      ),
    select: (d) => d.documents,
    retry: false,
  });
}

export function useDeviceStatus(id: number) {
  return useQuery({
    queryKey: ['devices', 'status', id],
    queryFn: () => api.get<DeviceStatus>(`/api/v1/devices/${id}/monitoring`),
    retry: false,
  });
}

export function useDeviceMetrics(id: number) {
  return useQuery({
    queryKey: ['devices', 'metrics', id],
    queryFn: () => api.get<DeviceMetricList>(`/api/v1/devices/${id}/metrics`),
    retry: false,
  });
}

export function useMetricSeries(
  id: number,
  metric: string,
  range: { from: string; to: string; step?: number },
  labels: Record<string, string> = {},
) {
  const params: Record<string, string | number | undefined> = { ...range };
  for (const [k, v] of Object.entries(labels)) params[k === 'mount' ? 'mount' : `label.${k}`] = v;
  return useQuery({
    queryKey: ['devices', 'series', id, metric, params],
    queryFn: () =>
      api.get<MetricResponse>(withQuery(`/api/v1/devices/${id}/metrics/${encodeURIComponent(metric)}`, params)),
    retry: false,
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: () => api.get<{ results: SearchResult[] }>(withQuery('/api/v1/search', { q, limit: 50 })),
    select: (d) => d.results,
    enabled: q.trim().length > 0,
  });
}

export function useForecast(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ['devices', 'forecast', id],
    queryFn: () => api.get<{ device_id: number; volumes: VolumeForecast[] }>(`/api/v1/devices/${id}/forecast`),
    select: (d) => d.volumes,
    enabled,
    retry: false,
  });
}
