import { deriveValidGraph } from './deriveValidGraph';
import type { GraphNode, WorkflowGraph } from './graphTypes';
import { isExecutableNodeType, TEXT_FIELDS } from './nodeDefaults';
import { httpTemplateFields } from './nodes/httpNode';
import { inputVariablesOf } from './normalizeGraph';
import { templateReferences, templateSecretNames } from './renderTemplate';
import { templateInputNames } from './templateInputNames';
import { ancestorsOf } from './upstreamOf';

export interface UnknownReference {
  nodeId: string;
  field: string;
  /**
   * The id inside `{{nodes.<id>.output}}`, for `unknown_input` the name inside `{{input.<name>}}`, for
   * `secret_not_allowed` the name inside `{{secrets.<NAME>}}`.
   */
  reference: string;
  /**
   * `missing`: no such executable node; `not_upstream`: it exists but would not have run yet;
   * `unknown_input`: no Input node upstream of this one declares that variable; `secret_not_allowed`: a
   * secret referenced outside an HTTP request node (a prompt would send it to a model and show it).
   */
  reason: 'missing' | 'not_upstream' | 'unknown_input' | 'secret_not_allowed';
}

/**
 * Template references a run could not satisfy (error code `synapse.dag.unknown_reference`). A node may
 * only read outputs of nodes it transitively depends on, since nothing else is guaranteed to be done,
 * and only named inputs that an upstream Input node declares in its `variables`.
 */
export function findUnknownReferences(g: WorkflowGraph): UnknownReference[] {
  const { graph } = deriveValidGraph(g);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const executable = new Set(graph.nodes.filter((n) => isExecutableNodeType(n.type)).map((n) => n.id));
  const problems: UnknownReference[] = [];
  for (const node of graph.nodes) {
    if (!isExecutableNodeType(node.type)) continue;
    let ancestors: Set<string> | null = null;
    let declared: Set<string> | null = null;
    for (const { field, template } of templatesOf(node)) {
      if (node.type !== 'http')
        for (const name of templateSecretNames(template))
          problems.push({ nodeId: node.id, field, reference: name, reason: 'secret_not_allowed' });
      for (const reference of templateReferences(template)) {
        if (!executable.has(reference)) {
          problems.push({ nodeId: node.id, field, reference, reason: 'missing' });
          continue;
        }
        ancestors ??= new Set(ancestorsOf(graph, node.id));
        if (!ancestors.has(reference))
          problems.push({ nodeId: node.id, field, reference, reason: 'not_upstream' });
      }
      for (const name of templateInputNames(template)) {
        ancestors ??= new Set(ancestorsOf(graph, node.id));
        declared ??= declaredInputs(ancestors, byId);
        if (!declared.has(name))
          problems.push({ nodeId: node.id, field, reference: name, reason: 'unknown_input' });
      }
    }
  }
  return problems;
}

/** The templates a node fills at run time, with the field each sits in. */
function templatesOf(node: GraphNode): { field: string; template: string }[] {
  if (node.type === 'http') return httpTemplateFields(node);
  return TEXT_FIELDS.flatMap((field) => {
    const template = node.data[field];
    return typeof template === 'string' ? [{ field, template }] : [];
  });
}

function declaredInputs(ancestors: Set<string>, byId: Map<string, GraphNode>): Set<string> {
  const names = new Set<string>();
  for (const id of ancestors) {
    const node = byId.get(id);
    if (node) for (const variable of inputVariablesOf(node)) names.add(variable.name);
  }
  return names;
}

/** One sentence for people: what the reference is and why a run cannot satisfy it. */
export function describeUnknownReference(
  problem: UnknownReference,
  labelOf?: (id: string) => string,
): string {
  const name = labelOf?.(problem.nodeId) ?? problem.nodeId;
  switch (problem.reason) {
    case 'missing':
      return `${name} refers to {{nodes.${problem.reference}.output}}, but no such node exists.`;
    case 'not_upstream':
      return `${name} refers to {{nodes.${problem.reference}.output}}, which is not upstream of it.`;
    case 'unknown_input':
      return `${name} refers to {{input.${problem.reference}}}, which no upstream Input node declares.`;
    case 'secret_not_allowed':
      return `${name} refers to {{secrets.${problem.reference}}}, but secrets can only be used in HTTP request nodes.`;
  }
}
