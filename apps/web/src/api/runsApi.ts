import { ErrorCodes } from '@synapse/schema';
import { ApiError } from './ApiError';

export interface RunSummary {
  id: string;
  workflowId: string;
  status: string;
  requestedBy: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  error: string | null;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, ErrorCodes.network, 'Could not reach the server.');
  }
  if (!res.ok) throw await ApiError.fromResponse(res);
  return (await res.json()) as T;
}

const runsPath = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

/** The workflow's runs, newest first. */
export async function listRuns(workspaceId: string, workflowId: string): Promise<RunSummary[]> {
  const body = await call<{ runs: RunSummary[] }>(
    `${runsPath(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/runs`,
  );
  return body.runs;
}

/** Asks the server to cancel a run; the run document shows the result to everyone. */
export async function cancelRun(workspaceId: string, runId: string): Promise<RunSummary> {
  const body = await call<{ run: RunSummary }>(
    `${runsPath(workspaceId)}/runs/${encodeURIComponent(runId)}/cancel`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    },
  );
  return body.run;
}
