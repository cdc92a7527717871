import * as Y from 'yjs';
import { takenNodeKeys } from './assignNodeKeys';
import { isNodeType, TEXT_FIELDS } from './nodeDefaults';
import { isNodeKey } from './nodeKeys';
import { nodeDefinition } from './nodes/nodeDefinitions';
import type { TxOrigin } from './origins';
import { isPlainRecord, readField } from './readUntrusted';
import { workflowMaps } from './workflowDoc';

export type SetNodeKeyResult = { ok: true } | { ok: false; reason: 'invalid' | 'taken' | 'missing_node' };

/**
 * Renames a node's key and, in the same transaction (one undo step), every `{{nodes.<old>.output…}}` —
 * and any old `{{nodes.<id>.output…}}` — in the workflow's templates to `{{nodes.<new>.output…}}`,
 * editing each Y.Text in place at the placeholders only (templated lists, such as an HTTP request's
 * headers, are one plain value and are rewritten whole). Refused (nothing written) when the key is not
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
      const otherData = readField(other, 'data');
      for (const field of TEXT_FIELDS) {
        const text = readField(otherData, field);
        if (text instanceof Y.Text) renameReferences(text, names, key);
      }
      if (otherData instanceof Y.Map)
        for (const field of templatedArrayFields(readField(other, 'type'))) {
          const value = otherData.get(field);
          if (!Array.isArray(value)) continue;
          const renamed = renameInValue(value, names, key);
          if (JSON.stringify(renamed) !== JSON.stringify(value)) otherData.set(field, renamed);
        }
    }
  }, origin);
  return { ok: true };
}

// Also `{{nodes.<name>.output.<path>…}}` (structured output fields, paths into an HTTP response).
const NODE_REFERENCE = /\{\{(\s*)nodes\.([A-Za-z0-9_-]{1,64})\.output(?:\.[A-Za-z0-9_-]{1,64}){0,16}\s*\}\}/g;

/**
 * Array fields holding templates (an HTTP request's headers): those of a type with its own `templates`.
 * Such a list is one plain value, so it is rewritten whole (last writer wins, as for any edit of it).
 */
function templatedArrayFields(type: unknown): string[] {
  if (!isNodeType(type)) return [];
  const definition = nodeDefinition(type);
  if (!definition.templates) return [];
  return Object.keys(definition.fields).filter((field) => definition.fields[field] === 'array');
}

function renameInValue(value: unknown, names: ReadonlySet<string>, key: string): unknown {
  if (typeof value === 'string')
    return value.replace(NODE_REFERENCE, (match, space: string, name: string) =>
      names.has(name) ? match.replace(`{{${space}nodes.${name}.`, `{{${space}nodes.${key}.`) : match,
    );
  if (Array.isArray(value)) return value.map((item) => renameInValue(item, names, key));
  if (isPlainRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameInValue(v, names, key)]));
  return value;
}

/** Rewrites the name inside matching placeholders, last first so earlier offsets stay valid. */
function renameReferences(text: Y.Text, names: ReadonlySet<string>, key: string): void {
  const matches = [...text.toString().matchAll(NODE_REFERENCE)].filter((m) => names.has(m[2] as string));
  for (const match of matches.reverse()) {
    const at = (match.index ?? 0) + 2 + (match[1]?.length ?? 0) + 'nodes.'.length;
    text.delete(at, (match[2] as string).length);
    text.insert(at, key);
  }
}
