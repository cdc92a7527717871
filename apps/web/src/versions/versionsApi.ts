import { ErrorCodes, type WorkflowGraph } from '@synapse/schema';
import { ApiError } from '../api/ApiError';

/** A version as listed by `GET …/versions`. */
export interface VersionSummary {
  id: string;
  workflowId: string;
  /** `run`: frozen when a run started; `manual`: saved by someone with a name. */
  reason: 'run' | 'manual';
  name: string | null;
  createdBy: string;
  createdAt: number;
  runId: string | null;
  nodeCount: number;
}

export interface VersionDetail extends Omit<VersionSummary, 'runId' | 'nodeCount'> {
  graph: WorkflowGraph;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, ErrorCodes.network, 'Could not reach the server. Versions need a connection.');
  }
  if (!res.ok) throw await ApiError.fromResponse(res);
  return (await res.json()) as T;
}

const versionsPath = (workspaceId: string, workflowId: string) =>
  `/api/workspaces/${encodeURIComponent(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/versions`;

/** The workflow's versions, newest first: named ones and those frozen by runs. */
export async function listVersions(workspaceId: string, workflowId: string): Promise<VersionSummary[]> {
  return (await call<{ versions: VersionSummary[] }>(versionsPath(workspaceId, workflowId))).versions;
}

/** One version with its graph. */
export async function getVersion(
  workspaceId: string,
  workflowId: string,
  versionId: string,
): Promise<VersionDetail> {
  const path = `${versionsPath(workspaceId, workflowId)}/${encodeURIComponent(versionId)}`;
  return (await call<{ version: VersionDetail }>(path)).version;
}

/** Freezes the workflow as the server holds it now under `name`. */
export async function saveVersion(
  workspaceId: string,
  workflowId: string,
  name: string,
): Promise<VersionSummary> {
  const body = await call<{ version: VersionSummary }>(versionsPath(workspaceId, workflowId), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return body.version;
}
