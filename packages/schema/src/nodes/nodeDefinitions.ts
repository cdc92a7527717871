import type { GraphNode, NodeType } from '../graphTypes';
import { agentNode } from './agent';
import { approvalNode } from './approval';
import { httpNode } from './http';
import { inputNode } from './input';
import { mapNode } from './map';
import type { DataFieldKind, NodeDefinition, NodeTemplate } from './NodeDefinition';
import { noteNode } from './note';
import { outputNode } from './output';
import { routerNode } from './router';
import { subworkflowNode } from './subworkflow';

/** Every node type Synapse knows, by type: the one place a node type is registered. */
export const NODE_DEFINITIONS: { readonly [T in NodeType]: NodeDefinition<unknown> } = {
  input: inputNode,
  agent: agentNode,
  router: routerNode,
  map: mapNode,
  approval: approvalNode,
  output: outputNode,
  note: noteNode,
  http: httpNode,
  subworkflow: subworkflowNode,
} as const;

export function nodeDefinition(type: NodeType): NodeDefinition<unknown> {
  return NODE_DEFINITIONS[type];
}

/** Fields of every type and how they are stored (`label` is every type's, `key` every executable one's). */
export function dataFieldKinds(): Record<string, DataFieldKind> {
  const kinds: Record<string, DataFieldKind> = { label: 'string', key: 'string' };
  for (const definition of Object.values(NODE_DEFINITIONS)) Object.assign(kinds, definition.fields);
  return kinds;
}

/** The templates of a node whose references are checked and rendered (its type's `templates`, else `templateFields`). */
export function nodeTemplates(node: GraphNode): NodeTemplate[] {
  const definition = nodeDefinition(node.type);
  if (definition.templates) return definition.templates(node);
  const out: NodeTemplate[] = [];
  for (const field of definition.templateFields) {
    const template = node.data[field];
    if (typeof template === 'string') out.push({ field, template });
  }
  return out;
}
