import type * as Y from 'yjs';
import { assignMissingNodeKeys } from './assignNodeKeys';
import { docSchemaVersion, META_KEY, SCHEMA_VERSION_KEY } from './docSchemaVersion';
import { indexMaps } from './indexDoc';
import { MIGRATION_ORIGIN } from './origins';
import { runMaps } from './runDoc';
import { workflowMaps } from './workflowDoc';

export type DocKind = 'workflow' | 'run' | 'index';

/**
 * One step of a document's layout. `up` runs inside the migration transaction and must be
 * idempotent and safe when a peer runs it concurrently; `migrateDoc` stamps `toVersion` after it.
 */
export interface DocMigration {
  id: string;
  kind: DocKind;
  toVersion: number;
  up(doc: Y.Doc): void;
}

// Version 1 is the initial layout. Root types exist by name in Yjs (instantiating them writes
// nothing), and every field has a reader default, so /1 only instantiates the roots and gets its
// version stamped. It deliberately writes no default values: a concurrent real edit to the same key
// (say a rename on an offline peer) could lose the last-writer-wins race to a default.
export const migrations: readonly DocMigration[] = Object.freeze([
  {
    id: 'synapse.workflow/1',
    kind: 'workflow',
    toVersion: 1,
    up(doc: Y.Doc) {
      workflowMaps(doc);
    },
  },
  // /2 gives every executable node a readable key (`data.key`) for {{nodes.<key>.output}}. Keys are
  // not defaults a reader could make up: they must stay put when the label changes, so they are
  // written once, here or at creation. Only missing keys are written, from the label, visiting nodes
  // by id, so concurrent migrations of one state agree. Prompts are not rewritten: two servers
  // migrating at once would each insert the new text into the same Y.Text, and an id reference keeps
  // working anyway (it resolves by id when no node has that key).
  {
    id: 'synapse.workflow/2',
    kind: 'workflow',
    toVersion: 2,
    up(doc: Y.Doc) {
      assignMissingNodeKeys(workflowMaps(doc).nodes);
    },
  },
  {
    id: 'synapse.run/1',
    kind: 'run',
    toVersion: 1,
    up(doc: Y.Doc) {
      runMaps(doc);
    },
  },
  // /2 adds a Map node's per-item state (`nodes[<id>].items`). Runs written before it have no map
  // nodes, so there is nothing to convert: /2 writes nothing but its stamp.
  {
    id: 'synapse.run/2',
    kind: 'run',
    toVersion: 2,
    up(doc: Y.Doc) {
      runMaps(doc);
    },
  },
  {
    id: 'synapse.index/1',
    kind: 'index',
    toVersion: 1,
    up(doc: Y.Doc) {
      indexMaps(doc);
    },
  },
  // /2 adds the optional `preview` of an entry (node count and thumbnail for the list). The index
  // alone cannot compute it (the graphs are in the workflow documents), and writing a placeholder
  // would race an editor's real one, so /2 writes nothing but its stamp: editors fill it in as they
  // open or edit a workflow, and until then readers show the entry without a picture.
  {
    id: 'synapse.index/2',
    kind: 'index',
    toVersion: 2,
    up(doc: Y.Doc) {
      indexMaps(doc);
    },
  },
]);

const KINDS: readonly DocKind[] = ['workflow', 'run', 'index'];

function migrationsFor(kind: DocKind): DocMigration[] {
  if (!KINDS.includes(kind)) throw new RangeError(`unknown document kind ${JSON.stringify(kind)}`);
  return migrations.filter((m) => m.kind === kind).sort((a, b) => a.toVersion - b.toVersion);
}

/** The version this code writes for a document kind; a document above it came from a newer client. */
export function latestSchemaVersion(kind: DocKind): number {
  return migrationsFor(kind).at(-1)?.toVersion ?? 0;
}

/**
 * Applies the pending migrations in order, one `MIGRATION_ORIGIN` transaction each, stamping
 * `meta.schemaVersion` as it goes. Idempotent: a current document produces no update at all.
 */
export function migrateDoc(doc: Y.Doc, kind: DocKind): { applied: string[] } {
  const applied: string[] = [];
  for (const migration of migrationsFor(kind)) {
    if (docSchemaVersion(doc) >= migration.toVersion) continue;
    doc.transact(() => {
      migration.up(doc);
      doc.getMap<unknown>(META_KEY).set(SCHEMA_VERSION_KEY, migration.toVersion);
    }, MIGRATION_ORIGIN);
    applied.push(migration.id);
  }
  return { applied };
}
