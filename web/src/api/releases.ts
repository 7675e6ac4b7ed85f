// Releases (issue 14 item 6, docs/patching.md "Releases: the test group
// first"): a change's updates installed on the customer's test group and
// left to soak before the change may be approved. Newest first.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export type ReleaseStatus = 'testing' | 'soaking' | 'passed' | 'failed';

export interface Release {
  id: number;
  customer_id: number;
  change_id: number;
  test_group_id: number;
  test_group_name: string;
  deployment_id: number | null;
  packages: string[];
  soak_hours: number;
  status: ReleaseStatus;
  // Why it failed (naming the device or the ticket), or what it waits for.
  reason: string;
  soak_started_at: string | null;
  soak_ends_at: string | null;
  decided_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface NewReleaseBody {
  test_group_id: number;
  packages: string[];
  soak_hours: number;
}

export function getChangeReleases(changeId: number) {
  return api.get<Release[]>(`/api/v1/changes/${changeId}/releases`);
}

export function useChangeReleases(
  changeId: number,
  opts: { enabled?: boolean; refetchInterval?: (d: Release[] | undefined) => number | false } = {},
) {
  const every = opts.refetchInterval;
  return useQuery({
    queryKey: ['releases', 'change', changeId],
    queryFn: () => getChangeReleases(changeId),
    enabled: opts.enabled ?? true,
    retry: false,
    refetchInterval: every ? (q) => every(q.state.data) : undefined,
  });
}

export function useCreateRelease(changeId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewReleaseBody) => api.post<Release>(`/api/v1/changes/${changeId}/releases`, body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['releases', 'change', changeId] }),
        qc.invalidateQueries({ queryKey: ['deployments', 'change', changeId] }),
      ]),
  });
}
