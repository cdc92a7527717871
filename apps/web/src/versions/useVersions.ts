import type { Version, VersionDetail } from '@synapse/schema/api';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { getVersion, listVersions } from './versionsApi';

export type VersionList =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; versions: Version[] };

export type DetailState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; version: VersionDetail };

/**
 * The workflow's versions, reloaded on demand and whenever a run starts (each run freezes one), plus
 * the versions' graphs fetched once each: versions never change.
 */
export function useVersions(workspaceId: string, workflowId: string, lastRunId: string | null) {
  const [list, setList] = useState<VersionList>({ state: 'loading' });
  const [details, setDetails] = useState<ReadonlyMap<string, DetailState>>(new Map());
  const requested = useRef(new Set<string>());
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    void generation;
    void lastRunId;
    listVersions(workspaceId, workflowId).then(
      (versions) => live && setList({ state: 'ready', versions }),
      (error: unknown) => live && setList({ state: 'error', message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [workspaceId, workflowId, lastRunId, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const load = useCallback(
    (versionId: string) => {
      if (requested.current.has(versionId)) return;
      requested.current.add(versionId);
      const put = (state: DetailState) => setDetails((prev) => new Map(prev).set(versionId, state));
      put({ state: 'loading' });
      getVersion(workspaceId, workflowId, versionId).then(
        (version) => put({ state: 'ready', version }),
        (error: unknown) => {
          requested.current.delete(versionId);
          put({ state: 'error', message: errorMessage(error) });
        },
      );
    },
    [workspaceId, workflowId],
  );

  return { list, reload, details, load };
}
