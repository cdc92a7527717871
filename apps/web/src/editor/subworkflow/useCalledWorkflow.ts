import { declaredRunInputs, type InputVariable } from '@synapse/schema';
import type { Version } from '@synapse/schema/api';
import { useEffect, useSyncExternalStore } from 'react';
import { getVersion, listVersions } from '../../versions/versionsApi';
import { createLoadCache, type LoadCache, type Loaded } from './createLoadCache';

// Keys join ids with a newline, which no id contains.
const versionLists = createLoadCache((key) => {
  const [workspaceId = '', workflowId = ''] = key.split('\n');
  return listVersions(workspaceId, workflowId);
});
// A saved version never changes, so its declared inputs are fetched once per tab.
const versionInputs = createLoadCache(async (key) => {
  const [workspaceId = '', workflowId = '', versionId = ''] = key.split('\n');
  return declaredRunInputs((await getVersion(workspaceId, workflowId, versionId)).graph);
});

function useLoaded<T>(cache: LoadCache<T>, key: string | null, fresh: boolean): Loaded<T> | null {
  useEffect(() => {
    if (key) cache.load(key, fresh);
  }, [cache, key, fresh]);
  return useSyncExternalStore(cache.subscribe, () => (key ? cache.get(key) : null));
}

/**
 * The saved versions of a called workflow (null while none is chosen). `fresh` asks the server again
 * on mount, for the settings panel, where a version saved a moment ago should be offered; canvas
 * cards read what the tab already knows.
 */
export function useCalledVersions(
  workspaceId: string | null,
  workflowId: string,
  fresh = false,
): Loaded<Version[]> | null {
  const key = workspaceId && workflowId ? `${workspaceId}\n${workflowId}` : null;
  return useLoaded(versionLists, key, fresh);
}

export type CalledInputs = Loaded<InputVariable[]> | { state: 'unpublished' };

/**
 * The inputs the called version declares (its graph's Input nodes): the pinned version's, or the
 * published one's ('' versionId), which `versions` names.
 */
export function useCalledInputs(
  workspaceId: string | null,
  workflowId: string,
  versionId: string,
  versions: Loaded<Version[]> | null,
): CalledInputs | null {
  const published = versions?.state === 'ready' ? versions.data.find((v) => v.published) : undefined;
  const resolved = versionId || published?.id || '';
  const key = workspaceId && workflowId && resolved ? `${workspaceId}\n${workflowId}\n${resolved}` : null;
  const inputs = useLoaded(versionInputs, key, false);
  if (!workspaceId || !workflowId) return null;
  if (versionId === '' && !published) {
    if (versions?.state === 'ready') return { state: 'unpublished' };
    return versions?.state === 'error' ? versions : { state: 'loading' };
  }
  return inputs;
}
