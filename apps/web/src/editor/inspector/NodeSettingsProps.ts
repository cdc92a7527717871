import type { GraphNode, UnknownReference, WorkflowGraph } from '@synapse/schema';
import type * as Y from 'yjs';

/** What every per-type settings panel of the inspector gets. */
export interface NodeSettingsProps {
  doc: Y.Doc;
  node: GraphNode;
  graph: WorkflowGraph;
  /** Unknown references in this node's templates, shown beside its prompts. */
  problems: readonly UnknownReference[];
  readOnly: boolean;
}
