import * as Y from 'yjs';
import { defaultLabel, isExecutableNodeType, isNodeType } from './nodeDefaults';
import { isNodeKey, keyFromLabel, uniqueKey } from './nodeKeys';
import { compareStrings, readField, readString } from './readUntrusted';

/**
 * Names a key may not take: the valid keys the workflow's nodes hold, and their ids too (a key equal to
 * another node's id would capture that node's old `{{nodes.<id>.output}}` references). One node, the
 * one being keyed, can be left out.
 */
export function takenNodeKeys(nodes: Y.Map<Y.Map<unknown>>, except?: string): Set<string> {
  const taken = new Set<string>();
  for (const [id, node] of nodes.entries()) {
    if (id === except) continue;
    taken.add(id);
    const key = readField(readField(node, 'data'), 'key');
    if (isNodeKey(key)) taken.add(key);
  }
  return taken;
}

/** Generated ids are 21 characters; a shorter id that is a valid key was chosen by a person. */
function readableId(id: string): boolean {
  return id.length < 21 && isNodeKey(id);
}

/**
 * The key a node gets: the one asked for if valid, else its id when a person chose it (templates, files:
 * their references already use it), else one from its label; made unique against `taken`.
 */
export function newNodeKey(
  type: string,
  asked: unknown,
  label: string,
  taken: ReadonlySet<string>,
  id: string,
): string {
  const base = isNodeKey(asked) ? asked : readableId(id) ? id : keyFromLabel(label, type);
  return uniqueKey(base, taken);
}

/**
 * Gives every executable node without a valid key one (`newNodeKey`), unique in the workflow,
 * visiting nodes by id so two peers migrating the same state write the same keys. Only missing keys
 * are written (a plain value each); prompts are left alone, because `{{nodes.<id>.output}}` still
 * resolves by id (docs/adr/0020).
 */
export function assignMissingNodeKeys(nodes: Y.Map<Y.Map<unknown>>): void {
  const ids = [...nodes.keys()].sort(compareStrings);
  for (const id of ids) {
    const node = nodes.get(id);
    if (!(node instanceof Y.Map)) continue;
    const type = node.get('type');
    if (!isNodeType(type) || !isExecutableNodeType(type)) continue;
    const data = node.get('data');
    if (!(data instanceof Y.Map) || isNodeKey(data.get('key'))) continue;
    const label = readString(data.get('label'), defaultLabel(type));
    data.set('key', newNodeKey(type, undefined, label, takenNodeKeys(nodes, id), id));
  }
}
