import * as Y from 'yjs';
import { takenNodeKeys } from './assignNodeKeys';
import { TEXT_FIELDS } from './nodeDefaults';
import { isNodeKey } from './nodeKeys';
import type { TxOrigin } from './origins';
import { readField } from './readUntrusted';
import { workflowMaps } from './workflowDoc';

export type SetNodeKeyResult = { ok: true } | { ok: false; reason: 'invalid' | 'taken' | 'missing_node' };

/**
 * Renames a node's key and, in the same transaction (one undo step), every `{{nodes.<old>.output}}` —
 * and any old `{{nodes.<id>.output}}` — in the workflow's prompts to `{{nodes.<new>.output}}`, editing
 * each Y.Text in place at the placeholders only. Refused (nothing written) when the key is not
 * `NODE_KEY_PATTERN` or another node holds it.
 */
export function setNodeKey(doc: Y.Doc, nodeId: string, key: string, origin: TxOrigin): SetNodeKeyResult {
  if (!isNodeKey(key)) return { ok: false, reason: 'invalid' };
  const { nodes } = workflowMaps(doc);
  const node = nodes.get(nodeId);
  const data = node instanceof Y.Map ? node.get('data') : undefined;
  if (!(data instanceof Y.Map)) return { ok: false, reason: 'missing_node' };
  if (takenNodeKeys(nodes, nodeId).has(key)) return { ok: false, reason: 'taken' };
  const old = data.get('key');
  if (old === key) return { ok: true };
  const names = new Set([nodeId, ...(isNodeKey(old) ? [old] : [])]);
  doc.transact(() => {
    data.set('key', key);
    for (const other of nodes.values()) {
      for (const field of TEXT_FIELDS) {
        const text = readField(readField(other, 'data'), field);
        if (text instanceof Y.Text) renameReferences(text, names, key);
      }
    }
  }, origin);
  return { ok: true };
}

const NODE_REFERENCE = /\{\{(\s*)nodes\.([A-Za-z0-9_-]{1,64})\.output(?:\.[A-Za-z0-9_-]{1,64}){0,16}\s*\}\}/g;

/** Rewrites the name inside matching placeholders, last first so earlier offsets stay valid. */
function renameReferences(text: Y.Text, names: ReadonlySet<string>, key: string): void {
  const matches = [...text.toString().matchAll(NODE_REFERENCE)].filter((m) => names.has(m[2] as string));
  for (const match of matches.reverse()) {
    const at = (match.index ?? 0) + 2 + (match[1]?.length ?? 0) + 'nodes.'.length;
    text.delete(at, (match[2] as string).length);
    text.insert(at, key);
  }
}
