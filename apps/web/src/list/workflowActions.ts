import {
  createWorkflowEntry,
  initWorkflowDoc,
  newId,
  readWorkflow,
  removeWorkflowEntry,
  setWorkflowName,
  summarizeWorkflowGraph,
  USER_ORIGIN,
  updateWorkflowEntry,
  type WorkflowGraph,
  workflowDocName,
  writeWorkflowGraph,
} from '@synapse/schema';
import { downloadWorkflowFileWithCalls } from '../io/downloadWorkflowFile';
import { fileGraphOf } from '../io/exportWorkflow';
import { acquireDocument } from '../sync/acquireDocument';
import type { SyncedDocument } from '../sync/openDocument';
import { readDocument } from '../sync/readDocument';

// What the list's buttons and menus do. Every action works offline: documents are written locally
// and sync (or are uploaded in the background) when a connection exists.

export const NEW_WORKFLOW_NAME = 'Untitled workflow';

/**
 * Creates a workflow document — empty, or holding `graph` — and its index entry, and returns its id.
 * The id is fresh and random, so this replica is the entry's only creator (see createWorkflowEntry).
 */
export async function createWorkflow(
  index: SyncedDocument,
  workspaceId: string,
  init: { name: string; graph?: WorkflowGraph },
): Promise<string> {
  const workflowId = newId();
  // The editor acquires the same document right after navigating, so this lease hands it over warm.
  const lease = acquireDocument(workflowDocName(workspaceId, workflowId), { readOnly: false });
  try {
    const workflow = await lease.ready;
    if (init.graph) writeWorkflowGraph(workflow.doc, { ...init.graph, name: init.name }, USER_ORIGIN);
    else initWorkflowDoc(workflow.doc, { name: init.name }, USER_ORIGIN);
    const now = Date.now();
    const preview = summarizeWorkflowGraph(readWorkflow(workflow.doc));
    createWorkflowEntry(index.doc, workflowId, { name: init.name, createdAt: now, preview }, USER_ORIGIN);
    return workflowId;
  } finally {
    lease.release();
  }
}

export class WorkflowUnavailableError extends Error {}

function unavailable(): WorkflowUnavailableError {
  return new WorkflowUnavailableError(
    navigator.onLine
      ? 'The server does not have this workflow.'
      : 'It has not been opened on this device yet, so it is not available offline.',
  );
}

/** Copies another workflow's graph into a new workflow named "<name> (copy)". */
export async function duplicateWorkflow(
  index: SyncedDocument,
  workspaceId: string,
  source: { id: string; name: string },
): Promise<{ id: string; name: string }> {
  const graph = await readDocument(workflowDocName(workspaceId, source.id), readWorkflow);
  if (!graph) throw unavailable();
  const name = `${source.name || graph.name || NEW_WORKFLOW_NAME} (copy)`;
  return { id: await createWorkflow(index, workspaceId, { name, graph }), name };
}

/** Renames in both places people see the name: the list (index entry) and the editor (document). */
export async function renameWorkflow(
  index: SyncedDocument,
  workspaceId: string,
  workflowId: string,
  name: string,
): Promise<void> {
  updateWorkflowEntry(index.doc, workflowId, { name, updatedAt: Date.now() }, USER_ORIGIN);
  const lease = acquireDocument(workflowDocName(workspaceId, workflowId), { readOnly: false });
  try {
    const workflow = await lease.ready;
    setWorkflowName(workflow.doc, name, USER_ORIGIN);
  } finally {
    lease.release();
  }
}

export function setWorkflowArchived(index: SyncedDocument, workflowId: string, archived: boolean): void {
  updateWorkflowEntry(index.doc, workflowId, { archived }, USER_ORIGIN);
}

/** Removes the list entry for everyone; the workflow document itself stays on the server. */
export function deleteWorkflow(index: SyncedDocument, workflowId: string): void {
  removeWorkflowEntry(index.doc, workflowId, USER_ORIGIN);
}

/**
 * Downloads the workflow's file with the workflows its Sub-workflow nodes call; what could not be
 * bundled (offline, say) comes back as a notice, the file itself still downloads.
 */
export async function exportWorkflowById(workspaceId: string, workflowId: string): Promise<string | null> {
  const graph = await readDocument(workflowDocName(workspaceId, workflowId), fileGraphOf);
  if (!graph) throw unavailable();
  return downloadWorkflowFileWithCalls(graph, { workspaceId, workflowId });
}
