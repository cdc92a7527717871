import type { Hocuspocus } from '@hocuspocus/server';
import {
  createWorkflowEntry,
  indexDocName,
  newId,
  readWorkflowIndex,
  SERVER_ORIGIN,
  summarizeWorkflowGraph,
  type WorkflowGraph,
  workflowDocName,
  writeWorkflowGraph,
} from '@synapse/schema';
import type { Principal } from '../auth/Principal';
import type { DurablePersistence } from '../sync/createDurablePersistence';
import { writeThroughScratchDoc } from './writeThroughScratchDoc';

export interface WorkflowCreation {
  sync: Hocuspocus;
  persistence: DurablePersistence;
  now(): number;
}

/**
 * Creates a workflow the way the web app's list does — a workflow document holding the graph, then its
 * entry in the workspace index — but on the server, through direct connections, so anyone with the
 * workflow or the list open sees it arrive. Resolves once both documents are durable.
 */
export async function createWorkflowFromGraph(
  deps: WorkflowCreation,
  request: {
    workspaceId: string;
    graph: WorkflowGraph;
    name: string;
    principal?: Principal;
    workflowId?: string;
  },
): Promise<{ workflowId: string; name: string }> {
  const workflowId = request.workflowId ?? newId();
  const context = request.principal ? { principal: request.principal } : {};
  const workflowName = workflowDocName(request.workspaceId, workflowId);
  const workflow = await deps.sync.openDirectConnection(workflowName, context);
  try {
    const doc = workflow.document;
    if (!doc) throw new Error(`workflow document ${workflowName} did not open`);
    writeThroughScratchDoc(
      doc,
      (scratch) => writeWorkflowGraph(scratch, { ...request.graph, name: request.name }, SERVER_ORIGIN),
      SERVER_ORIGIN,
    );
    await deps.persistence.whenDurable(workflowName);
  } finally {
    await workflow.disconnect();
  }
  // The entry goes in after the document is durable: a list never links to a workflow that is not there.
  const indexName = indexDocName(request.workspaceId);
  const index = await deps.sync.openDirectConnection(indexName, context);
  try {
    const doc = index.document;
    if (!doc) throw new Error(`index document ${indexName} did not open`);
    const createdAt = deps.now();
    writeThroughScratchDoc(
      doc,
      (scratch) =>
        createWorkflowEntry(
          scratch,
          workflowId,
          { name: request.name, createdAt, preview: summarizeWorkflowGraph(request.graph) },
          SERVER_ORIGIN,
        ),
      SERVER_ORIGIN,
    );
    await deps.persistence.whenDurable(indexName);
  } finally {
    await index.disconnect();
  }
  return { workflowId, name: request.name };
}

/** Workflow id → name from the workspace index document. */
export async function readWorkflowNames(
  sync: Hocuspocus,
  workspaceId: string,
): Promise<Record<string, string>> {
  const connection = await sync.openDirectConnection(indexDocName(workspaceId), {});
  try {
    const doc = connection.document;
    return doc ? Object.fromEntries(readWorkflowIndex(doc).map((entry) => [entry.id, entry.name])) : {};
  } finally {
    await connection.disconnect();
  }
}
