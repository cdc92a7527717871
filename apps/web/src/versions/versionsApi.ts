import type { Version, VersionDetail } from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

const OFFLINE = 'Could not reach the server. Versions need a connection.';

const versionsPath = (workspaceId: string, workflowId: string) =>
  `${workspacePath(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/versions`;

/** The workflow's versions, newest first: named ones and those frozen by runs. */
export async function listVersions(workspaceId: string, workflowId: string): Promise<Version[]> {
  const path = versionsPath(workspaceId, workflowId);
  return (await apiRequest<{ versions: Version[] }>(path, { offlineMessage: OFFLINE })).versions;
}

/** One version with its graph. */
export async function getVersion(
  workspaceId: string,
  workflowId: string,
  versionId: string,
): Promise<VersionDetail> {
  const path = `${versionsPath(workspaceId, workflowId)}/${encodeURIComponent(versionId)}`;
  return (await apiRequest<{ version: VersionDetail }>(path, { offlineMessage: OFFLINE })).version;
}

/** Freezes the workflow as the server holds it now under `name`. */
export async function saveVersion(workspaceId: string, workflowId: string, name: string): Promise<Version> {
  const body = await apiRequest<{ version: Version }>(versionsPath(workspaceId, workflowId), {
    method: 'POST',
    body: { name },
    offlineMessage: OFFLINE,
  });
  return body.version;
}

/** Marks a saved version as the workflow's published one (what automation runs by default). */
export async function publishVersion(
  workspaceId: string,
  workflowId: string,
  versionId: string,
): Promise<Version> {
  const path = `${versionsPath(workspaceId, workflowId)}/${encodeURIComponent(versionId)}/publish`;
  const body = await apiRequest<{ version: Version }>(path, {
    method: 'POST',
    body: {},
    offlineMessage: OFFLINE,
  });
  return body.version;
}
