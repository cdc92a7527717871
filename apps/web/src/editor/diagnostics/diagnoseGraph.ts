import {
  deriveValidGraph,
  findCycleEdges,
  findNodeConfigIssues,
  findUnknownReferences,
  type GraphEdge,
  type GraphNode,
  type NodeType,
  nodeDefinition,
  type RunnableIssue,
  type UnknownReference,
  type WorkflowGraph,
} from '@synapse/schema';

export interface GraphDiagnostics {
  /** The derived valid view every reader agrees on (dangling and note edges dropped). */
  graph: WorkflowGraph;
  /** Edges to or from a node that no longer exists — typically a connect merged with a delete. */
  danglingEdges: GraphEdge[];
  /** Edges on a cycle; non-empty blocks Run. */
  cycleEdges: string[];
  /** Template references a run could not satisfy; non-empty blocks Run. */
  unknownReferences: UnknownReference[];
  /** Node settings a run would refuse (no model, a key two nodes hold, …); non-empty blocks Run. */
  nodeIssues: RunnableIssue[];
  /** Valid edges leaving a handle the node does not have (a router branch deleted concurrently). */
  unattachedEdges: GraphEdge[];
}

/** The source handles a node offers: one per router branch, otherwise the single `out`. */
export function sourceHandlesOf(node: GraphNode): string[] {
  return nodeDefinition(node.type).sourceHandles(node);
}

/** The input handles a node of this type has: agents, routers, HTTP requests and outputs take one, `in`. */
export function targetHandlesOfType(type: NodeType): string[] {
  return [...nodeDefinition(type).targetHandles];
}

function targetHandlesOf(node: GraphNode): string[] {
  return targetHandlesOfType(node.type);
}

/**
 * Everything the canvas and the Run button need to know about a merged graph, as one pure function of
 * the document snapshot, so it can run on the main thread for small graphs and in the worker for big
 * ones with identical results.
 */
export function diagnoseGraph(raw: WorkflowGraph): GraphDiagnostics {
  const { graph, danglingEdges } = deriveValidGraph(raw);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const unattachedEdges = graph.edges.filter((edge) => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) return false;
    return (
      !sourceHandlesOf(source).includes(edge.sourceHandle) ||
      !targetHandlesOf(target).includes(edge.targetHandle)
    );
  });
  return {
    graph,
    danglingEdges,
    cycleEdges: findCycleEdges(graph),
    unknownReferences: findUnknownReferences(graph),
    nodeIssues: findNodeConfigIssues(graph),
    unattachedEdges,
  };
}
