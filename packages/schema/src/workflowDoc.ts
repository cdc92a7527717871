import type * as Y from 'yjs';
import { isValidId } from './docNames';
import { docSchemaVersion, META_KEY, SCHEMA_VERSION_KEY } from './docSchemaVersion';
import type { TxOrigin } from './origins';
import { readString } from './readUntrusted';

// Workflow document layout (docs/document-schema.md §Workflow):
//   meta:  Y.Map  { schemaVersion: number, name: string, description: string, lastRunId?: string }
//   nodes: Y.Map<nodeId, Y.Map { type, position: {x,y}, data: Y.Map }>
//   edges: Y.Map<edgeId, Y.Map { source, target, sourceHandle, targetHandle }>

export const WORKFLOW_SCHEMA_VERSION = 2;
export const NODES_KEY = 'nodes';
export const EDGES_KEY = 'edges';

export interface WorkflowMaps {
  meta: Y.Map<unknown>;
  nodes: Y.Map<Y.Map<unknown>>;
  edges: Y.Map<Y.Map<unknown>>;
}

/**
 * The root maps, for observers and undo managers. Values are typed as the layout says, but a merged
 * document may hold anything: read through `readWorkflow`, write through the accessors.
 */
export function workflowMaps(doc: Y.Doc): WorkflowMaps {
  return {
    meta: doc.getMap<unknown>(META_KEY),
    nodes: doc.getMap<Y.Map<unknown>>(NODES_KEY),
    edges: doc.getMap<Y.Map<unknown>>(EDGES_KEY),
  };
}

/**
 * Writes the meta fields that are not set yet, so it is safe on a document that already has content
 * (a second init never renames; use `setWorkflowName`).
 */
export function initWorkflowDoc(
  doc: Y.Doc,
  init: { name: string; description?: string },
  origin: TxOrigin,
): void {
  if (typeof init.name !== 'string') throw new TypeError('initWorkflowDoc: name must be a string');
  doc.transact(() => {
    const { meta } = workflowMaps(doc);
    if (docSchemaVersion(doc) === 0) meta.set(SCHEMA_VERSION_KEY, WORKFLOW_SCHEMA_VERSION);
    if (typeof meta.get('name') !== 'string') meta.set('name', init.name);
    if (typeof meta.get('description') !== 'string') meta.set('description', init.description ?? '');
  }, origin);
}

export function setWorkflowName(doc: Y.Doc, name: string, origin: TxOrigin): void {
  if (typeof name !== 'string') throw new TypeError('setWorkflowName: name must be a string');
  doc.transact(() => workflowMaps(doc).meta.set('name', name), origin);
}

export function setWorkflowDescription(doc: Y.Doc, description: string, origin: TxOrigin): void {
  if (typeof description !== 'string')
    throw new TypeError('setWorkflowDescription: description must be a string');
  doc.transact(() => workflowMaps(doc).meta.set('description', description), origin);
}

/** The server points everyone editing the workflow at its newest run. */
export function setLastRunId(doc: Y.Doc, runId: string, origin: TxOrigin): void {
  if (!isValidId(runId)) throw new RangeError(`setLastRunId: invalid run id ${JSON.stringify(runId)}`);
  doc.transact(() => workflowMaps(doc).meta.set('lastRunId', runId), origin);
}

export interface WorkflowMeta {
  schemaVersion: number;
  name: string;
  description: string;
  lastRunId: string | null;
}

export function readWorkflowMeta(doc: Y.Doc): WorkflowMeta {
  const { meta } = workflowMaps(doc);
  const lastRunId = meta.get('lastRunId');
  return {
    schemaVersion: docSchemaVersion(doc),
    name: readString(meta.get('name'), ''),
    description: readString(meta.get('description'), ''),
    lastRunId: typeof lastRunId === 'string' && isValidId(lastRunId) ? lastRunId : null,
  };
}
