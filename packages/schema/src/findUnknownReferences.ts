import { deriveValidGraph } from './deriveValidGraph';
import type { GraphNode, WorkflowGraph } from './graphTypes';
import { isExecutableNodeType } from './nodeDefaults';
import { referenceTargets } from './nodeKeys';
import { inputVariablesOf } from './nodes/input';
import { nodeDefinition, nodeTemplates } from './nodes/nodeDefinitions';
import { malformedReferences, templateReferences, templateSecretNames } from './renderTemplate';
import { templateInputNames } from './templateInputNames';
import { ancestorsOf } from './upstreamOf';

export interface UnknownReference {
  nodeId: string;
  field: string;
  /**
   * The name inside `{{nodes.<name>.output}}` (a key, or a legacy id); for `unknown_input` the name
   * inside `{{input.<name>}}`; for `malformed` the whole placeholder as written; for
   * `secret_not_allowed` the name inside `{{secrets.<NAME>}}`.
   */
  reference: string;
  /**
   * `missing`: no executable node has that key (or id); `not_upstream`: it exists but would not have
   * run yet; `unknown_input`: no Input node upstream of this one declares that variable; `malformed`:
   * braces around something that reads like a reference but is none (`{{nope.out}}`);
   * `secret_not_allowed`: a secret in a type that does not accept secrets (only HTTP requests do: a
   * prompt would send it to a model and show it in the run).
   */
  reason: 'missing' | 'not_upstream' | 'unknown_input' | 'malformed' | 'secret_not_allowed';
}

/**
 * Template references a run could not satisfy (error code `synapse.dag.unknown_reference`). A node may
 * only read outputs of nodes it transitively depends on, since nothing else is guaranteed to be done,
 * and only named inputs that an upstream Input node declares in its `variables`. Which fields are
 * templates is each node type's `templates` (or `templateFields`); secrets only where it `acceptsSecrets`.
 */
export function findUnknownReferences(g: WorkflowGraph): UnknownReference[] {
  const { graph } = deriveValidGraph(g);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const targets = referenceTargets(graph);
  const problems: UnknownReference[] = [];
  for (const node of graph.nodes) {
    if (!isExecutableNodeType(node.type)) continue;
    let ancestors: Set<string> | null = null;
    let declared: Set<string> | null = null;
    const acceptsSecrets = nodeDefinition(node.type).acceptsSecrets === true;
    for (const { field, template } of nodeTemplates(node)) {
      if (!acceptsSecrets)
        for (const name of templateSecretNames(template))
          problems.push({ nodeId: node.id, field, reference: name, reason: 'secret_not_allowed' });
      for (const reference of templateReferences(template)) {
        const target = targets.get(reference);
        if (target === undefined) {
          problems.push({ nodeId: node.id, field, reference, reason: 'missing' });
          continue;
        }
        ancestors ??= new Set(ancestorsOf(graph, node.id));
        if (!ancestors.has(target))
          problems.push({ nodeId: node.id, field, reference, reason: 'not_upstream' });
      }
      for (const name of templateInputNames(template)) {
        ancestors ??= new Set(ancestorsOf(graph, node.id));
        declared ??= declaredInputs(ancestors, byId);
        if (!declared.has(name))
          problems.push({ nodeId: node.id, field, reference: name, reason: 'unknown_input' });
      }
      for (const written of malformedReferences(template))
        problems.push({ nodeId: node.id, field, reference: written, reason: 'malformed' });
    }
  }
  return problems;
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
    case 'malformed':
      return `${name} has ${problem.reference}, which is no reference: use {{input}}, {{input.<name>}} or {{nodes.<key>.output}}.`;
    case 'secret_not_allowed':
      return `${name} refers to {{secrets.${problem.reference}}}, but secrets can only be used in HTTP request nodes.`;
  }
}
