// Shared by the Sub-workflow browser tests: what a workflow needs beyond its document before another
// workflow can call it — an entry in the workspace index, and saved (and published) versions.
import { createWorkflowEntry, indexDocName, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { expect } from 'vitest';
import type * as Y from 'yjs';
import { eventually, openDoc } from '../test/integration/support/openDoc';
import type { EditorHarness } from './editor-harness';

/** Lists workflows in the workspace index as their creator would (seedWorkflow writes only the document). */
export async function listInIndex(h: EditorHarness, entries: { id: string; name: string }[]): Promise<void> {
  const index = openDoc(h.stack.syncUrl, indexDocName('default'), () => h.ada.syncToken());
  try {
    await index.synced();
    for (const e of entries)
      createWorkflowEntry(index.doc, e.id, { name: e.name, createdAt: Date.now() }, USER_ORIGIN);
    await eventually(() => index.provider.unsyncedChanges === 0, 'index saved');
  } finally {
    index.destroy();
  }
}

/** Saves the workflow as the server holds it under `name` (and publishes it when asked); the version id. */
export async function saveVersion(
  h: EditorHarness,
  workflowId: string,
  name: string,
  publish = false,
): Promise<string> {
  const base = `/api/workspaces/default/workflows/${workflowId}/versions`;
  const saved = await h.ada.request(base, { body: { name } });
  expect(saved.status).toBe(201);
  const { version } = (await saved.json()) as { version: { id: string } };
  if (publish) expect((await h.ada.request(`${base}/${version.id}/publish`, { body: {} })).status).toBe(200);
  return version.id;
}

/** Changes a workflow's document as another of Ada's clients would, and waits until the server has it. */
export async function editWorkflow(
  h: EditorHarness,
  workflowId: string,
  edit: (doc: Y.Doc) => void,
): Promise<void> {
  const flow = openDoc(h.stack.syncUrl, workflowDocName('default', workflowId), () => h.ada.syncToken());
  try {
    await flow.synced();
    edit(flow.doc);
    await eventually(() => flow.provider.unsyncedChanges === 0, 'workflow saved');
  } finally {
    flow.destroy();
  }
}
