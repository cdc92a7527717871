import { deriveValidGraph } from './deriveValidGraph';
import type { GraphNode, WorkflowGraph } from './graphTypes';
import { isExecutableNodeType } from './nodeDefaults';
import { referenceTargets } from './nodeKeys';
import { agentDataOf } from './nodes/agent';
import { inputVariablesOf } from './nodes/input';
import { nodeDefinition, nodeTemplates } from './nodes/nodeDefinitions';
import {
  malformedReferences,
  templateFieldReferences,
  templateReferences,
  templateSecretNames,
} from './renderTemplate';
import { schemaHasPath } from './structuredOutput';
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
   * braces around something that reads like a reference but is none (`{{nope.out}}`); `unknown_field`:
   * `{{nodes.<key>.output.<field>}}` names a field the node's structured output does not declare
   * (`reference` is then `<key>.output.<field>`); `secret_not_allowed`: a secret in a type that does
   * not accept secrets (only HTTP requests do: a prompt would send it to a model and show it in the run).
   */
  reason: 'missing' | 'not_upstream' | 'unknown_input' | 'malformed' | 'unknown_field' | 'secret_not_allowed';
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
    const definition = nodeDefinition(node.type);
    for (const { field, template: raw } of nodeTemplates(node)) {
      if (definition.acceptsSecrets !== true)
        for (const name of templateSecretNames(raw))
          problems.push({ nodeId: node.id, field, reference: name, reason: 'secret_not_allowed' });
      const template = withoutLocals(raw, definition.templateLocals?.[field]);
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
      for (const [name, path] of templateFieldReferences(template)) {
        const target = byId.get(targets.get(name) ?? '');
        if (!target) continue; // reported as missing above
        if (!declaresField(target, path))
          problems.push({
            nodeId: node.id,
            field,
            reference: `${name}.output.${path.join('.')}`,
            reason: 'unknown_field',
          });
      }
      for (const written of malformedReferences(template))
        problems.push({ nodeId: node.id, field, reference: written, reason: 'malformed' });
    }
  }
  return problems;
}

/**
 * Whether `{{nodes.<key>.output.<path>}}` can name something: a structured-output agent's declared
 * field, or any path into the output of a type whose JSON shape is only known at run time (an HTTP
 * response's `status`, `headers.<name>`, `body…`; a sub-workflow's outputs by label).
 */
function declaresField(target: GraphNode, path: readonly string[]): boolean {
  if (target.type === 'agent') {
    const schema = agentDataOf(target).outputSchema;
    return schema !== undefined && schemaHasPath(schema, path);
  }
  return nodeDefinition(target.type).outputPathsAtRunTime === true;
}

/** The template without the placeholders its field fills itself (`{{item}}` in a map prompt). */
function withoutLocals(template: string, locals: readonly string[] | undefined): string {
  if (!locals || locals.length === 0) return template;
  return template.replace(new RegExp(`\\{\\{\\s*(?:${locals.join('|')})\\s*\\}\\}`, 'g'), '');
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
    case 'unknown_field':
      return `${name} refers to {{nodes.${problem.reference}}}, a field that node's structured output does not declare.`;
    case 'malformed':
      return `${name} has ${problem.reference}, which is no reference: use {{input}}, {{input.<name>}} or {{nodes.<key>.output}}.`;
    case 'secret_not_allowed':
      return `${name} refers to {{secrets.${problem.reference}}}, but secrets can only be used in HTTP request nodes.`;
  }
}
