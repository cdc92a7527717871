import * as Y from 'yjs';
import { isValidId } from './docNames';
import { META_KEY } from './docSchemaVersion';
import type { TxOrigin } from './origins';
import {
  compareStrings,
  isPlainRecord,
  readEntries,
  readField,
  readFiniteNumber,
  readString,
} from './readUntrusted';

// Workspace index layout (docs/document-schema.md §Index): the list of workflows, so one created
// offline shows up in every list once it syncs.
//   meta:      Y.Map { schemaVersion }
//   workflows: Y.Map<workflowId, Y.Map { name: string, createdAt: number, updatedAt: number, archived: boolean }>

export const INDEX_SCHEMA_VERSION = 1;

export interface WorkflowEntry {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export interface IndexMaps {
  meta: Y.Map<unknown>;
  workflows: Y.Map<Y.Map<unknown>>;
}

export function indexMaps(doc: Y.Doc): IndexMaps {
  return { meta: doc.getMap<unknown>(META_KEY), workflows: doc.getMap<Y.Map<unknown>>('workflows') };
}

function checkPatch(patch: Partial<Omit<WorkflowEntry, 'id'>>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const ok =
      key === 'name'
        ? typeof value === 'string'
        : key === 'archived'
          ? typeof value === 'boolean'
          : (key === 'createdAt' || key === 'updatedAt') &&
            typeof value === 'number' &&
            Number.isFinite(value);
    if (!ok) throw new TypeError(`upsertWorkflowEntry: bad ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  }
}

/**
 * Creates the entry if this replica has none (defaults: name '', createdAt = updatedAt, not
 * archived), then sets the given fields in place, so a concurrent rename and archive both survive.
 */
export function upsertWorkflowEntry(
  doc: Y.Doc,
  id: string,
  patch: Partial<Omit<WorkflowEntry, 'id'>>,
  origin: TxOrigin,
): void {
  if (!isValidId(id)) throw new RangeError(`upsertWorkflowEntry: invalid workflow id ${JSON.stringify(id)}`);
  checkPatch(patch);
  doc.transact(() => {
    const { workflows } = indexMaps(doc);
    let entry = workflows.get(id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      workflows.set(id, entry);
      const time = patch.createdAt ?? patch.updatedAt ?? 0;
      entry.set('name', '');
      entry.set('createdAt', time);
      entry.set('updatedAt', patch.updatedAt ?? time);
      entry.set('archived', false);
    }
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined && entry.get(key) !== value) entry.set(key, value);
    }
  }, origin);
}

export function removeWorkflowEntry(doc: Y.Doc, id: string, origin: TxOrigin): void {
  doc.transact(() => {
    const { workflows } = indexMaps(doc);
    if (workflows.has(id)) workflows.delete(id);
  }, origin);
}

/** Every readable entry, newest `updatedAt` first (ties by id, so every replica lists one order). */
export function readWorkflowIndex(doc: Y.Doc): WorkflowEntry[] {
  const entries: WorkflowEntry[] = [];
  for (const [id, value] of readEntries(indexMaps(doc).workflows)) {
    if (!(value instanceof Y.Map) && !isPlainRecord(value)) continue;
    const createdAt = readFiniteNumber(readField(value, 'createdAt')) ?? 0;
    entries.push({
      id,
      name: readString(readField(value, 'name'), ''),
      createdAt,
      updatedAt: readFiniteNumber(readField(value, 'updatedAt')) ?? createdAt,
      archived: readField(value, 'archived') === true,
    });
  }
  return entries.sort((a, b) => b.updatedAt - a.updatedAt || compareStrings(a.id, b.id));
}
