import { deriveValidGraph } from './deriveValidGraph';
import { ErrorCodes } from './errorCodes';
import type { WorkflowGraph } from './graphTypes';
import { isExecutableNodeType } from './nodeDefaults';
import { topoSort } from './topoSort';

export type GraphValidation =
  | { ok: true; graph: WorkflowGraph; order: string[] }
  | {
      ok: false;
      error: {
        code: typeof ErrorCodes.dagCycle | typeof ErrorCodes.dagEmpty;
        message: string;
        edges: string[];
      };
    };

/**
 * The run gate used by the editor's Run button, the server's run intake and the runner: derive the
 * valid graph, then refuse an empty graph (no executable node) or one with cycles, naming the edges.
 */
export function validateGraph(g: WorkflowGraph): GraphValidation {
  const { graph } = deriveValidGraph(g);
  if (!graph.nodes.some((n) => isExecutableNodeType(n.type))) {
    return {
      ok: false,
      error: { code: ErrorCodes.dagEmpty, message: 'The workflow has no nodes to run.', edges: [] },
    };
  }
  const sorted = topoSort(graph);
  if (!sorted.ok) {
    const n = sorted.cycleEdges.length;
    return {
      ok: false,
      error: {
        code: ErrorCodes.dagCycle,
        message: `The workflow has a cycle (${n} edge${n === 1 ? '' : 's'}); remove one of them to run it.`,
        edges: sorted.cycleEdges,
      },
    };
  }
  return { ok: true, graph, order: sorted.order };
}
