import { readWorkflowIndex, type WorkflowEntry } from '@synapse/schema';
import type * as Y from 'yjs';
import { useDocSnapshot } from './useDocSnapshot';

export function useWorkflowIndex(doc: Y.Doc | null): WorkflowEntry[] | null {
  return useDocSnapshot(doc, readWorkflowIndex, false);
}
