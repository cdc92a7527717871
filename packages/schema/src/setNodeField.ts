import * as Y from 'yjs';
import { storableValue } from './addNode';
import { TEXT_FIELDS } from './nodeDefaults';
import type { TxOrigin } from './origins';
import { readEntries, readString } from './readUntrusted';
import { replaceText } from './replaceText';
import { workflowMaps } from './workflowDoc';

/** What a node data field may hold: JSON, stored as one value (prompts excepted, see below). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The node's `data` Y.Map, created in place when a foreign client left it missing or as plain JSON. */
function ensureDataMap(node: Y.Map<unknown>): Y.Map<unknown> {
  const current = node.get('data');
  if (current instanceof Y.Map) return current;
  const data = new Y.Map<unknown>();
  node.set('data', data);
  for (const [field, value] of readEntries(current)) {
    if (TEXT_FIELDS.includes(field)) data.set(field, new Y.Text(readString(value, '')));
    else data.set(field, value);
  }
  return data;
}

/**
 * Sets one data field in place (per-field last-writer-wins; an array such as `fallbacks` is one value);
 * `null` deletes it. For `systemPrompt`
 * and `userPrompt` the Y.Text is edited to the new content (only the changed middle), so concurrent
 * typing elsewhere in the prompt survives. A missing node is left alone.
 */
export function setNodeField(
  doc: Y.Doc,
  id: string,
  field: string,
  value: JsonValue,
  origin: TxOrigin,
): void {
  if (typeof field !== 'string' || field.length === 0)
    throw new RangeError('setNodeField: field must be a name');
  const stored = storableValue(field, value);
  doc.transact(() => {
    const node = workflowMaps(doc).nodes.get(id);
    if (!(node instanceof Y.Map)) return;
    const data = ensureDataMap(node);
    if (TEXT_FIELDS.includes(field)) {
      const text = data.get(field);
      const next = (stored as string | undefined) ?? '';
      if (text instanceof Y.Text) replaceText(text, next);
      else data.set(field, new Y.Text(next));
      return;
    }
    if (stored === undefined) {
      if (data.has(field)) data.delete(field);
    } else if (data.get(field) !== stored) {
      data.set(field, stored);
    }
  }, origin);
}

/** The live Y.Text of a text field (a prompt, a map's list, an HTTP node's URL or body), for binding an editor; null if missing. */
export function getNodeText(doc: Y.Doc, id: string, field: string): Y.Text | null {
  const node = workflowMaps(doc).nodes.get(id);
  const data = node instanceof Y.Map ? node.get('data') : undefined;
  const text = data instanceof Y.Map ? data.get(field) : undefined;
  return text instanceof Y.Text ? text : null;
}
