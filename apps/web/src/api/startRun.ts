import { ErrorCodes } from '@synapse/schema';
import { ApiError } from './ApiError';

export interface RunRow {
  id: string;
  workspaceId: string;
  workflowId: string;
  versionId: string;
  status: string;
  createdAt: number;
}

/**
 * Asks the server to freeze the workflow and run it (with `inputs`, e.g. a re-run's; else the Input
 * nodes' defaults). The server also points `meta.lastRunId` at it.
 */
export async function startRun(
  workspaceId: string,
  workflowId: string,
  inputs?: Record<string, string>,
): Promise<RunRow> {
  let res: Response;
  try {
    res = await fetch(
      `/api/workspaces/${encodeURIComponent(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/runs`,
      {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inputs ? { inputs } : {}),
      },
    );
  } catch {
    throw new ApiError(0, ErrorCodes.network, 'Could not reach the server. Runs need a connection.');
  }
  if (!res.ok) throw await ApiError.fromResponse(res);
  const body = (await res.json()) as { run: RunRow };
  return body.run;
}
