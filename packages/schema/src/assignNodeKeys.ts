import * as Y from 'yjs';
import { defaultLabel, isExecutableNodeType, isNodeType } from './nodeDefaults';
import { isNodeKey, keyFromLabel, uniqueKey } from './nodeKeys';
import { compareStrings, readField, readString } from './readUntrusted';

/** The valid keys the workflow's nodes hold now (optionally leaving one node out). */
export function takenNodeKeys(nodes: Y.Map<Y.Map<unknown>>, except?: string): Set<string> {
  const taken = new Set<string>();
  for (const [id, node] of nodes.entries()) {
    if (id === except) continue;
    const key = readField(readField(node, 'data'), 'key');
    if (isNodeKey(key)) taken.add(key);
  }
  return taken;
}

/** The key a new node of `type` gets: the one asked for if valid, else from its label; made unique. */
export function newNodeKey(type: string, asked: unknown, label: string, taken: ReadonlySet<string>): string {
  return uniqueKey(isNodeKey(asked) ? asked : keyFromLabel(label, type), taken);
}

/**
 * Gives every executable node without a valid key one made from its label, unique in the workflow,
 * visiting nodes by id so two peers migrating the same state write the same keys. Only missing keys
 * are written (a plain value each); prompts are left alone, because `{{nodes.<id>.output}}` still
 * resolves by id (docs/adr/0020).
 */
export function assignMissingNodeKeys(nodes: Y.Map<Y.Map<unknown>>): void {
  const taken = takenNodeKeys(nodes);
  const ids = [...nodes.keys()].sort(compareStrings);
  for (const id of ids) {
    const node = nodes.get(id);
    if (!(node instanceof Y.Map)) continue;
    const type = node.get('type');
    if (!isNodeType(type) || !isExecutableNodeType(type)) continue;
    const data = node.get('data');
    if (!(data instanceof Y.Map) || isNodeKey(data.get('key'))) continue;
    const key = newNodeKey(type, undefined, readString(data.get('label'), defaultLabel(type)), taken);
    taken.add(key);
    data.set('key', key);
  }
}
