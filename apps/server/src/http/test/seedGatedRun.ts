import type { Hocuspocus } from '@hocuspocus/server';
import { createRunApprovalsRepo, createRunsRepo, type Database } from '@synapse/db';
import {
  addNode,
  connect,
  initWorkflowDoc,
  runDocName,
  SERVER_ORIGIN,
  setNodeField,
  USER_ORIGIN,
  updateNodeRun,
  workflowDocName,
} from '@synapse/schema';
import { DEV_USER } from '../../auth/Principal';
import type { SyncContext } from '../../sync/SyncContext';
import type { TestClient } from './requestAs';

/** Writes `Input → Human approval (key gate) → Output on approved` into `default`; returns the gate's id. */
export async function seedGatedWorkflow(sync: Hocuspocus<SyncContext>, workflowId: string): Promise<string> {
  const connection = await sync.openDirectConnection(workflowDocName('default', workflowId), {
    principal: DEV_USER,
    sessionId: null,
  });
  const doc = connection.document;
  if (!doc) throw new Error('no document');
  initWorkflowDoc(doc, { name: 'Gated' }, USER_ORIGIN);
  const input = addNode(doc, { type: 'input', position: { x: 0, y: 0 } }, USER_ORIGIN);
  const gateId = addNode(doc, { type: 'approval', position: { x: 200, y: 0 } }, USER_ORIGIN);
  setNodeField(doc, gateId, 'key', 'gate', USER_ORIGIN);
  const output = addNode(doc, { type: 'output', position: { x: 400, y: 0 } }, USER_ORIGIN);
  connect(doc, { source: input, target: gateId }, USER_ORIGIN);
  connect(doc, { source: gateId, sourceHandle: 'approved', target: output }, USER_ORIGIN);
  await connection.disconnect();
  return gateId;
}

/**
 * A run of the gated workflow parked at its gate, as a runner leaves it: started by `starter` through the
 * API, then claimed, asked and parked through the repositories (no runner in route tests).
 */
export async function parkedRun(
  t: { database: Database; sync: Hocuspocus<SyncContext> },
  starter: TestClient,
  workflowId: string,
  gateId: string,
): Promise<string> {
  const started = await starter.request(`/api/workspaces/default/workflows/${workflowId}/runs`, {
    body: { inputs: {} },
  });
  if (started.status !== 202) throw new Error(`run: HTTP ${started.status} ${await started.text()}`);
  const runId = ((await started.json()) as { run: { id: string } }).run.id;
  const claim = await createRunsRepo(t.database.sql).claim(runId, 'runner-test', Date.now());
  const approvals = createRunApprovalsRepo(t.database.sql);
  await approvals.request({ runId, nodeId: gateId, requestedAt: Date.now(), timeoutAt: null });
  if ((await approvals.park(runId, claim?.token ?? -1, [gateId], Date.now())) !== 'parked')
    throw new Error('the run did not park');
  const connection = await t.sync.openDirectConnection(runDocName('default', runId), {
    principal: DEV_USER,
    sessionId: null,
  });
  const doc = connection.document;
  if (!doc) throw new Error('no run document');
  updateNodeRun(
    doc,
    gateId,
    { status: 'waiting', approval: { message: 'Ship it?', fields: [], value: 'draft', requestedAt: 1 } },
    SERVER_ORIGIN,
  );
  await connection.disconnect();
  return runId;
}
