import type { Hocuspocus } from '@hocuspocus/server';
import { addNode, connect, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { DEV_USER } from '../../auth/Principal';
import type { SyncContext } from '../../sync/SyncContext';
import type { TestClient } from './requestAs';

/**
 * Writes a workflow `Input (topic, required) → Result` into `default` and publishes it as `owner`, for
 * tests of what runs the published version (the run API, webhooks, schedules). Returns the version id.
 */
export async function seedPublishedWorkflow(
  sync: Hocuspocus<SyncContext>,
  owner: TestClient,
  workflowId: string,
): Promise<string> {
  const connection = await sync.openDirectConnection(workflowDocName('default', workflowId), {
    principal: DEV_USER,
    sessionId: null,
  });
  const doc = connection.document;
  if (!doc) throw new Error('no document');
  initWorkflowDoc(doc, { name: workflowId }, USER_ORIGIN);
  const input = addNode(
    doc,
    {
      type: 'input',
      position: { x: 0, y: 0 },
      data: { label: 'Input', variables: [{ name: 'topic', type: 'string', default: '', required: true }] },
    },
    USER_ORIGIN,
  );
  const output = addNode(
    doc,
    { type: 'output', position: { x: 300, y: 0 }, data: { label: 'Result' } },
    USER_ORIGIN,
  );
  connect(doc, { source: input, target: output }, USER_ORIGIN);
  await connection.disconnect();
  const saved = await owner.request(`/api/workspaces/default/workflows/${workflowId}/versions`, {
    body: { name: 'Release 1' },
  });
  const { version } = (await saved.json()) as { version: { id: string } };
  const published = await owner.request(
    `/api/workspaces/default/workflows/${workflowId}/versions/${version.id}/publish`,
    { method: 'POST' },
  );
  if (published.status !== 200)
    throw new Error(`publish: HTTP ${published.status} ${await published.text()}`);
  return version.id;
}
