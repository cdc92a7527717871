import type { GraphNode, WorkflowGraph } from './graphTypes';
import { nodeDefinition } from './nodes/nodeDefinitions';
import { compareStrings } from './readUntrusted';

// A node's key is its readable, stable name in templates: `{{nodes.writer.output}}`. It is stored in
// `data.key`, written when the node is created (from its label) and changed only on purpose, so renaming
// the label never breaks a reference. Keys are unique in a workflow; since a merge can still produce two
// nodes with one key, readers derive who holds it (the first by id) and checkRunnable refuses the rest.

/** Lowercase letters, digits and `_`, starting with a letter; at most 40 characters. */
export const NODE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

export function isNodeKey(value: unknown): value is string {
  return typeof value === 'string' && NODE_KEY_PATTERN.test(value);
}

/** A key made from a label: `Draft writer` → `draft_writer`; `fallback` when nothing usable is left. */
export function keyFromLabel(label: string, fallback: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[_0-9]+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return isNodeKey(slug) ? slug : fallback;
}

/** `base`, or `base_2`, `base_3`, … : the first one not in `taken`. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function keyed(graph: WorkflowGraph): GraphNode[] {
  return graph.nodes
    .filter((n) => nodeDefinition(n.type).executable)
    .sort((a, b) => compareStrings(a.id, b.id));
}

/** Node id → the key it holds: a valid key no node with a smaller id holds already. */
export function nodeKeysOf(graph: WorkflowGraph): Map<string, string> {
  const holders = new Map<string, string>();
  const out = new Map<string, string>();
  for (const node of keyed(graph)) {
    const key = node.data.key;
    if (!isNodeKey(key) || holders.has(key)) continue;
    holders.set(key, node.id);
    out.set(node.id, key);
  }
  return out;
}

/** Nodes whose key an earlier node (by id) already holds: a merge of two concurrent edits. */
export function duplicateKeys(graph: WorkflowGraph): { nodeId: string; key: string; heldBy: string }[] {
  const holders = new Map<string, string>();
  const out: { nodeId: string; key: string; heldBy: string }[] = [];
  for (const node of keyed(graph)) {
    const key = node.data.key;
    if (!isNodeKey(key)) continue;
    const holder = holders.get(key);
    if (holder) out.push({ nodeId: node.id, key, heldBy: holder });
    else holders.set(key, node.id);
  }
  return out;
}

/**
 * What `{{nodes.<name>.output}}` names: a node's key, else (workflows from before keys, files written
 * by hand) a node's id. A key wins over another node's id.
 */
export function referenceTargets(graph: WorkflowGraph): Map<string, string> {
  const targets = new Map<string, string>();
  for (const [id, key] of nodeKeysOf(graph)) targets.set(key, id);
  for (const node of keyed(graph)) if (!targets.has(node.id)) targets.set(node.id, node.id);
  return targets;
}

/** The name templates should use for a node: its key, or its id when it has none. */
export function referenceNameOf(node: GraphNode, keys: ReadonlyMap<string, string>): string {
  return keys.get(node.id) ?? node.id;
}
