import { deriveValidGraph } from './deriveValidGraph';
import type { WorkflowGraph } from './graphTypes';
import { isExecutableNodeType, TEXT_FIELDS } from './nodeDefaults';
import { templateReferences } from './renderTemplate';
import { ancestorsOf } from './upstreamOf';

export interface UnknownReference {
  nodeId: string;
  field: string;
  /** The id inside `{{nodes.<id>.output}}`. */
  reference: string;
  /** `missing`: no such executable node; `not_upstream`: it exists but would not have run yet. */
  reason: 'missing' | 'not_upstream';
}

/**
 * Template references a run could not satisfy (error code `synapse.dag.unknown_reference`). A node may
 * only read outputs of nodes it transitively depends on, since nothing else is guaranteed to be done.
 */
export function findUnknownReferences(g: WorkflowGraph): UnknownReference[] {
  const { graph } = deriveValidGraph(g);
  const executable = new Set(graph.nodes.filter((n) => isExecutableNodeType(n.type)).map((n) => n.id));
  const problems: UnknownReference[] = [];
  for (const node of graph.nodes) {
    if (!isExecutableNodeType(node.type)) continue;
    let ancestors: Set<string> | null = null;
    for (const field of TEXT_FIELDS) {
      const template = node.data[field];
      if (typeof template !== 'string') continue;
      for (const reference of templateReferences(template)) {
        if (!executable.has(reference)) {
          problems.push({ nodeId: node.id, field, reference, reason: 'missing' });
          continue;
        }
        ancestors ??= new Set(ancestorsOf(graph, node.id));
        if (!ancestors.has(reference))
          problems.push({ nodeId: node.id, field, reference, reason: 'not_upstream' });
      }
    }
  }
  return problems;
}
