import type { PublishedVersionRepo } from './publishedVersions';
import type { VersionRepo, WorkflowVersion } from './workflowVersions';

/**
 * The saved version a Sub-workflow call runs (ADR 0024): its pinned version, or — `versionId` '' — the
 * called workflow's published one; null when there is none, or it belongs to another workflow or
 * workspace (a call never leaves its workspace). Intake and the runner's re-check both resolve here.
 */
export async function findCalledVersion(
  repos: { versions: Pick<VersionRepo, 'get'>; published?: Pick<PublishedVersionRepo, 'get'> },
  call: { workspaceId: string; workflowId: string; versionId: string },
): Promise<{ version: WorkflowVersion; source: 'published' | 'version' } | null> {
  const source = call.versionId === '' ? 'published' : 'version';
  const versionId =
    source === 'published'
      ? (await repos.published?.get(call.workspaceId, call.workflowId))?.versionId
      : call.versionId;
  if (!versionId) return null;
  const version = await repos.versions.get(versionId);
  if (!version || version.workspaceId !== call.workspaceId || version.workflowId !== call.workflowId)
    return null;
  return { version, source };
}
