import { type JsonValue, setNodeField, USER_ORIGIN } from '@synapse/schema';
import { useCallback } from 'react';
import type * as Y from 'yjs';

/**
 * Field-level writes for one node: each call sets exactly one data field, so two people editing
 * different fields of the same node at once both keep their change. `setMany` groups fields that
 * belong together (a provider and its model) into one transaction and one undo step.
 */
export function useNodeField(doc: Y.Doc, nodeId: string) {
  const set = useCallback(
    (field: string, value: JsonValue) => setNodeField(doc, nodeId, field, value, USER_ORIGIN),
    [doc, nodeId],
  );
  const setMany = useCallback(
    (fields: Record<string, JsonValue>) =>
      doc.transact(() => {
        for (const [field, value] of Object.entries(fields))
          setNodeField(doc, nodeId, field, value, USER_ORIGIN);
      }, USER_ORIGIN),
    [doc, nodeId],
  );
  return { set, setMany };
}
