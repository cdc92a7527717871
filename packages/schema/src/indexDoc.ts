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
import { readWorkflowPreview, samePreview, type WorkflowPreview } from './workflowPreview';

// Workspace index layout (docs/document-schema.md §Index): the list of workflows, so one created
// offline shows up in every list once it syncs.
//   meta:      Y.Map { schemaVersion }
//   workflows: Y.Map<workflowId, Y.Map { name: string, createdAt: number, updatedAt: number, archived: boolean,
//                                        preview?: WorkflowPreview (since /2) }>

export const INDEX_SCHEMA_VERSION = 2;

export interface WorkflowEntry {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  /** Node count and thumbnail, written by editors of the workflow (absent until one has). */
  preview?: WorkflowPreview;
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
          : key === 'preview'
            ? readWorkflowPreview(value) !== null
            : (key === 'createdAt' || key === 'updatedAt') &&
              typeof value === 'number' &&
              Number.isFinite(value);
    if (!ok)
      throw new TypeError(`workflow index entry: bad ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  }
}

function writeFields(entry: Y.Map<unknown>, patch: Partial<Omit<WorkflowEntry, 'id'>>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const unchanged =
      key === 'preview'
        ? samePreview(readWorkflowPreview(entry.get(key)), value as WorkflowPreview)
        : entry.get(key) === value;
    if (!unchanged) entry.set(key, value);
  }
}

/**
 * Creates the entry of a workflow this replica has just created (a fresh random id), and returns
 * false without writing if the key already exists. Only the creator may call it: the entry is a
 * nested `Y.Map` set over its key, and of two concurrent `set`s of one key the merge keeps one map
 * whole, so a second creator would wipe the first one's fields (a rename, an archive).
 */
export function createWorkflowEntry(
  doc: Y.Doc,
  id: string,
  fields: {
    name: string;
    createdAt: number;
    updatedAt?: number;
    archived?: boolean;
    preview?: WorkflowPreview;
  },
  origin: TxOrigin,
): boolean {
  if (!isValidId(id)) throw new RangeError(`createWorkflowEntry: invalid workflow id ${JSON.stringify(id)}`);
  checkPatch(fields);
  let created = false;
  doc.transact(() => {
    const { workflows } = indexMaps(doc);
    if (workflows.has(id)) return;
    const entry = new Y.Map<unknown>();
    workflows.set(id, entry);
    entry.set('name', fields.name);
    entry.set('createdAt', fields.createdAt);
    entry.set('updatedAt', fields.updatedAt ?? fields.createdAt);
    entry.set('archived', fields.archived ?? false);
    if (fields.preview) entry.set('preview', fields.preview);
    created = true;
  }, origin);
  return created;
}

/**
 * Edits an existing entry in place (so a concurrent rename and archive both survive) and returns
 * false, writing nothing, when this replica has no entry for `id`: it never creates one, because a
 * replica that has not synced the index yet cannot tell "absent" from "not arrived yet", and creating
 * it would race the real entry (see createWorkflowEntry). Writes into an entry another replica deleted
 * are dropped by the merge, so an edit can never bring a deleted workflow back.
 */
export function updateWorkflowEntry(
  doc: Y.Doc,
  id: string,
  patch: Partial<Omit<WorkflowEntry, 'id'>>,
  origin: TxOrigin,
): boolean {
  checkPatch(patch);
  let updated = false;
  doc.transact(() => {
    const entry = indexMaps(doc).workflows.get(id);
    if (!(entry instanceof Y.Map)) return;
    writeFields(entry, patch);
    updated = true;
  }, origin);
  return updated;
}

/**
 * Creates the entry if this replica has none (defaults: name '', createdAt = updatedAt, not
 * archived), then sets the given fields in place. Prefer `createWorkflowEntry` (creator only) and
 * `updateWorkflowEntry`: an upsert from a replica that has not seen the real entry yet replaces it
 * in the merge.
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
    writeFields(entry, patch);
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
    const preview = readWorkflowPreview(readField(value, 'preview'));
    entries.push({
      id,
      name: readString(readField(value, 'name'), ''),
      createdAt,
      updatedAt: readFiniteNumber(readField(value, 'updatedAt')) ?? createdAt,
      archived: readField(value, 'archived') === true,
      ...(preview ? { preview } : {}),
    });
  }
  return entries.sort((a, b) => b.updatedAt - a.updatedAt || compareStrings(a.id, b.id));
}

/** The workflows a Sub-workflow node may call, id → name (archived ones count as deleted; ADR 0024). */
export function liveWorkflowNames(doc: Y.Doc): Map<string, string> {
  const live = readWorkflowIndex(doc).filter((entry) => !entry.archived);
  return new Map(live.map((entry) => [entry.id, entry.name || entry.id]));
}
