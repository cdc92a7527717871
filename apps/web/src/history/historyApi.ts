import { ErrorCodes } from '@synapse/schema';
import { UNAUTHENTICATED_EVENT } from '../account/accountApi';
import { ApiError } from '../api/ApiError';

/** A run as the history lists it (the API's Run). */
export interface HistoryRun {
  id: string;
  workspaceId: string;
  workflowId: string;
  versionId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  requestedBy: string;
  inputs: Record<string, string>;
  error: string | null;
  inputTokens: number;
  outputTokens: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  costUsd: number | null;
  documentName: string;
}

export interface HistoryFilter {
  workflowId?: string;
  status?: string;
  requestedBy?: string;
  from?: number;
  to?: number;
}

export interface UsageBucket {
  day: number | null;
  key: string;
  runs: number;
  succeeded: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface AnalyticsReport {
  from: number;
  to: number;
  byWorkflow: UsageBucket[];
  byModel: UsageBucket[];
  workflowTotals: UsageBucket[];
  modelTotals: UsageBucket[];
  workflowNames: Record<string, string>;
}

export interface SystemHealth {
  status: 'ok' | 'degraded';
  checkedAt: number;
  database: { ok: boolean; latencyMs: number | null };
  queue: { ready: number; deferred: number; active: number; oldestReadyAgeMs: number | null } | null;
  runs: Record<string, number>;
  runners: { busy: number; lastCompletedAt: number | null; stalled: boolean } | null;
  sync: { connections: number; documents: number };
  persistence: {
    inflightRows: number;
    oldestInflightMs: number;
    committedRows: number;
    commits: number;
    failures: number;
    lastCommitMs: number | null;
    meanCommitMs: number | null;
  };
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      ErrorCodes.network,
      'Could not reach the server. History and analytics need a connection.',
    );
  }
  if (res.status === 401) window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
  if (!res.ok) throw await ApiError.fromResponse(res);
  return (await res.json()) as T;
}

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The API history, analytics, templates and health pages use. */
export const historyApi = {
  runs: (workspaceId: string, filter: HistoryFilter, before?: string, limit = 50) =>
    request<{ runs: HistoryRun[]; next: string | null }>(
      'GET',
      `${ws(workspaceId)}/runs${query({ ...filter, before, limit })}`,
    ),
  run: (workspaceId: string, runId: string) =>
    request<{ run: HistoryRun }>('GET', `${ws(workspaceId)}/runs/${encodeURIComponent(runId)}`),
  analytics: (workspaceId: string, from: number, to: number) =>
    request<AnalyticsReport>('GET', `${ws(workspaceId)}/analytics${query({ from, to })}`),
  analyticsCsvUrl: (workspaceId: string, groupBy: 'workflow' | 'model', from: number, to: number) =>
    `${ws(workspaceId)}/analytics.csv${query({ groupBy, from, to })}`,
  systemHealth: () => request<SystemHealth>('GET', '/api/system/health'),
};
