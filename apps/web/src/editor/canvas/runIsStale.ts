import { diffWorkflows, isEmptyDiff, type WorkflowGraph } from '@synapse/schema';

const withoutNotes = (graph: WorkflowGraph): WorkflowGraph => {
  const nodes = graph.nodes.filter((n) => n.type !== 'note');
  const ids = new Set(nodes.map((n) => n.id));
  return { ...graph, nodes, edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
};

/**
 * Whether the workflow has been edited since the run's frozen graph, in a way that could change what a
 * run does: moving nodes, renaming the workflow and editing notes do not count. Once it is stale, the
 * canvas marks the node badges as the last run's rather than the current graph's.
 */
export function runIsStale(runGraph: WorkflowGraph, current: WorkflowGraph): boolean {
  return !isEmptyDiff(diffWorkflows(withoutNotes(runGraph), withoutNotes(current), { ignorePosition: true }));
}
