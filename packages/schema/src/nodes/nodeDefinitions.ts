import type { NodeType } from '../graphTypes';
import { agentNode } from './agent';
import { approvalNode } from './approval';
import { inputNode } from './input';
import { mapNode } from './map';
import type { DataFieldKind, NodeDefinition } from './NodeDefinition';
import { noteNode } from './note';
import { outputNode } from './output';
import { routerNode } from './router';

/** Every node type Synapse knows, by type: the one place a node type is registered. */
export const NODE_DEFINITIONS: { readonly [T in NodeType]: NodeDefinition<unknown> } = {
  input: inputNode,
  agent: agentNode,
  router: routerNode,
  map: mapNode,
  approval: approvalNode,
  output: outputNode,
  note: noteNode,
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
