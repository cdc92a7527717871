import type { RunRow } from '@synapse/schema/api';
import { apiRequest } from './apiRequest';
import { workspacePath } from './workspacePath';

const OFFLINE = 'Could not reach the server. Runs need a connection.';

const workflowRuns = (workspaceId: string, workflowId: string) =>
  `${workspacePath(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/runs`;

/**
 * Asks the server to freeze the workflow and run it (with `inputs`, e.g. a re-run's; else the Input
 * nodes' defaults). The server also points `meta.lastRunId` at it.
 */
export async function startRun(
  workspaceId: string,
  workflowId: string,
  inputs?: Record<string, string>,
): Promise<RunRow> {
  const body = await apiRequest<{ run: RunRow }>(workflowRuns(workspaceId, workflowId), {
    method: 'POST',
    body: inputs ? { inputs } : {},
    offlineMessage: OFFLINE,
  });
  return body.run;
}

/** The workflow's runs, newest first. */
export async function listRuns(workspaceId: string, workflowId: string): Promise<RunRow[]> {
  const body = await apiRequest<{ runs: RunRow[] }>(workflowRuns(workspaceId, workflowId), {
    offlineMessage: OFFLINE,
  });
  return body.runs;
}

/** Asks the server to cancel a run; the run document shows the result to everyone. */
export async function cancelRun(workspaceId: string, runId: string): Promise<RunRow> {
  const path = `${workspacePath(workspaceId)}/runs/${encodeURIComponent(runId)}/cancel`;
  const body = await apiRequest<{ run: RunRow }>(path, { method: 'POST', body: {}, offlineMessage: OFFLINE });
  return body.run;
}
