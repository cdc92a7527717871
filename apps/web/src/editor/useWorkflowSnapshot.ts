import { docSchemaVersion, readWorkflow, readWorkflowMeta, type WorkflowGraph } from '@synapse/schema';
import type * as Y from 'yjs';
import { useDocSnapshot } from '../hooks/useDocSnapshot';

export interface WorkflowSnapshot {
  /** The document has been initialised (by this or another replica). */
  initialised: boolean;
  meta: ReturnType<typeof readWorkflowMeta>;
  /** The document as merged, dangling edges included: diagnostics decide what is valid. */
  graph: WorkflowGraph;
}

function readSnapshot(doc: Y.Doc): WorkflowSnapshot {
  return { initialised: docSchemaVersion(doc) > 0, meta: readWorkflowMeta(doc), graph: readWorkflow(doc) };
}

/** Re-read on every transaction, synchronously, so inputs bound to the document keep their caret. */
export function useWorkflowSnapshot(doc: Y.Doc | null): WorkflowSnapshot | null {
  return useDocSnapshot(doc, readSnapshot, true);
}
