import {
  deriveValidGraph,
  docSchemaVersion,
  findCycleEdges,
  readWorkflow,
  readWorkflowMeta,
  type WorkflowGraph,
} from '@synapse/schema';
import type * as Y from 'yjs';
import { useDocSnapshot } from './useDocSnapshot';

export interface WorkflowView {
  /** The document has been initialised (by this or another replica). */
  initialised: boolean;
  meta: ReturnType<typeof readWorkflowMeta>;
  /** The derived valid view: dangling edges are already gone. */
  graph: WorkflowGraph;
  /** Ids of edges that lie on a cycle; non-empty blocks Run. */
  cycleEdges: string[];
}

function readView(doc: Y.Doc): WorkflowView {
  const { graph } = deriveValidGraph(readWorkflow(doc));
  return {
    initialised: docSchemaVersion(doc) > 0,
    meta: readWorkflowMeta(doc),
    graph,
    cycleEdges: findCycleEdges(graph),
  };
}

/** Every replica derives the same valid view from the converged state, so all editors agree. */
export function useWorkflowView(doc: Y.Doc | null): WorkflowView | null {
  return useDocSnapshot(doc, readView, true);
}
