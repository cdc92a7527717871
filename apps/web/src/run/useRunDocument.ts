import { isValidId, type RunSnapshot, runDocName } from '@synapse/schema';
import { useDocument } from '../hooks/useDocument';
import { useRunSnapshot } from '../hooks/useRunSnapshot';

export interface RunDocumentView {
  run: RunSnapshot | null;
  /** Why it could not be opened, or null while it opens and once it has. */
  error: string | null;
}

/**
 * Another run's document (a sub-workflow's child run, or the run that called this one), read only and
 * followed live. An id the run document carries but that is no valid id opens nothing.
 */
export function useRunDocument(workspaceId: string | null, runId: string | null): RunDocumentView {
  const name =
    workspaceId && runId && isValidId(workspaceId) && isValidId(runId)
      ? runDocName(workspaceId, runId)
      : null;
  const load = useDocument(name, true);
  const run = useRunSnapshot(load.state === 'ready' ? load.synced.doc : null);
  return { run, error: load.state === 'error' ? load.message : null };
}
