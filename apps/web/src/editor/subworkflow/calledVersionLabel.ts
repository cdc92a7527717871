import type { Version } from '@synapse/schema/api';
import { versionLabel } from '../../versions/versionLabel';
import type { Loaded } from './createLoadCache';

/**
 * How a Sub-workflow node names the version it calls: "Published" for the published one ('' id),
 * else the pinned saved version's name, "Saved version" until the list is known, and "Missing
 * version" when the called workflow has no such version (deleted, or another workflow's id).
 */
export function calledVersionLabel(versionId: string, versions: Loaded<Version[]> | null): string {
  if (versionId === '') return 'Published';
  if (versions?.state !== 'ready') return 'Saved version';
  const version = versions.data.find((v) => v.id === versionId);
  return version ? versionLabel(version) : 'Missing version';
}
