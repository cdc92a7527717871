import type { AnalyticsReport, MemoryUsageReport, RunPage, RunRow, SystemHealth } from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

export interface HistoryFilter {
  workflowId?: string;
  status?: string;
  requestedBy?: string;
  from?: number;
  to?: number;
}

const OFFLINE = 'Could not reach the server. History and analytics need a connection.';

/** The API history, analytics, templates and health pages use. */
export const historyApi = {
  runs: (workspaceId: string, filter: HistoryFilter, before?: string, limit = 50) =>
    apiRequest<RunPage>(`${workspacePath(workspaceId)}/runs`, {
      query: { ...filter, before, limit },
      offlineMessage: OFFLINE,
    }),
  /** The newest run of each workflow that has run, however far back (one per workflow). */
  latestRuns: (workspaceId: string) =>
    apiRequest<{ runs: RunRow[] }>(`${workspacePath(workspaceId)}/latest-runs`, { offlineMessage: OFFLINE }),
  run: (workspaceId: string, runId: string) =>
    apiRequest<{ run: RunRow }>(`${workspacePath(workspaceId)}/runs/${encodeURIComponent(runId)}`, {
      offlineMessage: OFFLINE,
    }),
  analytics: (workspaceId: string, from: number, to: number) =>
    apiRequest<AnalyticsReport>(`${workspacePath(workspaceId)}/analytics`, {
      query: { from, to },
      offlineMessage: OFFLINE,
    }),
  memoryUsage: (workspaceId: string, from: number, to: number, workflowId?: string) =>
    apiRequest<MemoryUsageReport>(`${workspacePath(workspaceId)}/analytics/memory`, {
      query: { from, to, workflowId },
      offlineMessage: OFFLINE,
    }),
  analyticsCsvUrl: (
    workspaceId: string,
    groupBy: 'workflow' | 'model' | 'memory',
    from: number,
    to: number,
  ) =>
    `${workspacePath(workspaceId)}/analytics.csv?${new URLSearchParams({ groupBy, from: String(from), to: String(to) })}`,
  systemHealth: () => apiRequest<SystemHealth>('/api/system/health', { offlineMessage: OFFLINE }),
};
