import type * as Y from 'yjs';

/** Every document kind keeps its layout version in the root map `meta` under `schemaVersion`. */
export const META_KEY = 'meta';
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/** `meta.schemaVersion`, or 0 for a document that predates versioning (or holds garbage there). */
export function docSchemaVersion(doc: Y.Doc): number {
  const value = doc.getMap<unknown>(META_KEY).get(SCHEMA_VERSION_KEY);
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}
