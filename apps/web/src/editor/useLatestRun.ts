import { runDocName } from '@synapse/schema';
import { useDocument } from '../hooks/useDocument';
import { useRunSnapshot } from '../hooks/useRunSnapshot';
import { useSyncState } from '../hooks/useSyncState';

/** The workflow's newest run (meta.lastRunId, set by the server), opened read-only and followed live. */
export function useLatestRun(workspaceId: string, lastRunId: string | null) {
  const runLoad = useDocument(lastRunId ? runDocName(workspaceId, lastRunId) : null, true);
  const runDoc = runLoad.state === 'ready' ? runLoad.synced : null;
  const runSync = useSyncState(runDoc);
  const run = useRunSnapshot(runDoc?.doc ?? null);
  const runError =
    runLoad.state === 'error' ? runLoad.message : runSync.error ? `Run unavailable — ${runSync.error}` : null;
  return { run, runLoading: runLoad.state !== 'ready', runError };
}
