import type { NodeType } from './graphTypes';
import { dataFieldKinds, NODE_DEFINITIONS, nodeDefinition } from './nodes/nodeDefinitions';

export { DEFAULT_USER_PROMPT } from './nodes/agent';
export { defaultRouterBranches } from './nodes/router';

// Document-level views of the node definitions (packages/schema/src/nodes): which types exist, which
// fields are Y.Text, what type each known field holds.

export const NODE_TYPES: readonly NodeType[] = Object.keys(NODE_DEFINITIONS) as NodeType[];

const KINDS = dataFieldKinds();

/** Data fields stored as Y.Text so several people can type into one prompt at once. */
export const TEXT_FIELDS: readonly string[] = Object.keys(KINDS).filter((field) => KINDS[field] === 'text');

/**
 * Types of the data fields this version knows; other fields may hold any JSON value. `array` fields
 * hold a whole JSON array written as one value (last writer wins for the list as a whole).
 */
type PlainKind = 'string' | 'number' | 'boolean' | 'array';

export const DATA_FIELD_TYPES: Readonly<Record<string, PlainKind>> = Object.fromEntries(
  Object.entries(KINDS).flatMap(([field, kind]): [string, PlainKind][] => {
    // An `object` field (a JSON Schema) is one plain value; its shape is the type's `config`'s business.
    if (kind === 'object') return [];
    return [[field, kind === 'text' ? 'string' : kind]];
  }),
);

export function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && Object.hasOwn(NODE_DEFINITIONS, value);
}

/** Notes are annotations: never executed and never connected. */
export function isExecutableNodeType(type: NodeType): boolean {
  return nodeDefinition(type).executable;
}

export function defaultLabel(type: NodeType): string {
  return nodeDefinition(type).title;
}

/** What `addNode` writes for fields the caller did not give (prompts become Y.Text). */
export function defaultNodeData(type: NodeType): Record<string, unknown> {
  const definition = nodeDefinition(type);
  return { label: definition.title, ...definition.defaults() };
}
