import { indexDocName, type WorkflowEntry } from '@synapse/schema';
import { useMemo } from 'react';
import { useDocument } from '../hooks/useDocument';
import { useWorkflowIndex } from '../hooks/useWorkflowIndex';

/** The workspace's workflows from its index document (local-first: works from the cached replica). */
export function useWorkflowNames(workspaceId: string): {
  entries: WorkflowEntry[];
  names: Map<string, string>;
} {
  const load = useDocument(indexDocName(workspaceId), true);
  const entries = useWorkflowIndex(load.state === 'ready' ? load.synced.doc : null);
  return useMemo(() => {
    const list = entries ?? [];
    return { entries: list, names: new Map(list.map((e) => [e.id, e.name || 'Untitled workflow'])) };
  }, [entries]);
}
