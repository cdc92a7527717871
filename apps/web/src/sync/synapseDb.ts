import { Dexie, type EntityTable } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';

/** One row per document this browser has opened; `doc` is the locally cached replica. */
export interface DocRow {
  name: string;
  updatedAt: number;
  doc: Y.Doc;
}

/** A document with local changes the server has not acknowledged yet (see pendingDocuments). */
export interface PendingRow {
  name: string;
  since: number;
}

export type SynapseDb = Dexie & {
  docs: EntityTable<DocRow, 'name'>;
  pending: EntityTable<PendingRow, 'name'>;
};

let instance: SynapseDb | null = null;

/** The browser-side replica store. Created lazily so importing this module has no side effects. */
export function synapseDb(): SynapseDb {
  if (instance) return instance;
  const db = new Dexie('synapse', { addons: [yDexie] }) as SynapseDb;
  db.version(1).stores({ docs: 'name, updatedAt, doc: Y.Doc' });
  db.version(2).stores({ docs: 'name, updatedAt, doc: Y.Doc', pending: 'name' });
  instance = db;
  return db;
}
